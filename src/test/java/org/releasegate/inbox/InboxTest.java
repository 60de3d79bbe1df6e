package org.releasegate.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasegate.RejectedInputException;
import org.releasegate.files.FolderDigest;

/** Files named in a start form: plain files of the inbox only, read once. */
class InboxTest {

    private static final String SECRET = "root:x:0:0:root:/root:/bin/bash";

    @TempDir
    Path dir;

    private Path folder;
    private Path secret;
    private Inbox inbox;

    @BeforeEach
    void createInbox() throws Exception {
        folder = Files.createDirectories(dir.resolve("inbox"));
        secret = Files.writeString(dir.resolve("passwd"), SECRET + "\n");
        inbox = new Inbox(folder);
    }

    @Test
    void theFilesOfferedAreItsPlainFilesOnly() throws Exception {
        Files.writeString(folder.resolve("gestan-1.2.zip"), "zip");
        Files.writeString(folder.resolve("gestan-1.1.zip"), "zip");
        Files.writeString(folder.resolve(".gestan-1.3.zip.part"), "half a copy");
        Files.createDirectory(folder.resolve("old"));
        Files.createSymbolicLink(folder.resolve("passwd.zip"), secret);

        assertThat(inbox.files()).containsExactly("gestan-1.1.zip", "gestan-1.2.zip");
    }

    @Test
    void aSymbolicLinkNamedAsTheRoadBookIsRefusedWithoutReadingWhatItPointsTo() throws Exception {
        Files.createSymbolicLink(folder.resolve("road-book.md"), secret);

        assertThatThrownBy(() -> inbox.open("road-book.md"))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("« road-book.md » est un lien symbolique : la boîte de dépôt n'accepte que des fichiers"
                        + " ordinaires, déposez le fichier lui-même.");
        assertThatThrownBy(() -> inbox.copy("road-book.md", dir.resolve("private")))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageNotContaining(SECRET);
        assertThat(dir.resolve("private")).doesNotExist();
    }

    @Test
    void aLinkToAFolderOfTheInboxCannotBeUsedAsAPath() throws Exception {
        Files.createDirectories(dir.resolve("outside"));
        Files.writeString(dir.resolve("outside/gestan-1.1.zip"), "ailleurs");
        Files.createSymbolicLink(folder.resolve("lien"), dir.resolve("outside"));

        assertThatThrownBy(() -> inbox.open("lien/gestan-1.1.zip"))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("« lien/gestan-1.1.zip » n'est pas un nom de fichier de la boîte de dépôt : indiquez le nom"
                        + " du fichier seul, sans dossier.");
    }

    @Test
    void namesWithAFolderOrOutsideTheInboxAreRefusedWithoutTheServersFolder() {
        for (String name : new String[] {"../passwd", "/etc/passwd", "sous-dossier/road-book.md", "..\\passwd", ".."}) {
            assertThatThrownBy(() -> inbox.open(name)).as(name)
                    .isInstanceOf(RejectedInputException.class)
                    .hasMessageContaining("« " + name + " »")
                    .hasMessageNotContaining(dir.toString());
        }
    }

    @Test
    void aMissingFileOrAFolderIsRefusedByTheNameTyped() throws Exception {
        Files.createDirectories(folder.resolve("dossier.zip"));

        assertThatThrownBy(() -> inbox.open(" absent.zip "))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("Le fichier « absent.zip » n'est pas dans la boîte de dépôt.");
        assertThatThrownBy(() -> inbox.open("dossier.zip"))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("« dossier.zip » n'est pas un fichier ordinaire de la boîte de dépôt")
                .hasMessageNotContaining(dir.toString());
        assertThatThrownBy(() -> inbox.open("  "))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("Aucun fichier de la boîte de dépôt n'est indiqué.");
    }

    @Test
    void aPrivateCopyKeepsTheBytesHashedWhenTheInboxFileIsSwappedAfterwards() throws Exception {
        Path original = Files.writeString(folder.resolve("gestan-1.1.zip"), "les octets testés");
        String sha256 = FolderDigest.sha256(original);

        try (Inbox.PrivateCopy copy = inbox.copy("gestan-1.1.zip", dir.resolve("private/task-1"))) {
            Files.writeString(original, "les octets substitués");

            assertThat(copy.sha256()).isEqualTo(sha256);
            assertThat(copy.file()).hasContent("les octets testés").hasFileName("gestan-1.1.zip");
            assertThat(copy.file().startsWith(folder)).isFalse();
            assertThat(FolderDigest.sha256(copy.file())).isEqualTo(copy.sha256());
        }
        assertThat(dir.resolve("private/task-1")).doesNotExist();
    }

    @Test
    void aPlainFileIsReadOnce() throws Exception {
        Files.writeString(folder.resolve("road-book.md"), "## 1.1\n");

        try (InputStream in = inbox.open("road-book.md")) {
            assertThat(in.readAllBytes()).asString().isEqualTo("## 1.1\n");
        }
    }
}
