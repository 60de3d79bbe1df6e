package org.releasegate.message;

import org.camunda.bpm.engine.BadUserRequestException;

/**
 * What a person entered in a form is wrong (a verdict without its comment, an installer that is not in the inbox): a
 * {@link BadUserRequestException} to the engine, so the command is rolled back and the REST API answers 400, as for
 * a form's invalid field, with the reason read from the bundle.
 */
public final class RefusedInput extends BadUserRequestException implements Refusal {

    public RefusedInput(String key, Object... arguments) {
        super(Messages.text(key, arguments));
    }
}
