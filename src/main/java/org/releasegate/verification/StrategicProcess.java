package org.releasegate.verification;

import java.util.List;

/** One strategic business process of the company's catalogue: key users verify its steps in every release. */
public record StrategicProcess(String id, String name, List<String> steps) {

    public StrategicProcess {
        steps = List.copyOf(steps);
    }
}
