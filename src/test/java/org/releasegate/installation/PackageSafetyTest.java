package org.releasegate.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.RejectedInputException;

class PackageSafetyTest {

    @TempDir
    Path dir;

    private Path packages;
    private Path target;
    private final PackageInspector inspector = new PackageInspector();
    private final PackageExtractor extractor = new PackageExtractor();

    @BeforeEach
    void createFolders() throws IOException {
        packages = Files.createDirectories(dir.resolve("packages"));
        target = Files.createDirectories(dir.resolve("work")).resolve("target");
    }

    @Test
    void zipWithParentTraversalIsRejectedAndWritesNothingOutside() throws IOException {
        Path pkg = TestPackage.withDescriptor("erp", "1.0").file("../evil.txt", "pwned")
                .writeZip(packages.resolve("p.zip"));

        assertRejectedWithoutEscaping(pkg, "../evil.txt");
        assertThat(dir.resolve("work/evil.txt")).doesNotExist();
    }

    @Test
    void zipWithAbsolutePathIsRejectedAndWritesNothingOutside() throws IOException {
        Path outside = dir.resolve("outside/evil.txt");
        Path pkg = TestPackage.withDescriptor("erp", "1.0").file(outside.toString(), "pwned")
                .writeZip(packages.resolve("p.zip"));

        assertRejectedWithoutEscaping(pkg, outside.toString());
        assertThat(outside).doesNotExist();
    }

    @Test
    void tarGzWithSymbolicLinkIsRejected() throws IOException {
        Path pkg = TestPackage.withDescriptor("erp", "1.0").symlink("bin/escape", dir.toString())
                .file("bin/escape/evil.txt", "pwned").writeTarGz(packages.resolve("p.tar.gz"));

        assertRejectedWithoutEscaping(pkg, "bin/escape");
        assertThat(dir.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void tarGzWithHardLinkIsRejected() throws IOException {
        Path pkg = TestPackage.withDescriptor("erp", "1.0").hardLink("passwd", "/etc/passwd")
                .writeTarGz(packages.resolve("p.tar.gz"));

        assertRejectedWithoutEscaping(pkg, "passwd");
    }

    @Test
    void tarGzWithParentTraversalIsRejected() throws IOException {
        Path pkg = TestPackage.withDescriptor("erp", "1.0").file("lib/../../../evil.txt", "pwned")
                .writeTarGz(packages.resolve("p.tar.gz"));

        assertRejectedWithoutEscaping(pkg, "lib/../../../evil.txt");
        assertThat(dir.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void tarGzWithFifoIsRejected() throws IOException {
        Path pkg = TestPackage.withDescriptor("erp", "1.0").fifo("pipe").writeTarGz(packages.resolve("p.tar.gz"));

        assertRejectedWithoutEscaping(pkg, "pipe");
    }

    @Test
    void fileThatIsNeitherZipNorTarGzIsRejectedWhateverItsName() throws IOException {
        Path pkg = Files.writeString(packages.resolve("installer.zip"), "#!/bin/sh\necho I am a script\n");

        assertThatThrownBy(() -> inspector.inspect(pkg))
                .isInstanceOf(PackageRejectedException.class)
                .hasMessage("« installer.zip » n'est ni un fichier zip ni un fichier tar.gz : déposez le programme "
                        + "d'installation tel que l'éditeur le livre. Rien n'a été installé.");
        assertThatThrownBy(() -> extractor.extract(pkg, target)).isInstanceOf(PackageRejectedException.class);
    }

    @Test
    void truncatedTarGzIsRejectedAsCorrupt() throws IOException {
        Path whole = TestPackage.withDescriptor("erp", "1.0").file("big.dat", "x".repeat(100_000))
                .writeTarGz(packages.resolve("whole.tar.gz"));
        byte[] bytes = Files.readAllBytes(whole);
        Path pkg = Files.write(packages.resolve("p.tar.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> inspector.inspect(pkg))
                .isInstanceOf(PackageRejectedException.class)
                .hasMessage("Le paquet « p.tar.gz » est endommagé ou utilise une forme d'archive que Release Gate ne "
                        + "lit pas : demandez à l'éditeur de le livrer de nouveau. Rien n'a été installé.")
                .extracting(e -> ((RejectedInputException) e).detail().orElseThrow()).asString()
                .as("the server's log names the file").contains(pkg.toString());
    }

    @Test
    void packageWithoutDescriptorIsRejected() throws IOException {
        Path pkg = new TestPackage().file("bin/app.sh", "echo hi").writeZip(packages.resolve("p.zip"));

        assertThatThrownBy(() -> inspector.inspect(pkg))
                .isInstanceOf(PackageRejectedException.class)
                .hasMessage("Le paquet « p.zip » n'a pas de fichier package.properties à sa racine : ce n'est pas un "
                        + "paquet que Release Gate sait installer. Rien n'a été installé.");
    }

    @Test
    void descriptorWithoutVersionIsRejected() throws IOException {
        Path pkg = new TestPackage().file("package.properties", "product=erp\n").writeZip(packages.resolve("p.zip"));

        assertThatThrownBy(() -> inspector.inspect(pkg))
                .isInstanceOf(PackageRejectedException.class)
                .hasMessage("Le fichier package.properties du paquet « p.zip » ne donne pas « version ». Rien n'a été "
                        + "installé.");
    }

    @Test
    void versionThatCouldNameAnotherFolderIsRejected() throws IOException {
        Path pkg = TestPackage.withDescriptor("erp", "../1.0").writeZip(packages.resolve("p.zip"));

        assertThatThrownBy(() -> inspector.inspect(pkg))
                .isInstanceOf(PackageRejectedException.class)
                .hasMessage("Le paquet « p.zip » annonce la version « ../1.0 » : une version ne contient que des "
                        + "lettres, des chiffres, « . », « _ », « + » ou « - », et commence par une lettre ou un chiffre. "
                        + "Rien n'a été installé.");
    }

    @Test
    void migrateScriptMissingFromThePackageIsRejected() throws IOException {
        Path pkg = TestPackage.withDescriptor("erp", "1.0", "migrate/run.sh").writeZip(packages.resolve("p.zip"));

        assertThatThrownBy(() -> inspector.inspect(pkg))
                .isInstanceOf(PackageRejectedException.class)
                .hasMessage("Le script de migration « migrate/run.sh » que le paquet « p.zip » annonce n'est pas un "
                        + "fichier du paquet. Rien n'a été installé.");
    }

    @Test
    void extractionBeyondTheSizeLimitIsStopped() throws IOException {
        Path pkg = TestPackage.withDescriptor("erp", "1.0").file("bomb.dat", "0".repeat(5_000))
                .writeZip(packages.resolve("p.zip"));

        assertThatThrownBy(() -> new PackageExtractor(1_000).extract(pkg, target))
                .isInstanceOf(UnsafePackageException.class)
                .hasMessage("Le paquet dépasse 1000 octets une fois décompressé (à « bomb.dat ») : il est refusé. Rien "
                        + "n'a été installé.");
    }

    @Test
    void inspectReadsTheDescriptorAndChecksum() throws IOException {
        Path pkg = TestPackage.withDescriptor("erp", "7.3.0", "./migrate/run.sh")
                .file("./migrate/run.sh", "exit 0").writeTarGz(packages.resolve("erp.bin"));

        InstallerPackage inspected = inspector.inspect(pkg);

        assertThat(inspected.product()).isEqualTo("erp");
        assertThat(inspected.version()).isEqualTo("7.3.0");
        assertThat(inspected.migrateScript()).contains("migrate/run.sh");
        assertThat(inspected.sha256()).isEqualTo(org.releasegate.files.FolderDigest.sha256(pkg)).hasSize(64);
    }

    @Test
    void extractionKeepsExecutableBits() throws IOException {
        Path tarGz = TestPackage.withDescriptor("erp", "1.0").directory("bin").file("bin/erp", "binary", 0755)
                .file("bin/data.txt", "data").file("setup.sh", "echo hi").writeTarGz(packages.resolve("p.tar.gz"));
        Path zip = TestPackage.withDescriptor("erp", "1.0").file("bin/erp", "binary", 0755)
                .file("bin/data.txt", "data").writeZipWithUnixModes(packages.resolve("p.zip"));

        extractor.extract(tarGz, dir.resolve("from-tar"));
        extractor.extract(zip, dir.resolve("from-zip"));

        for (Path root : List.of(dir.resolve("from-tar"), dir.resolve("from-zip"))) {
            assertThat(Files.getPosixFilePermissions(root.resolve("bin/erp")))
                    .contains(PosixFilePermission.OWNER_EXECUTE);
            assertThat(Files.getPosixFilePermissions(root.resolve("bin/data.txt")))
                    .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
            assertThat(Descriptor.versionOf(root)).contains("1.0");
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("from-tar/setup.sh")))
                .contains(PosixFilePermission.OWNER_EXECUTE);
    }

    private void assertRejectedWithoutEscaping(Path pkg, String entryName) throws IOException {
        List<Path> before = filesOutsideTarget();

        assertThatThrownBy(() -> inspector.inspect(pkg))
                .isInstanceOf(UnsafePackageException.class)
                .isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("Le paquet contient ")
                .hasMessageContaining(entryName)
                .hasMessageEndingWith("Rien n'a été installé.")
                // No server path, but the entry as the package names it, even an absolute one.
                .hasMessageNotContaining(entryName.startsWith("/") ? "\0" : dir.toString());
        assertThatThrownBy(() -> extractor.extract(pkg, target))
                .isInstanceOf(UnsafePackageException.class)
                .hasMessageContaining(entryName);

        assertThat(filesOutsideTarget()).isEqualTo(before);
    }

    private List<Path> filesOutsideTarget() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(path -> !path.startsWith(target)).sorted().toList();
        }
    }
}
