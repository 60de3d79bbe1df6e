package org.releasegate.installation;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the installers do with the programs they start: stop a whole process tree, read the end of a log. */
final class ChildProcesses {

    private static final int TAIL_LINES = 20;
    private static final int TAIL_BYTES = 8192;
    private static final long EXIT_WAIT_SECONDS = 10;

    private ChildProcesses() {
    }

    /**
     * Kills {@code root} and every process below it: a shell script's children would otherwise go on installing
     * after the script is gone. The tree is listed before anything is killed, since a killed parent's children are
     * handed to init and no longer show as its descendants.
     *
     * @return how many descendants were killed
     */
    static int killTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        tree.forEach(ProcessHandle::destroyForcibly);
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // SIGKILL cannot be refused; a process not seen gone yet is a zombie waiting for its parent to reap it.
        }
        return tree.size() - 1;
    }

    /**
     * Gives a vendor's program our variables, and none of Release Gate's own settings (database, worker
     * credentials): they are none of its business.
     */
    static void setEnvironment(ProcessBuilder builder, Map<String, String> variables) {
        builder.environment().keySet().removeIf(name -> name.startsWith("RELEASEGATE_") || name.startsWith("SPRING_"));
        builder.environment().putAll(variables);
    }

    /** The last lines of a log, read from its end so a huge log costs nothing. */
    static String tail(Path log) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).strip().split("\n"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        }
    }
}
