package org.releasegate.installation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.releasegate.data.FolderCopier;
import org.releasegate.files.FileTrees;
import org.releasegate.files.FolderDigest;
import org.releasegate.data.StagedCopy;
import org.releasegate.message.Messages;

/**
 * Installs a package into {@code installRoot/versions/<version>-<sha12>}, migrates a staged copy of the data
 * when the package asks for it, then switches {@code installRoot/current} to the new folder. Every step can be
 * repeated: a re-delivered task reuses the unpacked folder and does not migrate already migrated data.
 */
public class Installer implements InstallMethod {

    public static final Duration DEFAULT_MIGRATION_TIMEOUT = Duration.ofMinutes(10);

    static final String VERSIONS = "versions";
    static final String LOGS = "logs";
    /** Written last into an unpacked folder: a folder without it was never completely unpacked. */
    static final String INSTALLED_MARKER = ".installed";
    /** Records which data a version folder's migration produced, so that a retry does not migrate twice. */
    static final String MIGRATED_MARKER = ".migrated-data";

    private static final Pattern STAGING = Pattern.compile("\\.staging-[0-9a-f]{16}");
    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final PackageInspector inspector = new PackageInspector();
    private final PackageExtractor extractor;
    private final FolderCopier dataStore = new FolderCopier();
    private final MigrationRunner migrationRunner;

    public Installer(Clock clock) {
        this(clock, DEFAULT_MIGRATION_TIMEOUT, PackageExtractor.DEFAULT_MAX_TOTAL_BYTES);
    }

    public Installer(Clock clock, Duration migrationTimeout, long maxExtractedBytes) {
        this.clock = clock;
        this.extractor = new PackageExtractor(maxExtractedBytes);
        this.migrationRunner = new MigrationRunner(migrationTimeout);
    }

    /**
     * @throws ChecksumMismatchException when the package is not the expected bytes
     * @throws VersionMismatchException  when the package, or what {@code current} shows afterwards, is not the
     *                                   expected version ({@code current} is then switched back)
     * @throws PackageRejectedException  when the package is not a valid or safe package
     * @throws MigrationFailedException  when the migration script fails; data and {@code current} are untouched
     */
    @Override
    public InstallResult install(InstallRequest request) throws IOException {
        InstallerPackage pkg = inspector.inspect(request.packageFile());
        if (request.expectedSha256() != null && !request.expectedSha256().equals(pkg.sha256())) {
            throw new ChecksumMismatchException(Messages.text("installation.other-bytes", pkg.file().getFileName(),
                    pkg.sha256(), request.expectedSha256()));
        }
        if (!pkg.version().equals(request.expectedVersion())) {
            throw new VersionMismatchException(Messages.text("installation.version-mismatch",
                    pkg.file().getFileName(), pkg.version(), request.expectedVersion()));
        }
        Path installRoot = request.installRoot().toAbsolutePath().normalize();
        Path versionFolder = unpack(pkg, installRoot);
        Optional<Path> log = migrateData(pkg, versionFolder, request.dataFolder(), installRoot);

        Optional<Path> previous = CurrentLink.target(installRoot);
        CurrentLink.pointTo(installRoot, versionFolder);
        Optional<String> installed = installedVersion(installRoot);
        if (!installed.equals(Optional.of(request.expectedVersion()))) {
            CurrentLink.restore(installRoot, previous);
            throw new VersionMismatchException(Messages.text("installation.version-after-switch",
                    installed.orElseGet(() -> Messages.text("installation.version-nothing")), request.expectedVersion()),
                    "installed version reads " + installed.orElse("nothing") + " after the switch to " + versionFolder
                    + "; current was switched back");
        }
        return new InstallResult(pkg.version(), versionFolder, previous.filter(p -> !p.equals(versionFolder)),
                pkg.sha256(), log);
    }

    /** The version {@code installRoot/current} points to, empty when nothing is installed. */
    @Override
    public Optional<String> installedVersion(Path installRoot) throws IOException {
        Path current = installRoot.resolve(CurrentLink.NAME);
        if (!Files.exists(current)) {
            return Optional.empty();
        }
        return Descriptor.versionOf(current);
    }

    /** {@code installRoot/current}: the active version's folder, whichever it is. */
    @Override
    public Path installedFolder(Path installRoot) {
        return installRoot.toAbsolutePath().normalize().resolve(CurrentLink.NAME);
    }

    /** Unpacks into a staging folder renamed into place once complete; a complete folder is reused. */
    private Path unpack(InstallerPackage pkg, Path installRoot) throws IOException {
        Path versions = installRoot.resolve(VERSIONS);
        Path versionFolder = versions.resolve(pkg.version() + "-" + pkg.sha256().substring(0, 12));
        if (Files.isRegularFile(versionFolder.resolve(INSTALLED_MARKER))) {
            return versionFolder;
        }
        Files.createDirectories(versions);
        deleteDeadStagings(versions);
        FileTrees.deleteRecursively(versionFolder);
        Path staging = versions.resolve(".staging-" + FileTrees.randomSuffix());
        try {
            extractor.extract(pkg.file(), staging);
            Files.writeString(staging.resolve(INSTALLED_MARKER), "product=" + pkg.product() + "\nversion="
                    + pkg.version() + "\nsha256=" + pkg.sha256() + "\nunpackedAt=" + clock.instant() + "\n");
            FileTrees.fsyncRecursively(staging);
            Files.move(staging, versionFolder, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.fsyncDirectory(versions);
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteAfterFailure(staging, e);
            throw e;
        }
        return versionFolder;
    }

    /**
     * Runs the migration on a staged copy of the data and swaps it in only when the script succeeds. The digest
     * of the migrated data is recorded first: finding the data folder with that digest later means the data
     * was already migrated by an earlier attempt of this install.
     */
    private Optional<Path> migrateData(InstallerPackage pkg, Path versionFolder, Path dataFolder, Path installRoot)
            throws IOException {
        if (pkg.migrateScript().isEmpty() || dataFolder == null) {
            return Optional.empty();
        }
        Path data = dataFolder.toAbsolutePath().normalize();
        Path marker = versionFolder.resolve(MIGRATED_MARKER);
        if (alreadyMigrated(marker, data)) {
            return Optional.empty();
        }
        Path log = installRoot.resolve(LOGS)
                .resolve("install-" + pkg.version() + "-" + LOG_TIME.format(clock.instant()) + ".log");
        try (StagedCopy staged = dataStore.stage(data, data)) {
            migrationRunner.run(versionFolder.resolve(pkg.migrateScript().get()), versionFolder, staged.dir(), log);
            String migratedDigest = FolderDigest.treeSha256(FolderDigest.of(staged.dir()));
            Properties migrated = new Properties();
            migrated.setProperty("data", data.toString());
            migrated.setProperty("treeSha256", migratedDigest);
            try (var out = Files.newBufferedWriter(marker, StandardCharsets.UTF_8)) {
                migrated.store(out, "data migrated by this version's migration script");
            }
            FileTrees.fsyncFile(marker);
            staged.publish();
        }
        return Optional.of(log);
    }

    private static boolean alreadyMigrated(Path marker, Path data) throws IOException {
        Properties migrated = new Properties();
        try (InputStream in = Files.newInputStream(marker)) {
            migrated.load(in);
        } catch (NoSuchFileException e) {
            return false;
        }
        return data.toString().equals(migrated.getProperty("data")) && Files.isDirectory(data)
                && FolderDigest.treeSha256(FolderDigest.of(data)).equals(migrated.getProperty("treeSha256"));
    }

    private static void deleteDeadStagings(Path versions) throws IOException {
        try (Stream<Path> children = Files.list(versions)) {
            for (Path child : children.filter(p -> STAGING.matcher(p.getFileName().toString()).matches()).toList()) {
                FileTrees.deleteRecursively(child);
            }
        }
    }
}
