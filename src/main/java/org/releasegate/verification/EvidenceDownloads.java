package org.releasegate.verification;

import java.util.Optional;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Attachment;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Evidence downloads under their own name ({@link EvidenceDownloadName}), on both APIs that serve them: the engine's
 * REST API (the release report's links) and the webapps' API (the decision forms' links in Tasklist).
 */
@Configuration(proxyBeanMethods = false)
class EvidenceDownloads {

    @Bean
    FilterRegistrationBean<EvidenceDownloadName> evidenceDownloadNameFilter(TaskService tasks) {
        FilterRegistrationBean<EvidenceDownloadName> registration = new FilterRegistrationBean<>(
                new EvidenceDownloadName((taskId, attachmentId) -> nameOf(tasks, taskId, attachmentId)));
        registration.setName("release-gate-evidence-download-name");
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
        return registration;
    }

    /** Read as the caller, who has just read the attachment's content. */
    private static Optional<String> nameOf(TaskService tasks, String taskId, String attachmentId) {
        try {
            return Optional.ofNullable(tasks.getTaskAttachment(taskId, attachmentId)).map(Attachment::getName)
                    .filter(name -> !name.isBlank());
        } catch (ProcessEngineException e) {
            return Optional.empty();
        }
    }
}
