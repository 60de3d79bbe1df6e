package org.releasegate.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.releasegate.environment.Environments;
import org.releasegate.files.FileTrees;

/**
 * The demo's servers laid out in a temporary folder of a test's own, and the nodes started on them: what the crash
 * tests and the two-node tests share. Closing it stops every node still running (SIGTERM, then SIGKILL) and deletes the
 * folder.
 */
final class DemoHome implements AutoCloseable {

    private final Path home;
    private final List<ChildApplication> nodes = new ArrayList<>();

    private DemoHome(Path home) {
        this.home = home;
    }

    static DemoHome create(String prefix) throws IOException {
        return new DemoHome(Files.createTempDirectory(prefix));
    }

    /** The temporary folder: the demo's root and whatever a test keeps beside it (an H2 engine database). */
    Path home() {
        return home;
    }

    Path demo() {
        return home.resolve("demo");
    }

    Path data(String environment) {
        return demo().resolve(environment + "/data");
    }

    Path installRoot(String environment) {
        return demo().resolve(environment + "/app");
    }

    Path archives() {
        return demo().resolve("archives");
    }

    /**
     * A node's arguments for these folders: the {@code profiles} (the demo's among them), the models of this checkout,
     * workers that poll and retry often, and steps locked for {@code lock} — the time a step a killed node held stays
     * taken. Mutable: a test adds its database's.
     */
    List<String> nodeArguments(String profiles, Duration lock) {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=" + profiles,
                "--releasegate.models.folder=" + Path.of("bpmn").toAbsolutePath(),
                "--releasegate.demo.root=" + demo(),
                "--releasegate.inbox=" + demo().resolve("inbox"),
                "--releasegate.archive.root=" + archives(),
                "--releasegate.strategic-processes-file=" + demo().resolve("strategic-processes.yaml"),
                "--releasegate.worker.retry-delay=500ms",
                "--releasegate.worker.long-polling=1s",
                "--releasegate.worker.lock-duration=" + lock.toSeconds() + "s"));
        for (String environment : List.of(Environments.PRODUCTION, Environments.TEST)) {
            arguments.add("--releasegate.environments." + environment + ".install-root=" + installRoot(environment));
            arguments.add("--releasegate.environments." + environment + ".data.path=" + data(environment));
        }
        return arguments;
    }

    /** {@code node}, to be stopped when this closes. */
    ChildApplication track(ChildApplication node) {
        synchronized (nodes) {
            nodes.add(node);
        }
        return node;
    }

    @Override
    public void close() throws Exception {
        synchronized (nodes) {
            for (ChildApplication node : nodes) {
                node.close();
            }
        }
        FileTrees.deleteRecursively(home);
    }
}
