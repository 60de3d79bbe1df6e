package org.releasegate.environment;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The servers a release touches, as configured under `releasegate.environments`.
 *
 * @param environments the servers by name: production, test (docs/environments.md, "Configuring environments")
 */
@ConfigurationProperties("releasegate")
public record EnvironmentProperties(@DefaultValue Map<String, Environment> environments) {

    /**
     * @param installRoot where versions are installed: {@code versions/<version>-<sha>} folders and a {@code current} link
     * @param data        the environment's data store
     * @param health      how to tell the environment works
     * @param files       folders the ERP keeps beside its data store (attachments, generated documents): copied,
     *                    archived and restored with it, as one set
     */
    public record Environment(Path installRoot, DataStoreSettings data, HealthCheckSettings health,
                              List<FilesSettings> files) {

        @ConstructorBinding
        public Environment {
            files = files == null ? List.of() : List.copyOf(files);
        }

        public Environment(Path installRoot, DataStoreSettings data, HealthCheckSettings health) {
            this(installRoot, data, health, List.of());
        }
    }

    /**
     * One folder of an environment beside its data store ({@code files[n]}); test and production name theirs alike.
     *
     * @param name lower-case letters, digits and {@code -}, unique, not {@code data}: names it in archives,
     *             messages and post-copy variables ({@code RELEASEGATE_FILES_<NAME>_DIR})
     * @param path the folder
     */
    public record FilesSettings(String name, Path path) {
    }

    /**
     * Where an environment keeps its data (docs/data-stores.md). Credentials come from the environment
     * ({@code password: ${GESTAN_DB_PASSWORD}}), never from a file in the repository.
     *
     * @param type                {@code directory} (any file-based database: the ERP's data folder), {@code h2} or
     *                            {@code postgresql}
     * @param path                directory: the data folder; h2: the database file ({@code …/name.mv.db})
     * @param url                 postgresql: {@code jdbc:postgresql://host:port/database}; h2 (optional): how to reach
     *                            the database while an application has it open (server or {@code AUTO_SERVER} URL)
     * @param jobs                postgresql: parallel jobs of pg_dump and pg_restore
     * @param pgBin               postgresql: folder of pg_dump and pg_restore (default: the newest
     *                            {@code /usr/lib/postgresql/<major>/bin}, then the PATH)
     * @param workDir             postgresql: where copies are dumped on their way (default: the temporary folder)
     * @param maintenanceDatabase postgresql: the database connected to while creating, renaming and dropping others
     * @param owner               postgresql (optional): the role that owns the database and every object a copy or
     *                            restore puts in place, grants kept; unset, they keep the source's owners
     * @param postCopy            scripts run on a staged copy of another environment's data before it replaces this
     *                            environment's (mask personal data, disable outgoing mail, mark as TEST)
     * @param business            what people enter (sales, invoices, customers): globs on table or file names
     *                            ({@code sale*}, {@code clients.csv}, {@code *} any characters, {@code ?} one, case
     *                            ignored), matched against the name alone or qualified ({@code public.sale_order},
     *                            {@code exports/clients.csv}); sequences are matched by their own name. What a
     *                            restore would lose of these is always listed in full, first.
     * @param metadata            the ERP's own tables or files (its model, menus, settings: {@code ir_*}), which a
     *                            migration rewrites wholesale: listed last and shortened
     * @param settle              directory (and the folders beside a store): how long the stopped folder must be seen
     *                            unwritten before its archive is published or its content changed
     */
    public record DataStoreSettings(@DefaultValue("directory") String type, Path path, String url, String username,
                                    String password, @DefaultValue("2") int jobs, Path pgBin, Path workDir,
                                    @DefaultValue("postgres") String maintenanceDatabase, String owner,
                                    @DefaultValue List<PostCopyScriptSettings> postCopy,
                                    @DefaultValue List<String> business, @DefaultValue List<String> metadata,
                                    @DefaultValue("2s") Duration settle) {

        public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(2);

        @ConstructorBinding
        public DataStoreSettings {
            settle = settle == null ? DEFAULT_SETTLE : settle;
        }

        /** With the default settle period. */
        public DataStoreSettings(String type, Path path, String url, String username, String password, int jobs,
                                 Path pgBin, Path workDir, String maintenanceDatabase, String owner,
                                 List<PostCopyScriptSettings> postCopy, List<String> business, List<String> metadata) {
            this(type, path, url, username, password, jobs, pgBin, workDir, maintenanceDatabase, owner, postCopy,
                    business, metadata, DEFAULT_SETTLE);
        }
    }

    /**
     * One post-copy script: either {@code sql} (a file run in one transaction on the staged database) or
     * {@code command} (run with the staged location in its environment).
     *
     * @param name    how messages name it (default: the file name or the command)
     * @param timeout how long it may run
     */
    public record PostCopyScriptSettings(String name, Path sql, List<String> command,
                                         @DefaultValue("10m") Duration timeout) {
    }

    /**
     * Either a command (exit code 0 is healthy) or a URL answering 2xx.
     *
     * @param workingDirectory where the command runs, relative to the install root or absolute; it must exist. By
     *                         default the install method's folder: {@code current} for packages, the vendor
     *                         installer's working directory in command mode
     */
    public record HealthCheckSettings(List<String> command, URI url, @DefaultValue("60s") Duration timeout,
                                      Path workingDirectory) {
    }
}
