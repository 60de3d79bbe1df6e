package org.releasegate.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.releasegate.archive.ArchiveKind;
import org.releasegate.archive.ArchiveStore;
import org.releasegate.calendar.ChangeCalendar;
import org.releasegate.environment.Environments;
import org.releasegate.inbox.Inbox;
import org.releasegate.installation.InstallRequest;
import org.releasegate.installation.Installer;
import org.releasegate.verification.StrategicProcessCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
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
 * <p>
 * All of it inside the demo's own folder, never over a company's files: a company may run the demo profile for its
 * users with its own inbox and environments configured. Then, or when the demo's folder holds files the demo did not
 * write, it writes nothing and logs why.
 */
@Component
@Order(1)
@ConditionalOnProperty(prefix = "releasegate.demo", name = "enabled", havingValue = "true")
class DemoSetup implements ApplicationRunner {

    static final String PRODUCT = "gestan-demo";
    private static final Logger LOG = LoggerFactory.getLogger(DemoSetup.class);

    private final DemoFolder folder;
    private final Inbox inbox;
    private final Environments environments;
    private final Installer installer;
    private final ArchiveStore archives;
    private final StrategicProcessCatalog catalog;
    private final ChangeCalendar calendar;

    @Autowired
    DemoSetup(DemoProperties settings, Inbox inbox, Environments environments, Installer installer,
              ArchiveStore archives, StrategicProcessCatalog catalog, ChangeCalendar calendar) {
        this(settings.requiredRoot(), inbox, environments, installer, archives, catalog, calendar);
    }

    DemoSetup(Path root, Inbox inbox, Environments environments, Installer installer,
              ArchiveStore archives, StrategicProcessCatalog catalog, ChangeCalendar calendar) {
        this.folder = new DemoFolder(root);
        this.inbox = inbox;
        this.environments = environments;
        this.installer = installer;
        this.archives = archives;
        this.catalog = catalog;
        this.calendar = calendar;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        List<String> outside = placesOutsideTheDemoFolder();
        if (!outside.isEmpty()) {
            LOG.warn("Demo not laid out, nothing written: the demo writes its sample data only inside its folder {} "
                    + "(releasegate.demo.root), and {}", folder.root(), String.join("; ", outside));
            return;
        }
        if (!folder.laidOut()) {
            Optional<Path> someoneElses = folder.interrupted() ? Optional.empty() : folder.someoneElsesFile();
            if (someoneElses.isPresent()) {
                LOG.warn("Demo not laid out, nothing written: its folder {} (releasegate.demo.root) holds files the demo "
                        + "did not write, such as {}; point releasegate.demo.root at a new folder, or empty this one",
                        folder.root(), someoneElses.get());
                return;
            }
            layOutServersAndInbox();
        }
        // Also for a demo laid out before the catalogue moved to a file; once there, it is the company's to edit.
        writeIfMissing("strategic-processes.yaml", catalog.file(), "catalogue of strategic processes");
        writeIfMissing("change-calendar.yaml", calendar.file(), "change calendar");
    }

    /** Each place the demo would write into that is not inside its folder, with its setting; empty when none. */
    private List<String> placesOutsideTheDemoFolder() {
        Map<String, Path> places = new LinkedHashMap<>();
        places.put("releasegate.inbox", inbox.folder());
        places.put("releasegate.archive.root", archives.root());
        List<String> outside = new ArrayList<>();
        for (String environment : List.of(Environments.PRODUCTION, Environments.TEST)) {
            String prefix = "releasegate.environments." + environment;
            try {
                places.put(prefix + ".install-root", environments.installRoot(environment));
                environments.dataFolderIfDirectory(environment).ifPresentOrElse(
                        data -> places.put(prefix + ".data.path", data),
                        () -> outside.add(prefix + ".data is not a data folder (type directory) of the demo"));
            } catch (IllegalStateException notConfigured) {
                outside.add(notConfigured.getMessage());
            }
        }
        places.forEach((setting, place) -> {
            if (!folder.holds(place)) {
                outside.add(setting + " " + place.toAbsolutePath().normalize() + " is outside it");
            }
        });
        return outside;
    }

    private void layOutServersAndInbox() throws IOException {
        if (folder.interrupted()) {
            LOG.info("Demo folder {} is incomplete (an interrupted first start): laying it out again", folder.root());
        }
        folder.startLayingOut();
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
        folder.finishLayingOut();
        LOG.info("Demo ready in {}: production runs {} 1.0; inbox holds gestan-1.1.zip and road-book.md", folder.root(), PRODUCT);
    }

    /** A file of the demo's, written only inside its folder: elsewhere the setting names the company's own file. */
    private void writeIfMissing(String resource, Path file, String what) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        if (!folder.holds(file)) {
            LOG.info("Demo {} not written to {}: outside the demo folder {}, that file is the company's", what, file,
                    folder.root());
            return;
        }
        Files.createDirectories(file.getParent());
        copyResource(resource, file);
        LOG.info("Demo {} written to {}", what, file);
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
        // The read-me's text is a resource beside the demo's other files (demo may not use the message bundle)
        entries.put("LISEZMOI.txt", new String(resource("LISEZMOI.txt"), StandardCharsets.UTF_8)
                .replace("{version}", version).getBytes(StandardCharsets.UTF_8));
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
