package org.releasegate.installation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.releasegate.command.ChildProcess;
import org.releasegate.command.Executables;

/** Reads the version a vendor installer left installed, with the environment's version command or version file. */
final class InstalledVersionReader {

    static final Duration TIMEOUT = Duration.ofMinutes(2);
    // A version is a line; more than this is not a version file and must not be loaded into memory (of what a
    // version command prints, the last bytes are kept).
    private static final int MAX_BYTES = 64 * 1024;
    private static final int MAX_SHOWN = 300;

    /**
     * @param version empty when nothing is installed: the version file or the version program does not exist
     * @param source  where it was read, for messages ({@code $ /opt/erp/bin/erp --version} or the file)
     * @param output  what was read there, shortened; when nothing is installed, why
     */
    record Reading(Optional<String> version, String source, String output) {
    }

    /** The version program ran but failed, or the version is not found in what it printed or in the file. */
    static final class UnreadableVersionException extends IOException {
        UnreadableVersionException(String message) {
            super(message);
        }
    }

    private final InstallerSettings settings;
    private final Pattern pattern;

    InstalledVersionReader(InstallerSettings settings) {
        this.settings = settings;
        this.pattern = settings.versionPattern() == null ? null : Pattern.compile(settings.versionPattern());
    }

    Reading read(Path installRoot, Path workingDirectory, Map<String, String> environment) throws IOException {
        Placeholders placeholders = Placeholders.of(Map.of(Placeholders.INSTALL_ROOT, installRoot.toString()));
        return settings.versionFile() != null
                ? readFile(installRoot.resolve(placeholders.substitute(settings.versionFile())))
                : runCommand(settings.versionCommand().stream().map(placeholders::substitute).toList(), workingDirectory,
                environment);
    }

    private Reading readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new Reading(Optional.empty(), file.toString(), "version file " + file + " does not exist");
        }
        String text;
        try (InputStream in = Files.newInputStream(file)) {
            text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
        }
        return new Reading(Optional.of(extract(text, file.toString())), file.toString(), shorten(text));
    }

    private Reading runCommand(List<String> command, Path workingDirectory, Map<String, String> environment)
            throws IOException {
        String source = "$ " + String.join(" ", command);
        if (!Files.isDirectory(workingDirectory)) {
            return new Reading(Optional.empty(), source, "working directory " + workingDirectory + " does not exist");
        }
        Optional<String> missing = Executables.problem(command.get(0), workingDirectory);
        if (missing.isPresent()) {
            return new Reading(Optional.empty(), source, missing.get());
        }
        ChildProcess.Result result = ChildProcess.run(command, environment, workingDirectory, TIMEOUT, MAX_BYTES);
        if (result.outcome().timedOut()) {
            throw new UnreadableVersionException(source + " did not answer within " + TIMEOUT.toSeconds() + " s");
        }
        if (result.outcome().exitCode() != 0) {
            throw new UnreadableVersionException(source + " failed with exit code " + result.outcome().exitCode()
                    + ": " + shorten(result.output()));
        }
        return new Reading(Optional.of(extract(result.output(), source)), source, shorten(result.output()));
    }

    /** The version in a text: what the pattern finds (its first group, or the whole match), or the first non-blank line. */
    private String extract(String text, String source) throws UnreadableVersionException {
        if (pattern != null) {
            Matcher matcher = pattern.matcher(text);
            if (matcher.find()) {
                String found = matcher.groupCount() > 0 && matcher.group(1) != null ? matcher.group(1) : matcher.group();
                if (!found.isBlank()) {
                    return found.strip();
                }
            }
            throw new UnreadableVersionException("version-pattern " + pattern + " finds no version in what "
                    + source + " gave: " + shorten(text));
        }
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst()
                .orElseThrow(() -> new UnreadableVersionException(source + " gave no version (empty)"));
    }

    private static String shorten(String text) {
        String stripped = text.strip();
        return stripped.length() <= MAX_SHOWN ? stripped : stripped.substring(0, MAX_SHOWN) + "…";
    }
}
