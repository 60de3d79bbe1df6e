package org.releasegate.verification;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.releasegate.process.ReleasePolicy;
import org.springframework.stereotype.Component;

/**
 * The verdicts given on one item across releases, newest first, each with the release it was given in (its name
 * and target version, from the engine's history).
 */
@Component
public class VerdictHistory {

    /** One verdict as the REST API shows it. */
    public record Entry(String processInstanceId, String release, String targetVersion, int round, String itemId,
                        String itemVersion, String itemTitle, String verdict, String comment, String userId,
                        Instant recordedAt) {
    }

    private final VerdictRepository verdicts;
    private final HistoryService history;
    private final IdentityService identity;

    public VerdictHistory(VerdictRepository verdicts, HistoryService history, IdentityService identity) {
        this.verdicts = verdicts;
        this.history = history;
        this.identity = identity;
    }

    public List<Entry> of(Verdict.ItemKind kind, String itemId) {
        List<Verdict> given = verdicts.ofItem(kind, itemId);
        Set<String> releaseIds = new LinkedHashSet<>();
        given.forEach(verdict -> releaseIds.add(verdict.processInstanceId()));
        Map<String, String> names = new HashMap<>();
        Map<String, String> versions = new HashMap<>();
        if (!releaseIds.isEmpty()) {
            // The release's name and version go with its verdicts to whoever may read them (a key user may not
            // read the release's history in Cockpit): read them as the application.
            asApplication(() -> {
                for (HistoricProcessInstance release : history.createHistoricProcessInstanceQuery()
                        .processInstanceIds(releaseIds).list()) {
                    names.put(release.getId(), release.getBusinessKey());
                }
                for (HistoricVariableInstance version : history.createHistoricVariableInstanceQuery()
                        .processInstanceIdIn(releaseIds.toArray(String[]::new))
                        .variableName(ReleasePolicy.Vars.TARGET_VERSION.name()).list()) {
                    if (version.getValue() != null) {
                        versions.put(version.getProcessInstanceId(), version.getValue().toString());
                    }
                }
                return null;
            });
        }
        return given.stream().map(verdict -> new Entry(verdict.processInstanceId(), names.get(verdict.processInstanceId()),
                versions.get(verdict.processInstanceId()), verdict.round(), verdict.itemId(), verdict.itemVersion(),
                verdict.itemTitle(), verdict.outcome().name(), verdict.comment(), verdict.userId(), verdict.recordedAt()))
                .toList();
    }

    private <T> T asApplication(Supplier<T> read) {
        Authentication caller = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            return read.get();
        } finally {
            if (caller != null) {
                identity.setAuthentication(caller);
            }
        }
    }
}
