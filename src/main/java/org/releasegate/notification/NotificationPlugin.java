package org.releasegate.notification;

import java.util.ArrayList;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Hooks the notifications into the engine: a parse listener puts them on every user task and on the release's end
 * events, and an engine session collects them per transaction. An engine plugin rather than the starter's Spring
 * events, so the same code runs on a plain engine (the tests) and the listeners can read the task inside the
 * transaction. Always installed; {@code releasegate.notifications.enabled} decides whether anything is captured.
 */
@Component
class NotificationPlugin extends AbstractProcessEnginePlugin {

    private final NotificationService notifications;

    NotificationPlugin(NotificationService notifications) {
        this.notifications = notifications;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new NotificationParseListener(notifications));
        if (configuration.getCustomSessionFactories() == null) {
            configuration.setCustomSessionFactories(new ArrayList<>());
        }
        configuration.getCustomSessionFactories().add(new PendingNotifications.Factory(notifications::dispatch));
    }
}
