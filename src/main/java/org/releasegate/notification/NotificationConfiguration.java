package org.releasegate.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationConfiguration.class);

    /** Spring Boot creates a mail sender only when {@code spring.mail.host} is set. */
    @Bean
    Mailer notificationMailer(ObjectProvider<JavaMailSender> senders, NotificationProperties settings) {
        JavaMailSender sender = senders.getIfAvailable();
        if (settings.enabled()) {
            if (sender == null) {
                LOG.warn("Notifications are enabled but no mail server is configured (spring.mail.host): none will be sent");
            } else {
                LOG.info("Notifications enabled: mails from {}, links to {}", settings.from(), settings.baseUrl());
            }
        }
        return new Mailer(sender, settings.from());
    }
}
