package org.releasegate.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.notification.NotificationEngine.CHANGE_1;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy.Elements;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** A mail server that does not answer costs the mails, never the release. */
class NotificationFailureTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger mailerLog = (Logger) LoggerFactory.getLogger(Mailer.class);
    private Mailer mailer;
    private NotificationEngine releases;

    @BeforeEach
    void startEngineWithAMailServerThatIsDown() throws IOException {
        log.start();
        mailerLog.addAppender(log);
        mailer = new Mailer(Mailbox.sender(portNobodyListensOn()), Mailbox.FROM);
        releases = new NotificationEngine(new NotificationService(Mailbox.enabled(), mailer, Clock.systemDefaultZone()));
    }

    @AfterEach
    void stopEngine() throws Exception {
        releases.close();
        mailer.close();
        mailerLog.detachAppender(log);
    }

    @Test
    void releaseGoesOnAndEndsWhileTheMailServerIsDown() throws Exception {
        String releaseId = releases.startRelease("marie");
        releases.prepareTestEnvironment(releaseId, List.of(CHANGE_1), List.of());
        assertThat(releases.tasks(releaseId, Elements.VERIFY_CHANGE)).as("the task exists though its mails failed").hasSize(1);

        String abandoned = releases.startRelease("marie");
        releases.abandonAfterRejectedCopy(abandoned); // asserts the release reached its end event

        mailer.awaitIdle(Duration.ofSeconds(60));
        assertThat(log.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(message -> assertThat(message)
                        .startsWith("Could not send the notification '[Release Gate] Nouvelle tâche : Vérifier GES-1101")
                        .contains("theo@demo.release-gate.local"))
                .anySatisfy(message -> assertThat(message)
                        .startsWith("Could not send the notification '[Release Gate] Mise en production terminée"));
    }

    private static int portNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
