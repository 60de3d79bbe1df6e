package org.releasegate.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Email notifications. The SMTP server itself is Spring's {@code spring.mail.*}.
 *
 * @param enabled off by default: nothing is captured or sent
 * @param from    sender address of every mail
 * @param baseUrl how people reach this application, for the links in the mails (Tasklist, release report)
 */
@ConfigurationProperties("releasegate.notifications")
record NotificationProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("release-gate@localhost") String from,
        @DefaultValue("http://localhost:8080") String baseUrl) {

    /** The webapps live under {@code camunda.bpm.webapp.application-path}, {@code /camunda} in application.yaml. */
    String tasklistLink(String taskId) {
        return root() + "/camunda/app/tasklist/default/#/?task=" + taskId;
    }

    String reportLink(String processInstanceId) {
        return root() + "/reports/" + processInstanceId;
    }

    private String root() {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
}
