package org.releasegate.installation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.releasegate.command.ChildProcess;

/** The end of an install log, as the release shows it. */
final class ChildProcesses {

    private static final int TAIL_LINES = 20;
    private static final int TAIL_BYTES = 8192;

    private ChildProcesses() {
    }

    /** The last lines of a log, read from its end so a huge log costs nothing. */
    static String tail(Path log) throws IOException {
        List<String> lines = Arrays.asList(ChildProcess.tail(log, TAIL_BYTES).strip().split("\n"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    /**
     * The last lines of what the program wrote, as a person reads them in a decision or the report: without Release
     * Gate's own lines (« # »: the command, its environment, its exit code, which the message or the server's log
     * says), and with the server paths of {@code root} (the install root, a version folder) written relative to it.
     */
    static String tailForPeople(Path log, Path... roots) throws IOException {
        List<String> lines = Arrays.stream(ChildProcess.tail(log, TAIL_BYTES).strip().split("\n"))
                .filter(line -> !line.startsWith("# ")).toList();
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())).strip();
        for (Path root : roots) {
            String absolute = root.toAbsolutePath().normalize().toString();
            tail = tail.replace(absolute + "/", "").replace(absolute, ".");
        }
        return tail;
    }

    /** A message followed by the program's last lines, on their own lines, when it wrote any. */
    static String withTail(String message, String tail) {
        return tail.isEmpty() ? message : message + "\n" + tail;
    }
}
