package org.releasegate.process;

import java.util.Optional;
import java.util.concurrent.Callable;

/** The gate's reading of the version production runs, for plain-engine tests. */
public class ProductionRuns implements Callable<Optional<String>> {

    private final String version;

    public ProductionRuns(String version) {
        this.version = version;
    }

    @Override
    public Optional<String> call() {
        return Optional.of(version);
    }
}
