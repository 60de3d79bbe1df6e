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
}
