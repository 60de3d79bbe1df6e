package org.releasegate.command;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the program a command line starts the way the system would, to say plainly why it cannot run. */
public final class Executables {

    /** The program found, or why not; both empty when it cannot be told without a working directory. */
    private record Lookup(Optional<Path> program, Optional<String> problem) {

        static Lookup found(Path program) {
            return new Lookup(Optional.of(program), Optional.empty());
        }

        static Lookup problem(String problem) {
            return new Lookup(Optional.empty(), Optional.of(problem));
        }
    }

    private Executables() {
    }

    /**
     * The program as an absolute path: a name with a {@code /} is taken relative to the working directory, a bare
     * name is looked up on the {@code PATH}.
     *
     * @throws IllegalStateException when it does not exist or is not executable
     */
    public static Path resolve(String program, Path workingDirectory) {
        Lookup lookup = lookup(program, workingDirectory);
        return lookup.program().orElseThrow(() -> new IllegalStateException(
                lookup.problem().orElse("program " + program + " cannot be run")));
    }

    /** Why {@code program} cannot be started, empty when it can (or when that cannot be told without a working folder). */
    public static Optional<String> problem(String program, Path workingDirectory) {
        return lookup(program, workingDirectory).problem();
    }

    private static Lookup lookup(String program, Path workingDirectory) {
        return program.contains("/") ? lookupPath(program, workingDirectory) : lookupOnPath(program);
    }

    private static Lookup lookupPath(String program, Path workingDirectory) {
        Path file;
        try {
            file = Path.of(program);
        } catch (InvalidPathException e) {
            return Lookup.problem("program '" + program + "' is not a valid path");
        }
        if (!file.isAbsolute()) {
            if (workingDirectory == null) {
                return new Lookup(Optional.empty(), Optional.empty());
            }
            file = workingDirectory.resolve(file);
        }
        file = file.toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            return Lookup.problem("program " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            return Lookup.problem("program " + file + " is not a file");
        }
        if (!Files.isExecutable(file)) {
            return Lookup.problem("program " + file + " is not executable (chmod +x it, or start it with sh)");
        }
        return Lookup.found(file);
    }

    private static Lookup lookupOnPath(String program) {
        String path = System.getenv("PATH");
        if (!program.isEmpty() && path != null) {
            for (String folder : path.split(File.pathSeparator)) {
                Path candidate = folder.isEmpty() ? null : Path.of(folder, program);
                if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Lookup.found(candidate.toAbsolutePath());
                }
            }
        }
        return Lookup.problem("program '" + program + "' is not found on the PATH (" + path + ")");
    }
}
