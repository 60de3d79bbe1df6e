package org.releasegate.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The command-line side of the benchmarks: the baselines run as an administrator would type them. */
final class Shell {

    private Shell() {
    }

    /** Runs {@code command} with bash (pipefail: a failing tar or zstd fails the pipeline), failing on non-zero exit. */
    static void run(String command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(false);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException("`" + command + "` failed with exit code " + exit + ": " + errors);
        }
    }

    /** True when {@code tool} is on the PATH. */
    static boolean has(String tool) {
        try {
            run("command -v " + tool, Map.of());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
