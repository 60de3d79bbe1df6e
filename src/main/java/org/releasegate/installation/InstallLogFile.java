package org.releasegate.installation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.FileValue;
import org.releasegate.message.Messages;

/**
 * The whole install log as a file variable of the release, for its report to offer as a download: the engine keeps
 * every update of it in its history database, so whichever node ran the install (an agent on production's server
 * included) and whichever engine node serves the report, the log is there, also after the release ended.
 * <p>
 * It is the log as people read it (as {@link ChildProcesses#tailForPeople}): without Release Gate's own lines
 * (« # »: the command and its environment) and with the install root written « . ». A log over {@link #MAX_BYTES}
 * keeps its beginning and its end, the two parts that say what was run and how it ended, with a line between them
 * that says how much was left out; the whole log stays on the environment's server.
 */
final class InstallLogFile {

    /** One MiB: a vendor installer's log is rarely larger, and the engine's database and history keep every one. */
    static final int MAX_BYTES = 1024 * 1024;
    private static final int HEAD_BYTES = MAX_BYTES / 4;

    private InstallLogFile() {
    }

    /** @param name the log's name relative to the install root ({@code logs/install-1.1-<task>.log}) */
    static FileValue of(Path log, Path installRoot, String name) throws IOException {
        byte[] bytes = forPeople(log, installRoot);
        return Variables.fileValue(fileName(name)).file(bytes).mimeType("text/plain").encoding(StandardCharsets.UTF_8)
                .create();
    }

    static byte[] forPeople(Path log, Path installRoot) throws IOException {
        long size = Files.size(log);
        String text;
        if (size <= MAX_BYTES) {
            text = clean(new String(Files.readAllBytes(log), StandardCharsets.UTF_8), installRoot);
        } else {
            // Only the kept parts are read: a log of gigabytes costs two small reads.
            String head = read(log, 0, HEAD_BYTES);
            String tail = read(log, size - (MAX_BYTES - HEAD_BYTES), MAX_BYTES - HEAD_BYTES);
            text = clean(head.substring(0, Math.max(0, head.lastIndexOf('\n') + 1)), installRoot)
                    + Messages.text("installation.log.cut", size - MAX_BYTES) + "\n"
                    + clean(tail.substring(tail.indexOf('\n') + 1), installRoot);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String clean(String text, Path installRoot) {
        String absolute = installRoot.toAbsolutePath().normalize().toString();
        return Arrays.stream(text.split("\n", -1)).filter(line -> !line.startsWith("# "))
                .map(line -> line.replace(absolute + "/", "").replace(absolute, "."))
                .collect(Collectors.joining("\n"));
    }

    private static String read(Path log, long from, int length) throws IOException {
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(from);
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
    }

    private static String fileName(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
