package org.releasegate.verification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.releasegate.files.FileTrees;
import org.releasegate.files.SiblingLock;
import org.releasegate.message.Messages;
import org.releasegate.textfile.CompanyFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The company's strategic business processes, kept in one YAML file ({@code releasegate.strategic-processes-file})
 * that people edit by hand or through the REST API. The file is read again at every planning, so a change applies
 * to the next release without a restart; it is written whole to a temporary sibling and renamed over the old one,
 * so a reader never sees half a catalogue. A missing or malformed file stops the planning with the line and the
 * reason ({@link CatalogRejectedException}); nothing is guessed.
 */
@Component
public class StrategicProcessCatalog {

    static final int MAX_BYTES = 1024 * 1024;

    private final Path file;

    @Autowired
    StrategicProcessCatalog(CatalogProperties settings, Environment environment) {
        this(settings.strategicProcessesFile(), environment);
    }

    public StrategicProcessCatalog(Path file, Environment environment) {
        if (environment.containsProperty("releasegate.strategic-processes[0].id")) {
            throw new IllegalStateException("releasegate.strategic-processes is no longer read: move the list to the "
                    + "catalogue file releasegate.strategic-processes-file (" + file + "), under 'processes:'");
        }
        this.file = file.toAbsolutePath().normalize();
    }

    public Path file() {
        return file;
    }

    /** The catalogue as the file holds it now. */
    public List<StrategicProcess> strategicProcesses() {
        return read().orElseThrow(() -> new CatalogRejectedException(
                Messages.text("verification.catalog.missing", fileName())));
    }

    public Optional<StrategicProcess> find(String id) {
        return strategicProcesses().stream().filter(process -> process.id().equals(id)).findFirst();
    }

    /**
     * Adds a process, or replaces the one with its id (keeping its place). A missing file is created; a malformed
     * one is left as it is (someone may be editing it) and the change refused.
     *
     * @return true if the process is new
     */
    public boolean put(StrategicProcess process) {
        CatalogFile.check(process);
        try (SiblingLock ignored = lock()) {
            List<StrategicProcess> processes = new ArrayList<>(read().orElse(List.of()));
            boolean created = true;
            for (int i = 0; i < processes.size(); i++) {
                StrategicProcess existing = processes.get(i);
                if (existing.id().equals(process.id())) {
                    processes.set(i, process);
                    created = false;
                } else if (existing.id().toLowerCase(Locale.ROOT).equals(process.id().toLowerCase(Locale.ROOT))) {
                    throw new CatalogRejectedException(Messages.text("verification.catalog.id-too-close", process.id(),
                            existing.id()));
                }
            }
            if (created) {
                if (processes.size() >= CatalogFile.MAX_PROCESSES) {
                    throw new CatalogRejectedException(Messages.text("verification.catalog.full",
                            CatalogFile.MAX_PROCESSES));
                }
                processes.add(process);
            }
            write(processes);
            return created;
        }
    }

    /** @return false if no process has this id */
    public boolean delete(String id) {
        try (SiblingLock ignored = lock()) {
            List<StrategicProcess> processes = new ArrayList<>(read().orElse(List.of()));
            if (!processes.removeIf(process -> process.id().equals(id))) {
                return false;
            }
            write(processes);
            return true;
        }
    }

    /**
     * Changes read the file, change it and replace it: one at a time, also between two engine nodes sharing the file
     * (a change sent to each at the same moment would otherwise lose one).
     */
    private SiblingLock lock() {
        try {
            return SiblingLock.acquire(file);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot lock the strategic-process catalogue " + file + ": " + e, e);
        }
    }

    private Optional<List<StrategicProcess>> read() {
        byte[] bytes;
        try {
            Optional<byte[]> read = CompanyFile.readAtMost(file, MAX_BYTES);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            bytes = read.get();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the strategic-process catalogue " + file + ": " + e, e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new CatalogRejectedException(Messages.text("verification.catalog.file", fileName(),
                    Messages.text("verification.catalog.too-large", MAX_BYTES / 1024)));
        }
        return Optional.of(CatalogFile.parse(CompanyFile.utf8(bytes, line -> new CatalogRejectedException(
                Messages.text("verification.catalog.file-line", fileName(), line,
                        Messages.text("verification.catalog.not-utf8")))), fileName()));
    }

    /** The file as people read it: its name, never its place on the server (the log has that). */
    private String fileName() {
        return file.getFileName().toString();
    }

    private void write(List<StrategicProcess> processes) {
        byte[] bytes = CatalogFile.write(processes).getBytes(StandardCharsets.UTF_8);
        try {
            FileTrees.replaceAtomically(file, bytes);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the strategic-process catalogue " + file + ": " + e, e);
        }
    }
}
