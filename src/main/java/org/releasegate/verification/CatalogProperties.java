package org.releasegate.verification;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * Where the catalogue of strategic processes is kept.
 *
 * @param strategicProcessesFile the catalogue file, read at every planning (RELEASEGATE_STRATEGIC_PROCESSES;
 *                               its default is in application.yaml, beside the variable). docs/process.md, "Strategic processes"
 */
@ConfigurationProperties("releasegate")
@Validated
record CatalogProperties(
        @NotNull(message = "must name the catalogue file (RELEASEGATE_STRATEGIC_PROCESSES)") Path strategicProcessesFile) {
}
