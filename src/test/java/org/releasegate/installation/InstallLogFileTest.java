package org.releasegate.installation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.camunda.bpm.engine.variable.value.FileValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallLogFileTest {

    @TempDir
    Path root;

    @Test
    void theLogIsKeptWholeAsPeopleReadItWithoutReleaseGatesLinesNorTheInstallRoot() throws IOException {
        Path log = Files.createDirectories(root.resolve("logs")).resolve("install-1.1-t1.log");
        Files.writeString(log, "# 2026-12-05T10:00:00Z task t1\n# PATH=/usr/bin\ninstalling 1.1 into " + root
                + "\ncopied " + root + "/bin/gestan\ndone\n");

        FileValue file = InstallLogFile.of(log, root, "logs/install-1.1-t1.log");

        assertThat(file.getFilename()).isEqualTo("install-1.1-t1.log");
        assertThat(file.getMimeType()).isEqualTo("text/plain");
        try (InputStream in = file.getValue()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("installing 1.1 into .\ncopied bin/gestan\ndone\n");
        }
    }

    @Test
    void aLogOverTheCapKeepsItsBeginningAndItsEndAndSaysWhatWasLeftOut() throws IOException {
        Path log = root.resolve("install.log");
        StringBuilder text = new StringBuilder("first line\n");
        for (int i = 0; text.length() < 3 * InstallLogFile.MAX_BYTES; i++) {
            text.append("line ").append(i).append(" of the vendor's installer\n");
        }
        text.append("last line\n");
        Files.writeString(log, text);

        String kept = new String(InstallLogFile.forPeople(log, root), StandardCharsets.UTF_8);

        assertThat(kept.length()).isLessThanOrEqualTo(InstallLogFile.MAX_BYTES + 200);
        assertThat(kept).startsWith("first line\n").endsWith("\nlast line\n")
                .containsPattern("\n\\[… \\d+ octets du milieu du journal ne sont pas repris ici ; le journal entier "
                        + "reste sur le serveur de l'environnement …]\nline \\d+ of");
        assertThat(kept.lines()).as("whole lines only").allMatch(line -> line.equals("first line")
                || line.equals("last line") || line.startsWith("[…") || line.matches("line \\d+ of the vendor's installer"));
    }
}
