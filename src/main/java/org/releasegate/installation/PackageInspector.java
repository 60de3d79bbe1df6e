package org.releasegate.installation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import org.releasegate.files.FolderDigest;
import org.releasegate.message.Messages;

/**
 * Reads a package's descriptor and checks every entry as the extractor would, so that a package is judged
 * before anything is written.
 */
public class PackageInspector {

    // The version names a folder: no separators, no leading dot.
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,99}");

    /**
     * @throws PackageRejectedException when the file is not a zip or tar.gz, or its descriptor is missing or
     *                                  invalid
     * @throws UnsafePackageException   when an entry escapes the package root, is a link or a special file
     */
    public InstallerPackage inspect(Path file) throws IOException {
        String sha256 = FolderDigest.sha256(file);
        Set<String> files = new HashSet<>();
        Properties[] descriptor = {null};
        PackageReader.read(file, (entry, content) -> {
            String name = EntryNames.relative(entry.name());
            EntryNames.requirePlain(entry);
            if (entry.type() == PackageEntry.Type.FILE) {
                if (!files.add(name)) {
                    throw new UnsafePackageException(Messages.text("installation.entry.twice", entry.name()));
                }
                if (name.equals(Descriptor.FILE_NAME)) {
                    descriptor[0] = Descriptor.parse(content, file.getFileName().toString());
                }
            }
        });
        if (descriptor[0] == null) {
            throw new PackageRejectedException(Messages.text("installation.package.no-descriptor", file.getFileName(),
                    Descriptor.FILE_NAME));
        }
        String product = required(descriptor[0], "product", file);
        String version = required(descriptor[0], "version", file);
        if (!VERSION.matcher(version).matches()) {
            throw new PackageRejectedException(Messages.text("installation.package.version-malformed",
                    file.getFileName(), version));
        }
        return new InstallerPackage(file, product, version, migrateScript(descriptor[0], files, file), sha256);
    }

    private static String required(Properties descriptor, String key, Path file) {
        String value = descriptor.getProperty(key, "").trim();
        if (value.isEmpty()) {
            throw new PackageRejectedException(Messages.text("installation.package.descriptor-lacks",
                    file.getFileName(), Descriptor.FILE_NAME, key));
        }
        return value;
    }

    private static Optional<String> migrateScript(Properties descriptor, Set<String> files, Path file) {
        String declared = descriptor.getProperty("migrate", "").trim();
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        String script;
        try {
            script = EntryNames.relative(declared);
        } catch (UnsafePackageException e) {
            throw new PackageRejectedException(Messages.text("installation.package.migration-unsafe",
                    file.getFileName(), e.getMessage()));
        }
        if (!files.contains(script)) {
            throw new PackageRejectedException(Messages.text("installation.package.migration-missing",
                    file.getFileName(), declared));
        }
        return Optional.of(script);
    }
}
