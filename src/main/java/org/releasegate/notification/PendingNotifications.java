package org.releasegate.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifications of one engine command (an engine session, one per command context), handed over only once its
 * transaction has committed: a rolled-back step tells nobody about a task that does not exist. Collecting them per
 * transaction lets one mail list every task a step created for the same person.
 */
final class PendingNotifications implements Session {

    private static final Logger LOG = LoggerFactory.getLogger(PendingNotifications.class);

    private final BiConsumer<List<Notification>, IdentityService> dispatch;
    private final List<Notification> notifications = new ArrayList<>();
    private IdentityService identity;

    private PendingNotifications(BiConsumer<List<Notification>, IdentityService> dispatch) {
        this.dispatch = dispatch;
    }

    void add(Notification notification, IdentityService identity) {
        if (notifications.isEmpty()) {
            Context.getCommandContext().getTransactionContext()
                    .addTransactionListener(TransactionState.COMMITTED, committed -> handOver());
        }
        this.identity = identity;
        notifications.add(notification);
    }

    /** Runs after the commit, still on the engine's thread: it must neither throw nor wait. */
    private void handOver() {
        try {
            dispatch.accept(List.copyOf(notifications), identity);
        } catch (RuntimeException e) {
            LOG.warn("Notifications of a committed transaction were not sent", e);
        }
    }

    @Override
    public void flush() {
        // nothing to write to the database
    }

    @Override
    public void close() {
        // handed over by the transaction listener, if the transaction commits
    }

    /** Registered with the engine by {@link NotificationPlugin}. */
    record Factory(BiConsumer<List<Notification>, IdentityService> dispatch) implements SessionFactory {

        @Override
        public Class<?> getSessionType() {
            return PendingNotifications.class;
        }

        @Override
        public Session openSession() {
            return new PendingNotifications(dispatch);
        }
    }
}
