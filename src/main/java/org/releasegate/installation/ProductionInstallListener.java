package org.releasegate.installation;

import org.camunda.bpm.client.task.ExternalTask;

/**
 * Told right after a version was installed in production, before anyone uses it: the one moment when production's
 * data holds what the migration made of it and nothing more. A listener must not fail the install (it already
 * happened): it reports its own failures.
 */
public interface ProductionInstallListener {

    /** @param task the install's task, with the release's variables */
    void installed(ExternalTask task);
}
