package org.releasegate.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.RejectedInputException;
import org.releasegate.files.FileDigest;
import org.releasegate.files.FolderDigest;
import org.releasegate.files.UnsupportedFileTypeException;

class ArchiveStoreTest {

    private static final Instant START = Instant.parse("2025-06-01T08:00:00Z");

    @TempDir
    Path work;

    private Path root;
    private final SteppingClock clock = new SteppingClock(START);
    private final ObjectMapper mapper = new ObjectMapper();
    private ArchiveStore store;

    @BeforeEach
    void createStore() {
        root = work.resolve("archives");
        store = new ArchiveStore(root, clock, mapper);
    }

    // --- round trips -------------------------------------------------------------------------------------------

    @Test
    void createPublishesOneCompressedFileWithAManifestOfEveryDigest() throws IOException {
        Archive archive = store.create("rel-42-data", ArchiveKind.PRODUCTION_DATA, "7.3.0", "production",
                ArchiveStoreTest::sampleContent);

        assertThat(archive.folder()).isEqualTo(root.resolve("rel-42-data"));
        assertThat(children(archive.folder())).containsExactlyInAnyOrder("content.tar.zst", "manifest.json");
        assertThat(archive.files()).extracting(FileDigest::path).containsExactly("README", "tables/customers.dat");
        assertThat(archive.files().get(1)).isEqualTo(new FileDigest("tables/customers.dat", 9, sha256Of("customers")));
        assertThat(archive.treeSha256()).isEqualTo(FolderDigest.treeSha256(archive.files()));
        assertThat(archive.archiveSize()).isEqualTo(Files.size(archive.archiveFile()));
        assertThat(archive.archiveSha256()).isEqualTo(FolderDigest.sha256(archive.archiveFile()));
        assertThat(archive.createdAt()).isEqualTo(START);

        JsonNode manifest = mapper.readTree(root.resolve("rel-42-data/manifest.json").toFile());
        assertThat(manifest.get("format").asText()).isEqualTo("release-gate-archive/2");
        assertThat(manifest.get("id").asText()).isEqualTo("rel-42-data");
        assertThat(manifest.get("kind").asText()).isEqualTo("PRODUCTION_DATA");
        assertThat(manifest.get("version").asText()).isEqualTo("7.3.0");
        assertThat(manifest.get("source").asText()).isEqualTo("production");
        assertThat(manifest.get("createdAt").asText()).isEqualTo("2025-06-01T08:00:00Z");
        assertThat(manifest.get("tool").asText()).isEqualTo("release-gate");
        assertThat(manifest.get("treeSha256").asText()).isEqualTo(archive.treeSha256());
        assertThat(manifest.get("files").get(1).get("path").asText()).isEqualTo("tables/customers.dat");
        assertThat(manifest.get("files").get(1).get("size").asLong()).isEqualTo(9);
        assertThat(manifest.get("directories").get(0).asText()).isEqualTo("tables");
        assertThat(manifest.get("content").get("file").asText()).isEqualTo("content.tar.zst");
        assertThat(manifest.get("content").get("compression").asText()).isEqualTo("zstd");
        assertThat(manifest.get("content").get("level").asInt()).isEqualTo(3);
        assertThat(manifest.get("content").get("size").asLong()).isEqualTo(archive.archiveSize());
        assertThat(manifest.get("content").get("sha256").asText()).isEqualTo(archive.archiveSha256());

        assertThat(store.verify("rel-42-data")).isEqualTo(archive);
        assertThat(store.verify("rel-42-data", VerificationDepth.DEEP)).isEqualTo(archive);
        assertThat(store.find("rel-42-data")).contains(archive);
        assertThat(children(root)).containsExactly("rel-42-data");

        Path extracted = work.resolve("extracted");
        assertThat(store.extractTo("rel-42-data", extracted)).isEqualTo(archive);
        assertThat(extracted.resolve("tables/customers.dat")).hasContent("customers");
        assertThat(FolderDigest.of(extracted)).isEqualTo(archive.files());
    }

    @Test
    void aFolderIsPackedInPlaceAndComesBackIdenticalWithEmptyFoldersPermissionsAndTimes() throws IOException {
        Path source = work.resolve("production-data");
        Files.createDirectories(source.resolve("tables/archive/2024"));
        Files.createDirectories(source.resolve("empty/inside"));
        byte[] noise = new byte[3 << 20];
        new Random(42).nextBytes(noise);
        Files.write(source.resolve("tables/archive/2024/blob.bin"), noise);
        Files.writeString(source.resolve("tables/clients.csv"), "id;nom\n1;Dupont\n".repeat(50_000));
        Files.writeString(source.resolve("données-é.txt"), "accents in the name");
        Files.writeString(source.resolve("secret.key"), "k");
        Files.setPosixFilePermissions(source.resolve("secret.key"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(source.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(source.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Path longName = source.resolve("a".repeat(120) + "/" + "b".repeat(120) + ".dat");
        Files.createDirectories(longName.getParent());
        Files.writeString(longName, "a path longer than tar's 100 characters");
        FileTime whole = FileTime.from(Instant.parse("2024-12-31T23:59:58Z"));
        Files.setLastModifiedTime(source.resolve("tables/clients.csv"), whole);
        List<FileDigest> before = FolderDigest.of(source);

        Archive archive = store.createFromFolder("data-1", ArchiveKind.PRODUCTION_DATA, "1.0", "production", source);

        assertThat(archive.files()).isEqualTo(before);
        assertThat(FolderDigest.of(source)).as("the source is only read").isEqualTo(before);
        assertThat(archive.archiveSize()).as("compressed: the 800 KB of text shrink, the noise does not grow much")
                .isLessThan(noise.length + 100_000L);
        assertThat(store.verify("data-1", VerificationDepth.DEEP)).isEqualTo(archive);

        Path extracted = work.resolve("restored");
        Files.createDirectory(extracted);
        store.extractTo("data-1", extracted);
        assertThat(FolderDigest.of(extracted)).isEqualTo(before);
        assertThat(extracted.resolve("empty/inside")).isEmptyDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(extracted.resolve("secret.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(extracted.resolve("run.sh"))))
                .isEqualTo("rwxr-x---");
        assertThat(Files.getLastModifiedTime(extracted.resolve("tables/clients.csv"))).isEqualTo(whole);
        assertThat(children(root)).containsExactly("data-1");
    }

    @Test
    void theArchiveFileOpensWithTheStandardTarAndZstdCommands() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")) && Files.isExecutable(Path.of("/usr/bin/zstd")),
                "tar and zstd commands not installed");
        Archive archive = createSample("a1");
        Path extracted = Files.createDirectory(work.resolve("by-hand"));

        Process tar = new ProcessBuilder("tar", "--zstd", "-xf", archive.archiveFile().toString(), "-C", extracted.toString())
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes())).isZero();
        assertThat(FolderDigest.of(extracted)).isEqualTo(archive.files());
    }

    @Test
    void aSingleFileIsArchivedAsTheOnlyMemberNamedAfterIt() throws IOException {
        Path installer = Files.writeString(work.resolve("gestan-1.1.zip"), "zip bytes");

        Archive archive = store.createFromFile("installer-1.1-t1", ArchiveKind.INSTALLER, "1.1", "inbox", installer);

        assertThat(archive.files()).containsExactly(new FileDigest("gestan-1.1.zip", 9, sha256Of("zip bytes")));
        Path extracted = work.resolve("installer");
        store.extractTo("installer-1.1-t1", extracted);
        assertThat(extracted.resolve("gestan-1.1.zip")).hasContent("zip bytes");

        Path link = Files.createSymbolicLink(work.resolve("gestan-latest.zip"), installer);
        assertThat(store.createFromFile("installer-1.1-t2", ArchiveKind.INSTALLER, "1.1", "inbox", link).files())
                .as("named as it was given").extracting(FileDigest::path).containsExactly("gestan-latest.zip");
    }

    @Test
    void compressionLevelIsConfigurable() throws IOException {
        ArchiveStore strong = new ArchiveStore(root, clock, mapper, new Compression(19, 0));
        Archive archive = strong.create("a19", ArchiveKind.PRODUCTION_DATA, "1", "test", ArchiveStoreTest::sampleContent);

        assertThat(mapper.readTree(archive.folder().resolve("manifest.json").toFile()).get("content").get("level").asInt())
                .isEqualTo(19);
        assertThat(store.verify("a19", VerificationDepth.DEEP)).isEqualTo(archive);
        assertThatThrownBy(() -> new Compression(0, 0)).hasMessageContaining("compression.level");
    }

    // --- idempotence and publication ---------------------------------------------------------------------------

    @Test
    void createIsIdempotentAndDoesNotRewriteAnExistingArchive() throws IOException {
        Archive first = createSample("a1");
        AtomicInteger writes = new AtomicInteger();

        Archive second = store.create("a1", ArchiveKind.PRODUCTION_DATA, "7.3.0", "production", files -> {
            writes.incrementAndGet();
            Files.writeString(files.resolve("other.txt"), "other");
        });

        assertThat(second).isEqualTo(first);
        assertThat(writes).hasValue(0);
        assertThat(children(root)).containsExactly("a1");
    }

    @Test
    void createRefusesToReuseAnExistingArchiveThatDoesNotVerify() throws IOException {
        Archive archive = createSample("a1");
        flipByte(archive.archiveFile(), 20);

        assertThatThrownBy(() -> createSample("a1"))
                .isInstanceOf(ArchiveCorruptedException.class)
                .satisfies(e -> assertThat(told(e)).contains("content.tar.zst has sha256"));
    }

    @Test
    void temporaryFoldersOfDeadAttemptsAreDeleted() throws IOException {
        Files.createDirectories(root.resolve(".tmp-a1-0123456789abcdef/staging"));
        Files.writeString(root.resolve(".tmp-a1-0123456789abcdef/content.tar.zst"), "half");
        Files.createDirectories(root.resolve(".tmp-a1-b-0123456789abcdef"));

        createSample("a1");

        assertThat(children(root)).containsExactlyInAnyOrder("a1", ".tmp-a1-b-0123456789abcdef");
    }

    @Test
    void listIsSortedByCreationAndLatestPicksTheNewestOfAKindAndVersion() throws IOException {
        createSample("c-data");
        clock.step(Duration.ofMinutes(1));
        store.create("b-installer", ArchiveKind.INSTALLER, "7.3.0", "pkg.zip", ArchiveStoreTest::sampleContent);
        clock.step(Duration.ofMinutes(1));
        createSample("a-data");
        clock.step(Duration.ofMinutes(1));
        store.create("d-data", ArchiveKind.PRODUCTION_DATA, "7.2.0", "production", ArchiveStoreTest::sampleContent);

        assertThat(store.list()).extracting(Archive::id).containsExactly("c-data", "b-installer", "a-data", "d-data");
        assertThat(store.latest(ArchiveKind.PRODUCTION_DATA, "7.3.0")).map(Archive::id).contains("a-data");
        assertThat(store.latest(ArchiveKind.INSTALLER, "7.3.0")).map(Archive::id).contains("b-installer");
        assertThat(store.latest(ArchiveKind.INSTALLER, "7.2.0")).isEmpty();
    }

    @Test
    void idsThatCouldLeaveTheRootAreRefused() {
        assertThatThrownBy(() -> store.find("../outside")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> createSample(".hidden")).isInstanceOf(IllegalArgumentException.class);
    }

    // --- damaged archives: refused by verify and by extractTo before anything is written ------------------------

    @Test
    void aFlippedByteInTheArchiveFileIsRefused() throws IOException {
        Archive archive = createSample("a1");
        flipByte(archive.archiveFile(), (int) archive.archiveSize() / 2);

        assertRefusedBeforeAnythingIsWritten("a1", "content.tar.zst has sha256");
    }

    @Test
    void aTruncatedArchiveFileIsRefused() throws IOException {
        Archive archive = createSample("a1");
        try (FileChannel channel = FileChannel.open(archive.archiveFile(), StandardOpenOption.WRITE)) {
            channel.truncate(archive.archiveSize() - 7);
        }

        assertRefusedBeforeAnythingIsWritten("a1", "content.tar.zst has " + (archive.archiveSize() - 7) + " bytes");
    }

    @Test
    void aMissingArchiveFileIsRefused() throws IOException {
        Files.delete(createSample("a1").archiveFile());

        assertRefusedBeforeAnythingIsWritten("a1", "content.tar.zst is missing");
    }

    @Test
    void anUnreadableManifestIsRefusedAndTheArchiveLeftOutOfTheList() throws IOException {
        Archive archive = createSample("a1");
        Files.writeString(archive.folder().resolve("manifest.json"), "{ not json");

        assertRefusedBeforeAnythingIsWritten("a1", "manifest.json is unreadable");
        assertThat(store.list()).isEmpty();
        assertThat(store.unreadable()).singleElement().asString()
                .startsWith("L'archive « a1 » est endommagée");
    }

    @Test
    void aDamagedOrMissingArchiveIsToldInFrenchWithoutAServerPathTheDetailGoesToTheLog() throws IOException {
        Archive archive = createSample("a1");
        Files.delete(archive.archiveFile());

        assertThatThrownBy(() -> store.verify("a1"))
                .isInstanceOf(ArchiveCorruptedException.class)
                .hasMessage("L'archive « a1 » est endommagée : elle ne redonne plus ce qui a été archivé, rien ne peut "
                        + "en être restauré. Le journal du serveur dit ce qui ne va pas.")
                .satisfies(e -> assertThat(((RejectedInputException) e).detail()).hasValueSatisfying(
                        detail -> assertThat(detail).contains("archive a1 is corrupted: content.tar.zst is missing")));
        assertThatThrownBy(() -> store.extractTo("no-such-archive", work.resolve("target")))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("L'archive « no-such-archive » n'est plus dans le dossier des archives : elle a été "
                        + "supprimée ou déplacée, rien ne peut en être restauré.")
                .hasMessageNotContaining(work.toString());
    }

    @Test
    void aMissingManifestOrOneWithoutTheArchiveDigestIsRefused() throws IOException {
        Files.delete(createSample("a1").folder().resolve("manifest.json"));
        assertRefusedBeforeAnythingIsWritten("a1", "manifest.json is missing");

        Archive archive = createSample("a2");
        ObjectNode manifest = (ObjectNode) mapper.readTree(archive.folder().resolve("manifest.json").toFile());
        ((ObjectNode) manifest.get("content")).remove("sha256");
        mapper.writeValue(archive.folder().resolve("manifest.json").toFile(), manifest);
        assertRefusedBeforeAnythingIsWritten("a2", "manifest.json lacks required fields");
    }

    @Test
    void anArchiveOfTheEarlierFolderFormatIsRefusedWithAnExplanation() throws IOException {
        Path old = Files.createDirectories(root.resolve("old-1/files"));
        Files.writeString(old.resolve("README"), "hello");
        Files.writeString(root.resolve("old-1/manifest.json"), """
                {"id":"old-1","kind":"PRODUCTION_DATA","version":"1","source":"p","createdAt":"2025-01-01T00:00:00Z",
                 "files":[{"path":"README","size":5,"sha256":"%s"}],"treeSha256":"x"}""".formatted(sha256Of("hello")));

        assertRefusedBeforeAnythingIsWritten("old-1", "folder format of an earlier Release Gate");
    }

    @Test
    void deepVerifyFindsAMemberThatDoesNotMatchItsDigest() throws IOException {
        Archive archive = createSample("a1");
        ObjectNode manifest = (ObjectNode) mapper.readTree(archive.folder().resolve("manifest.json").toFile());
        String wrong = sha256Of("not the customers");
        ((ObjectNode) manifest.get("files").get(1)).put("sha256", wrong);
        manifest.put("treeSha256", FolderDigest.treeSha256(List.of(archive.files().get(0),
                new FileDigest("tables/customers.dat", 9, wrong))));
        mapper.writeValue(archive.folder().resolve("manifest.json").toFile(), manifest);

        assertThat(store.verify("a1").id()).as("the archive file itself is intact").isEqualTo("a1");
        assertThatThrownBy(() -> store.verify("a1", VerificationDepth.DEEP))
                .isInstanceOf(ArchiveCorruptedException.class)
                .satisfies(e -> assertThat(told(e)).contains("a1")).satisfies(e -> assertThat(told(e)).contains("tables/customers.dat")).satisfies(e -> assertThat(told(e)).contains("sha256"));
        assertThatThrownBy(() -> store.readMember("a1", "tables/customers.dat", 1024))
                .isInstanceOf(ArchiveCorruptedException.class)
                .satisfies(e -> assertThat(told(e)).contains("archive a1 is corrupted: file tables/customers.dat has sha256"));
        Path target = work.resolve("target");
        assertThatThrownBy(() -> store.extractTo("a1", target))
                .isInstanceOf(ArchiveCorruptedException.class).satisfies(e -> assertThat(told(e)).contains("tables/customers.dat"));
        assertThat(target).as("what was written before the bad member is deleted").doesNotExist();
    }

    @Test
    void deepVerifyDecompressesAndFindsDamageEvenWhenTheArchiveDigestWasRewrittenToMatch() throws IOException {
        Archive archive = createSample("a1", ArchiveStoreTest::largerSampleContent);
        flipByte(archive.archiveFile(), (int) archive.archiveSize() / 2);
        ObjectNode manifest = (ObjectNode) mapper.readTree(archive.folder().resolve("manifest.json").toFile());
        ((ObjectNode) manifest.get("content")).put("sha256", FolderDigest.sha256(archive.archiveFile()));
        mapper.writeValue(archive.folder().resolve("manifest.json").toFile(), manifest);

        assertThat(store.verify("a1").id()).isEqualTo("a1");
        assertThatThrownBy(() -> store.verify("a1", VerificationDepth.DEEP))
                .isInstanceOf(ArchiveCorruptedException.class).satisfies(e -> assertThat(told(e)).contains("archive a1 is corrupted"));
    }

    @Test
    void aMemberIsReadWithoutExtractingAndSmallFilesComeFirst() throws IOException {
        createSample("a1", files -> {
            largerSampleContent(files);
            Files.writeString(files.resolve("database.zip"), "x".repeat(1000));
            Files.writeString(files.resolve("snapshot.json"), "{\"describes\":\"tables\"}");
        });

        assertThat(new String(store.readMember("a1", "snapshot.json", 1024), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"describes\":\"tables\"}");
        assertThat(new String(store.readMember("a1", "tables/customers.dat", 1024),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("customers");
        assertThat(tarEntryNames(store.find("a1").orElseThrow().archiveFile()))
                .as("files smallest first, then subfolders").containsExactly("README", "snapshot.json", "database.zip",
                        "tables/", "tables/customers.dat", "tables/orders.csv");
        assertThat(children(root)).containsExactly("a1");
        assertThatThrownBy(() -> store.readMember("a1", "tables/orders.csv", 1024))
                .isInstanceOf(IOException.class).hasMessageContaining("more than the 1024 expected");
        assertThatThrownBy(() -> store.readMember("a1", "absent.json", 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no member absent.json");
    }

    @Test
    void extractToRefusesATargetThatIsNotEmptyAndLeavesItAlone() throws IOException {
        createSample("a1");
        Path target = Files.createDirectories(work.resolve("target"));
        Files.writeString(target.resolve("precious.txt"), "keep me");

        assertThatThrownBy(() -> store.extractTo("a1", target)).hasMessageContaining("empty folder");
        assertThat(children(target)).containsExactly("precious.txt");
    }

    // --- hostile archives ----------------------------------------------------------------------------------------

    @Test
    void anEntryEscapingWithDotDotIsRefusedAndNothingIsWrittenOutside() throws IOException {
        Path target = work.resolve("jail/target");
        HostileArchive.write(root, mapper, "evil-1", HostileArchive.file("../escaped.txt", "gotcha"));

        assertRefusedAtExtraction("evil-1", target, "contains '..'");
        assertThat(work.resolve("jail/escaped.txt")).doesNotExist();
    }

    @Test
    void anAbsoluteEntryIsRefused() throws IOException {
        Path outside = work.resolve("absolute.txt");
        HostileArchive.write(root, mapper, "evil-2", HostileArchive.file("README", "hello"),
                HostileArchive.absoluteFile(outside.toString(), "gotcha"));

        assertRefusedAtExtraction("evil-2", work.resolve("target"), "absolute path");
        assertThat(outside).doesNotExist();
    }

    @Test
    void symbolicAndHardLinkEntriesAreRefused() throws IOException {
        HostileArchive.write(root, mapper, "evil-3", HostileArchive.symlink("passwd", "/etc/passwd"));
        assertRefusedAtExtraction("evil-3", work.resolve("t3"), "is a link (to /etc/passwd)");

        HostileArchive.write(root, mapper, "evil-4", HostileArchive.file("README", "hello"),
                HostileArchive.hardLink("shadow", "/etc/shadow"));
        assertRefusedAtExtraction("evil-4", work.resolve("t4"), "is a link");
    }

    @Test
    void anEntryTheManifestDoesNotListIsRefused() throws IOException {
        HostileArchive.writeWithManifestOf(root, mapper, "evil-5", List.of(HostileArchive.file("README", "hello")),
                HostileArchive.file("README", "hello"), HostileArchive.file("intruder.sh", "rm -rf /"));

        assertRefusedAtExtraction("evil-5", work.resolve("t5"), "intruder.sh is not in the manifest");
    }

    // --- sources that change, links, full disks ----------------------------------------------------------------

    @Test
    void aFileGrowingWhileItIsPackedFailsClearlyAndNothingIsPublished() throws IOException {
        Path source = sampleFolder();
        ArchiveStore racing = new ArchiveStore(root, clock, mapper, Compression.DEFAULT, file -> {
            if (file.endsWith("customers.dat")) {
                Files.writeString(file, " and more", StandardOpenOption.APPEND);
            }
        });

        assertThatThrownBy(() -> racing.createFromFolder("a1", ArchiveKind.PRODUCTION_DATA, "1", "p", source))
                .isInstanceOf(SourceChangedException.class).isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("« tables/customers.dat » a changé pendant l'archivage")
                .hasMessageContaining("Rien n'a été archivé").hasMessageNotContaining(source.toString());
        assertThat(children(root)).isEmpty();
    }

    @Test
    void aFileTouchedWithoutChangingSizeIsCaughtByItsModificationTime() throws IOException {
        Path source = sampleFolder();
        ArchiveStore racing = new ArchiveStore(root, clock, mapper, Compression.DEFAULT, file -> {
            if (file.endsWith("README")) {
                Files.writeString(file, "HELLO");
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
            }
        });

        assertThatThrownBy(() -> racing.createFromFolder("a1", ArchiveKind.PRODUCTION_DATA, "1", "p", source))
                .isInstanceOf(SourceChangedException.class).hasMessageContaining("README");
        assertThat(children(root)).isEmpty();
    }

    @Test
    void aFileAppearingBehindTheWalkIsCaught() throws IOException {
        Path source = sampleFolder();
        ArchiveStore racing = new ArchiveStore(root, clock, mapper, Compression.DEFAULT, file -> {
            if (file.endsWith("README")) {
                Files.writeString(source.resolve("AAA-new.log"), "late");
            }
        });

        assertThatThrownBy(() -> racing.createFromFolder("a1", ArchiveKind.PRODUCTION_DATA, "1", "p", source))
                .isInstanceOf(SourceChangedException.class).hasMessageContaining("AAA-new.log")
                .hasMessageContaining("apparu");
        assertThat(children(root)).isEmpty();
    }

    @Test
    void linksInTheSourceAreRefusedNotFollowed() throws IOException {
        Path source = sampleFolder();
        Files.createSymbolicLink(source.resolve("passwd"), Path.of("/etc/passwd"));

        assertThatThrownBy(() -> store.createFromFolder("a1", ArchiveKind.PRODUCTION_DATA, "1", "p", source))
                .isInstanceOf(UnsupportedFileTypeException.class).hasMessageContaining("lien symbolique");
        assertThat(children(root)).isEmpty();
    }

    @Test
    void theArchiveStoreItselfCannotBeArchived() throws IOException {
        createSample("a1");
        assertThatThrownBy(() -> store.createFromFolder("a2", ArchiveKind.PRODUCTION_DATA, "1", "p", work))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps the archive store");
    }

    @Test
    void aContentWriterFailingForLackOfSpaceLeavesNothingUnderAFinalName() throws IOException {
        assertThatThrownBy(() -> store.create("a1", ArchiveKind.INSTALLER, "7.3.0", "pkg.zip", files -> {
            Files.writeString(files.resolve("half.zip"), "half");
            throw new IOException("No space left on device");
        })).isInstanceOf(IOException.class).hasMessage("No space left on device");

        assertThat(children(root)).isEmpty();
        assertThat(store.find("a1")).isEmpty();
    }

    @Test
    void aFullDiskWhileArchivingFailsClearlyAndLeavesNothingBehind() throws Exception {
        Path mountPoint = Files.createDirectory(work.resolve("small-disk"));
        try (Tmpfs ignored = Tmpfs.mount(mountPoint, "2m")) {
            Path source = Files.createDirectory(work.resolve("big"));
            byte[] noise = new byte[3 << 20];
            new Random(7).nextBytes(noise);
            Files.write(source.resolve("noise.bin"), noise);
            ArchiveStore onSmallDisk = new ArchiveStore(mountPoint.resolve("archives"), clock, mapper);

            assertThatThrownBy(() -> onSmallDisk.createFromFolder("a1", ArchiveKind.PRODUCTION_DATA, "1", "p", source))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("No space left on device").hasMessageContaining("content.tar.zst");

            assertThat(children(mountPoint.resolve("archives"))).as("no archive, no attempt left").isEmpty();
            assertThat(Files.getFileStore(mountPoint).getUnallocatedSpace()).as("the space is given back")
                    .isGreaterThan(1 << 20);
        }
    }

    @Test
    void aFullDiskWhileExtractingFailsClearlyAndDeletesWhatWasWritten() throws Exception {
        Path source = Files.createDirectory(work.resolve("big"));
        byte[] noise = new byte[3 << 20];
        new Random(7).nextBytes(noise);
        Files.writeString(source.resolve("a-small.txt"), "small");
        Files.write(source.resolve("b-noise.bin"), noise);
        store.createFromFolder("a1", ArchiveKind.PRODUCTION_DATA, "1", "p", source);
        Path mountPoint = Files.createDirectory(work.resolve("small-disk"));
        try (Tmpfs ignored = Tmpfs.mount(mountPoint, "2m")) {
            Path target = mountPoint.resolve("restore");

            assertThatThrownBy(() -> store.extractTo("a1", target))
                    .isInstanceOf(IOException.class).isNotInstanceOf(ArchiveCorruptedException.class)
                    .satisfies(e -> assertThat(told(e)).contains("No space left on device")).satisfies(e -> assertThat(told(e)).contains("b-noise.bin"));

            assertThat(target).doesNotExist();
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private void assertRefusedBeforeAnythingIsWritten(String archiveId, String problem) throws IOException {
        assertThatThrownBy(() -> store.verify(archiveId))
                .isInstanceOf(ArchiveCorruptedException.class).isInstanceOf(RejectedInputException.class)
                .satisfies(e -> assertThat(told(e)).contains("archive " + archiveId + " is corrupted")).satisfies(e -> assertThat(told(e)).contains(problem));
        assertThatThrownBy(() -> store.verify(archiveId, VerificationDepth.DEEP))
                .isInstanceOf(ArchiveCorruptedException.class).satisfies(e -> assertThat(told(e)).contains(problem));
        Path absent = work.resolve("absent-target-" + archiveId);
        assertThatThrownBy(() -> store.extractTo(archiveId, absent))
                .isInstanceOf(ArchiveCorruptedException.class).satisfies(e -> assertThat(told(e)).contains(problem));
        assertThat(absent).doesNotExist();
        Path empty = Files.createDirectories(work.resolve("empty-target-" + archiveId));
        assertThatThrownBy(() -> store.extractTo(archiveId, empty))
                .isInstanceOf(ArchiveCorruptedException.class).satisfies(e -> assertThat(told(e)).contains(problem));
        assertThat(empty).isEmptyDirectory();
    }

    private void assertRefusedAtExtraction(String archiveId, Path target, String problem) throws IOException {
        assertThat(store.verify(archiveId).id()).as("the hostile archive file matches its manifest").isEqualTo(archiveId);
        assertThatThrownBy(() -> store.verify(archiveId, VerificationDepth.DEEP))
                .isInstanceOf(ArchiveCorruptedException.class).satisfies(e -> assertThat(told(e)).contains(problem));
        assertThatThrownBy(() -> store.extractTo(archiveId, target))
                .isInstanceOf(ArchiveCorruptedException.class)
                .satisfies(e -> assertThat(told(e)).contains("archive " + archiveId)).satisfies(e -> assertThat(told(e)).contains(problem));
        assertThat(target).doesNotExist();
    }

    private Archive createSample(String id) throws IOException {
        return createSample(id, ArchiveStoreTest::sampleContent);
    }

    private Archive createSample(String id, ArchiveContent content) throws IOException {
        return store.create(id, ArchiveKind.PRODUCTION_DATA, "7.3.0", "production", content);
    }

    private Path sampleFolder() throws IOException {
        Path source = Files.createDirectory(work.resolve("source"));
        sampleContent(source);
        return source;
    }

    private static void sampleContent(Path files) throws IOException {
        Files.writeString(files.resolve("README"), "hello");
        Files.createDirectories(files.resolve("tables"));
        Files.writeString(files.resolve("tables/customers.dat"), "customers");
    }

    private static void largerSampleContent(Path files) throws IOException {
        sampleContent(files);
        Files.writeString(files.resolve("tables/orders.csv"), "order;customer;amount\n".repeat(20_000));
    }

    private static void flipByte(Path file, int position) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[position] ^= 0x01;
        Files.write(file, bytes);
    }

    static String sha256Of(String text) throws IOException {
        Path file = Files.createTempFile("sha", ".txt");
        try {
            return FolderDigest.sha256(Files.writeString(file, text));
        } finally {
            Files.delete(file);
        }
    }

    private static List<String> tarEntryNames(Path archiveFile) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new com.github.luben.zstd.ZstdInputStreamNoFinalizer(Files.newInputStream(archiveFile)))) {
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    static List<String> children(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** What a refusal tells: the person's French reason and, for the server's log, its technical detail. */
    private static String told(Throwable refusal) {
        return refusal.getMessage() + (refusal instanceof org.releasegate.RejectedInputException rejected
                ? " " + rejected.detail().orElse("") : "");
    }
}
