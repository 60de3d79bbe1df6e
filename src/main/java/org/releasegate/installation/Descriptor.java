package org.releasegate.installation;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import org.releasegate.message.Messages;

/** The {@code package.properties} file at the root of a package, and so of every installed version folder. */
final class Descriptor {

    static final String FILE_NAME = "package.properties";

    // A descriptor is a few lines; a bigger one is not a descriptor and must not be loaded into memory.
    private static final int MAX_BYTES = 64 * 1024;

    private Descriptor() {
    }

    static Properties parse(InputStream content, String where) throws IOException {
        byte[] bytes = content.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new PackageRejectedException(Messages.text("installation.package.descriptor-too-large", where, FILE_NAME,
                    MAX_BYTES / 1024));
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw new PackageRejectedException(Messages.text("installation.package.descriptor-malformed", where, FILE_NAME),
                    where + ": " + FILE_NAME + " is malformed: " + e.getMessage(), e);
        }
        return properties;
    }

    /** The version recorded in a version folder, empty when it has no descriptor or no version in it. */
    static Optional<String> versionOf(Path folder) throws IOException {
        try (InputStream in = Files.newInputStream(folder.resolve(FILE_NAME))) {
            return Optional.ofNullable(parse(in, String.valueOf(folder.getFileName())).getProperty("version"))
                    .map(String::trim);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
