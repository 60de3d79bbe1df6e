package org.releasegate.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.releasegate.e2e.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.mail.javamail.JavaMailSender;

/** In the application, the engine carries the notification hooks, and notifications stay off until configured. */
class NotificationWiringTest extends IntegrationTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    NotificationProperties settings;
    @Autowired
    ApplicationContext context;

    @Test
    void engineCarriesTheNotificationHooksWhileNotificationsAreOffByDefault() {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(configuration.getCustomPostBPMNParseListeners()).hasAtLeastOneElementOfType(NotificationParseListener.class);
        assertThat(configuration.getSessionFactories()).containsKey(PendingNotifications.class);
        assertThat(context.getBean("lateTaskNotifier")).isInstanceOf(LateTaskNotifier.class);

        assertThat(settings.enabled()).isFalse();
        assertThat(context.getBeanProvider(JavaMailSender.class).getIfAvailable())
                .as("no SMTP server unless spring.mail.host is set").isNull();
    }
}
