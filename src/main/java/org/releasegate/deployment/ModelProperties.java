package org.releasegate.deployment;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * releasegate.models: the models the process owner edits.
 *
 * @param folder the model folder (*.bpmn, *.dmn, *.form, *.html), deployed at
 *               start-up; without it on disk, the copy packaged in the jar is (RELEASEGATE_MODELS; its default
 *               is in application.yaml, beside the variable)
 */
@ConfigurationProperties("releasegate.models")
@Validated
record ModelProperties(@NotNull(message = "must name the model folder (RELEASEGATE_MODELS)") Path folder) {
}
