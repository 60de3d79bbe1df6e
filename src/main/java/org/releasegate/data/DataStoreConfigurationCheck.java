package org.releasegate.data;

import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when a data store is misconfigured or a tool it needs is missing or too old: better than finding
 * out in the middle of a release.
 */
@Component
class DataStoreConfigurationCheck implements SmartInitializingSingleton {

    private final DataStores dataStores;

    DataStoreConfigurationCheck(DataStores dataStores) {
        this.dataStores = dataStores;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> problems = dataStores.configurationProblems();
        if (!problems.isEmpty()) {
            throw new DataStoreConfigurationException("Release Gate cannot start: the data stores are misconfigured:\n - "
                    + String.join("\n - ", problems));
        }
    }
}
