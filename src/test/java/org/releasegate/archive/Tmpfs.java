package org.releasegate.archive;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small real file system (Linux tmpfs, needs root) for full-disk tests: writes beyond its size fail with the
 * kernel's own "No space left on device". The test is skipped where it cannot be mounted. Mounted over a folder
 * that has content, it hides that content until unmounted.
 */
public final class Tmpfs implements AutoCloseable {

    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    public static Tmpfs mount(Path mountPoint, String size) throws IOException, InterruptedException {
        boolean mounted;
        try {
            mounted = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
        } catch (IOException e) {
            mounted = false;
        }
        assumeTrue(mounted, "cannot mount a tmpfs here (not root?)");
        return new Tmpfs(mountPoint);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!run("umount", mountPoint.toString())) {
            throw new IOException("could not unmount the test tmpfs at " + mountPoint);
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
