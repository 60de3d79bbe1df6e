package org.releasegate.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.calendar.ChangeCalendar;
import org.releasegate.data.FileTrees;
import org.releasegate.environment.Environments;
import org.releasegate.inbox.Inbox;
import org.releasegate.installation.InstallRequest;
import org.releasegate.installation.Installer;
import org.releasegate.verification.StrategicProcessCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * On first start of the demo, lays out a small world to walk a release in: production running the demo ERP 1.0
 * with sample data, an empty test server, installer packages 1.0 and 1.1 (1.1 migrates the data) and the road book
 * in the inbox, the 1.0 installer in the archive store ("archived at the previous iteration"), the catalogue of
 * strategic processes and the change calendar.
 */
@Component
@Order(1)
@ConditionalOnProperty(prefix = "releasegate.demo", name = "enabled", havingValue = "true")
class DemoSetup implements ApplicationRunner {

    static final String PRODUCT = "gestan-demo";
    private static final Logger LOG = LoggerFactory.getLogger(DemoSetup.class);
    private static final String READY_MARKER = ".demo-ready";

    private final Path root;
    private final Inbox inbox;
    private final Environments environments;
    private final Installer installer;
    private final ArchiveStore archives;
    private final StrategicProcessCatalog catalog;
    private final ChangeCalendar calendar;

    DemoSetup(@Value("${releasegate.demo.root}") Path root, Inbox inbox, Environments environments, Installer installer,
              ArchiveStore archives, StrategicProcessCatalog catalog, ChangeCalendar calendar) {
        this.root = root.toAbsolutePath().normalize();
        this.inbox = inbox;
        this.environments = environments;
        this.installer = installer;
        this.archives = archives;
        this.catalog = catalog;
        this.calendar = calendar;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!Files.exists(root.resolve(READY_MARKER))) {
            layOutServersAndInbox();
        }
        // Also for a demo laid out before the catalogue moved to a file; once there, it is the company's to edit.
        if (!Files.exists(catalog.file())) {
            Files.createDirectories(catalog.file().getParent());
            copyResource("strategic-processes.yaml", catalog.file());
            LOG.info("Demo catalogue of strategic processes written to {}", catalog.file());
        }
        if (!Files.exists(calendar.file())) {
            Files.createDirectories(calendar.file().getParent());
            copyResource("change-calendar.yaml", calendar.file());
            LOG.info("Demo change calendar written to {}", calendar.file());
        }
    }

    private void layOutServersAndInbox() throws IOException {
        if (Files.exists(root)) {
            LOG.info("Demo folder {} is incomplete (an interrupted first start): laying it out again", root);
            FileTrees.deleteRecursively(root);
        }
        Files.createDirectories(inbox.folder());
        Path package10 = writePackage(inbox.folder().resolve("gestan-1.0.zip"), "1.0", null);
        writePackage(inbox.folder().resolve("gestan-1.1.zip"), "1.1", "migrate-1.1.sh");
        copyResource("road-book.md", inbox.folder().resolve("road-book.md"));

        Path productionData = environments.dataFolder(Environments.PRODUCTION);
        Files.createDirectories(productionData);
        copyResource("clients.csv", productionData.resolve("clients.csv"));
        copyResource("factures.csv", productionData.resolve("factures.csv"));
        Files.writeString(productionData.resolve("schema-version"), "1.0\n");
        installer.install(new InstallRequest(package10, environments.installRoot(Environments.PRODUCTION), "1.0", null, null));
        Files.createDirectories(environments.installRoot(Environments.TEST));

        archives.createFromFile("installer-1.0-demo", ArchiveKind.INSTALLER, "1.0", "demo", package10);
        Files.writeString(root.resolve(READY_MARKER), "Demo laid out by Release Gate\n");
        LOG.info("Demo ready in {}: production runs {} 1.0; inbox holds gestan-1.1.zip and road-book.md", root, PRODUCT);
    }

    /** A package in our format: a zip with {@code package.properties} and the demo program's scripts. */
    static Path writePackage(Path file, String version, String migrationScript) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        String descriptor = "product=" + PRODUCT + "\nversion=" + version + "\n"
                + (migrationScript == null ? "" : "migrate=bin/migrate.sh\n");
        entries.put("package.properties", descriptor.getBytes(StandardCharsets.UTF_8));
        entries.put("bin/health.sh", resource("health.sh"));
        if (migrationScript != null) {
            entries.put("bin/migrate.sh", resource(migrationScript));
        }
        entries.put("LISEZMOI.txt", ("Gestan (démo) " + version + " — programme de démonstration de Release Gate.\n")
                .getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    private static void copyResource(String name, Path target) throws IOException {
        Files.write(target, resource(name));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = new ClassPathResource("demo/" + name).getInputStream()) {
            return in.readAllBytes();
        }
    }
}
