package org.releasegate.verification;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The company's strategic business processes, verified by key users in every release. */
@ConfigurationProperties("releasegate")
public record StrategicProcessCatalog(@DefaultValue List<StrategicProcess> strategicProcesses) {

    public record StrategicProcess(String id, String name, @DefaultValue List<String> steps) {
    }
}
