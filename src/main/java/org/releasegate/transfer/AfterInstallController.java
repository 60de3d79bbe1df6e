package org.releasegate.transfer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

import org.releasegate.AgentComponents;
import org.releasegate.api.Forbidden;
import org.releasegate.archive.DataArchives;
import org.releasegate.data.AfterInstallRecord;
import org.releasegate.data.Fingerprint;
import org.releasegate.data.TransferCorruptedException;
import org.releasegate.environment.Environments;
import org.releasegate.files.FileTrees;
import org.releasegate.message.Messages;
import org.releasegate.process.ReleasePolicy.Topics;
import org.releasegate.process.ReleasePolicy.Vars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The engine node's side of the record of production's data right after an install that production's agent ran
 * ({@link AfterInstallRecord}, docs/agents.md): the agent fetches the fingerprint of the archive taken before the
 * install ({@code GET /transfer/after-install/{archiveId}}), computes the record alike on production's server, and
 * sends it as a {@link org.releasegate.data.FolderStream} ({@code POST}, same path): received beside the archive,
 * checked, then recorded as the engine node records its own. Both only for production's agent while it holds the lock
 * of production's install of the release whose archive that is: stolen agent credentials neither read an archive's
 * list of files nor write beside it at any other time.
 */
@RestController
@Profile("!" + AgentComponents.PROFILE)
class AfterInstallController {

    private static final Logger LOG = LoggerFactory.getLogger(AfterInstallController.class);
    static final String PATH = TransferAuthentication.PATH + "/after-install/";

    private final CallingAgents callers;
    private final DataArchives dataArchives;

    AfterInstallController(CallingAgents callers, DataArchives dataArchives) {
        this.callers = callers;
        this.dataArchives = dataArchives;
    }

    @GetMapping(PATH + "{archiveId}")
    Fingerprint archived(@PathVariable String archiveId) throws IOException {
        requireInstallingAfter(archiveId);
        return dataArchives.contentOf(archiveId);
    }

    /** 204 once recorded; 422 with the reason (French) when the record is not one, nothing recorded. */
    @PostMapping(PATH + "{archiveId}")
    ResponseEntity<String> record(@PathVariable String archiveId, HttpServletRequest request) throws IOException {
        String agent = requireInstallingAfter(archiveId);
        Fingerprint archived = dataArchives.contentOf(archiveId);
        // Beside the archive, so that the row digests move in place with a rename; removed with it after a crash.
        Path staging = dataArchives.newRowsFolder(archiveId);
        try {
            AfterInstallRecord record = AfterInstallRecord.receive(request.getInputStream(), staging.resolve("record"),
                    archived);
            dataArchives.recordAfterInstall(archiveId, record.fingerprint(), record.files(), record.rows());
            LOG.info("Production's data after the install recorded beside {}, as {} took it: {}, {} file(s) kept{}",
                    archiveId, agent, record.fingerprint().summary(), record.files().size(),
                    record.rows().isPresent() ? ", row digests" : "");
            return ResponseEntity.noContent().build();
        } catch (TransferCorruptedException refused) {
            LOG.warn("Production's data after the install, sent by {} for {}, was refused: {}", agent, archiveId,
                    refused.detail().orElse(refused.getMessage()));
            return ResponseEntity.unprocessableEntity().body(refused.getMessage());
        } finally {
            FileTrees.deleteRecursively(staging);
        }
    }

    /** The caller, production's agent holding the lock of production's install after that archive. */
    private String requireInstallingAfter(String archiveId) {
        String agent = callers.requireAgent(AfterInstallController::refused);
        if (!callers.holdsLock(agent, Topics.INSTALL_VERSION, Set.of(Environments.PRODUCTION),
                Vars.DATA_ARCHIVE_ID.name(), archiveId::equals)) {
            throw refused();
        }
        return agent;
    }

    private static Forbidden refused() {
        return new Forbidden(Messages.text("transfer.api.after-install-agent-only"));
    }
}
