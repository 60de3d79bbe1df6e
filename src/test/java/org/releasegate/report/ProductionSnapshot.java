package org.releasegate.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import org.releasegate.data.FileTrees;

/**
 * A copy of the demo production server (program and data, links kept as links), to put it back after a test that
 * released into it: the Spring tests share one demo world, and others expect production as the demo lays it out.
 */
final class ProductionSnapshot {

    private final Path production;
    private final Path copy;

    private ProductionSnapshot(Path production, Path copy) {
        this.production = production;
        this.copy = copy;
    }

    static ProductionSnapshot of(Path production) throws IOException {
        Path copy = Files.createTempDirectory("production-snapshot").resolve("production");
        copyTree(production, copy);
        return new ProductionSnapshot(production, copy);
    }

    void restore() throws IOException {
        FileTrees.deleteRecursively(production);
        copyTree(copy, production);
        FileTrees.deleteRecursively(copy.getParent());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(from)) {
            paths = walk.toList();
        }
        for (Path path : paths) {
            Path target = to.resolve(from.relativize(path).toString());
            if (Files.isSymbolicLink(path)) {
                Files.createSymbolicLink(target, Files.readSymbolicLink(path));
            } else if (Files.isDirectory(path)) {
                Files.createDirectories(target);
            } else {
                Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
