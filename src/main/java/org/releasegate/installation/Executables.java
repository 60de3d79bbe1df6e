package org.releasegate.installation;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the program a command line starts the way the system would, to say plainly why it cannot run. */
final class Executables {

    private Executables() {
    }

    /**
     * The program as an absolute path: a name with a {@code /} is taken relative to the working directory, a bare
     * name is looked up on the {@code PATH}.
     *
     * @throws IllegalStateException when it does not exist or is not executable
     */
    static Path resolve(String program, Path workingDirectory) {
        return find(program, workingDirectory).orElseThrow(() -> new IllegalStateException(problem(program, workingDirectory)
                .orElse("program " + program + " cannot be run")));
    }

    /** Why {@code program} cannot be started, empty when it can (or when that cannot be told without a working directory). */
    static Optional<String> problem(String program, Path workingDirectory) {
        if (!program.contains("/")) {
            return find(program, workingDirectory).isPresent() ? Optional.empty()
                    : Optional.of("program '" + program + "' is not found on the PATH (" + System.getenv("PATH") + ")");
        }
        Path file;
        try {
            file = Path.of(program);
        } catch (InvalidPathException e) {
            return Optional.of("program '" + program + "' is not a valid path");
        }
        if (!file.isAbsolute()) {
            if (workingDirectory == null) {
                return Optional.empty();
            }
            file = workingDirectory.resolve(file).normalize();
        }
        if (!Files.exists(file)) {
            return Optional.of("program " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            return Optional.of("program " + file + " is not a file");
        }
        if (!Files.isExecutable(file)) {
            return Optional.of("program " + file + " is not executable (chmod +x it, or start it with sh)");
        }
        return Optional.empty();
    }

    private static Optional<Path> find(String program, Path workingDirectory) {
        if (program.contains("/")) {
            if (problem(program, workingDirectory).isPresent()) {
                return Optional.empty();
            }
            Path file = Path.of(program);
            return Optional.of(file.isAbsolute() || workingDirectory == null ? file.toAbsolutePath()
                    : workingDirectory.resolve(file).toAbsolutePath().normalize());
        }
        String path = System.getenv("PATH");
        if (path == null || program.isEmpty()) {
            return Optional.empty();
        }
        for (String folder : path.split(File.pathSeparator)) {
            if (folder.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(folder, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
