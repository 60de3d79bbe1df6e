package org.releasegate.message;

import org.camunda.bpm.engine.AuthorizationException;

/**
 * The policy refuses what a person asked for (a form variable the form does not write, a step reserved to the
 * workers, four-eyes): an {@link AuthorizationException} to the engine, so the command is rolled back and the REST API
 * answers 403, with the reason read from the bundle.
 */
public final class RefusedOperation extends AuthorizationException implements Refusal {

    public RefusedOperation(String key, Object... arguments) {
        super(Messages.text(key, arguments));
    }
}
