package org.releasegate.notification;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * Notifications switched on, on one plain engine per test class (an engine takes seconds to build), mailing an
 * in-process SMTP server whose mailboxes are emptied before each test.
 */
abstract class NotificationEngineTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(false);

    static Mailer mailer;
    static NotificationEngine releases;
    static Mailbox inbox;

    @BeforeAll
    static void startEngine() {
        mailer = new Mailer(Mailbox.sender(SMTP.getSmtp().getPort()), Mailbox.FROM);
        releases = new NotificationEngine(new NotificationService(Mailbox.enabled(), mailer, Clock.systemDefaultZone()));
        inbox = new Mailbox(SMTP, mailer);
    }

    @AfterAll
    static void stopEngine() throws Exception {
        releases.close();
        mailer.close();
    }

    @BeforeEach
    void emptyMailboxes() throws Exception {
        mailer.awaitIdle(Duration.ofSeconds(60));
        SMTP.purgeEmailFromAllMailboxes();
    }
}
