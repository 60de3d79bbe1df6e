package org.releasegate.process;

import java.util.Optional;
import java.util.concurrent.Callable;

/** The gate's rollback readiness for plain-engine tests: production's program is archived, a rollback is possible. */
public class RollbackPossible implements Callable<Optional<String>> {

    @Override
    public Optional<String> call() {
        return Optional.empty();
    }
}
