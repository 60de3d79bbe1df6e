package org.releasegate.gate;

import static org.releasegate.process.ReleasePolicy.Vars.SAME_VERSION_CONFIRMED;
import static org.releasegate.process.ReleasePolicy.Vars.TARGET_VERSION;

import java.util.Optional;
import java.util.concurrent.Callable;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.releasegate.message.RefusedOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start a release of the version production already runs unless the start form says so in so many words
 * ({@code sameVersionConfirmed}): a typo in the target version, or a release started twice, would otherwise stop
 * production to install what it has. Reinstalling it on purpose (to take the first release's baseline through the
 * whole policy, say) stays possible. The version is read where the installs read it (the production install's
 * version file or command); when it cannot be read, the release starts and the log says why. A refusal of the
 * policy, as {@link OneReleaseAtATime}'s: the REST API answers it (403) with this message alone, where an input error
 * would reach the person behind an English prefix naming the process definition's id.
 */
class SameVersionConfirmed implements ExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(SameVersionConfirmed.class);

    private final Callable<Optional<String>> productionVersion;

    /** @param productionVersion the version production runs, empty when nothing is installed */
    SameVersionConfirmed(Callable<Optional<String>> productionVersion) {
        this.productionVersion = productionVersion;
    }

    @Override
    public void notify(DelegateExecution start) {
        if (SAME_VERSION_CONFIRMED.find(start).orElse(false)) {
            return;
        }
        String target = TARGET_VERSION.find(start).map(String::strip).orElse("");
        Optional<String> running;
        try {
            running = productionVersion.call();
        } catch (Exception e) {
            LOG.warn("Release {} to {}: the version production runs could not be read, the start is not checked "
                    + "against it", start.getProcessInstanceId(), target, e);
            return;
        }
        if (running.filter(target::equals).isPresent()) {
            throw new RefusedOperation("gate.same-version", target);
        }
    }
}
