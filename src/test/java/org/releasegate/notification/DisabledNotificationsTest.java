package org.releasegate.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasegate.notification.NotificationEngine.CHANGE_1;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

/** Notifications are off unless configured: a mail server alone receives nothing. */
class DisabledNotificationsTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private NotificationProperties settings;
    private Mailer mailer;
    private NotificationEngine releases;

    @BeforeEach
    void startEngineWithDefaultSettings() {
        settings = new Binder(new MapConfigurationPropertySource(Map.of("releasegate.other", "x")))
                .bindOrCreate("releasegate.notifications", NotificationProperties.class);
        mailer = new Mailer(Mailbox.sender(SMTP.getSmtp().getPort()), settings.from());
        releases = new NotificationEngine(new NotificationService(settings, mailer, Clock.systemDefaultZone()));
    }

    @AfterEach
    void stopEngine() throws Exception {
        releases.close();
        mailer.close();
    }

    @Test
    void nothingIsMailedWhenNotificationsAreNotEnabled() throws Exception {
        assertThat(settings.enabled()).isFalse();

        String releaseId = releases.startRelease("marie");
        releases.prepareTestEnvironment(releaseId, List.of(CHANGE_1), List.of());
        String abandoned = releases.startRelease("marie");
        releases.abandonAfterRejectedCopy(abandoned);

        Mailbox inbox = new Mailbox(SMTP, mailer);
        assertThat(inbox.all()).isEmpty();
        mailer.sendLater(() -> List.of(new Mail(NotificationEngine.address("theo"), "Contrôle", "Le serveur répond.")));
        assertThat(inbox.all()).as("the same mailer does reach the server").hasSize(1);
    }
}
