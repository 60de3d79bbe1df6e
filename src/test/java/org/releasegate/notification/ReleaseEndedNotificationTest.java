package org.releasegate.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.releasegate.notification.NotificationEngine.address;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.releasegate.notification.Mailbox.Received;

/** Mails when a release ends, on a plain engine running the release model, against an in-process SMTP server. */
class ReleaseEndedNotificationTest extends NotificationEngineTest {

    private static final String ENDED = "[Release Gate] Mise en production terminée : ";

    @Test
    void endedReleaseMailsItsInitiatorAndTheReleaseManagersWithTheOutcomeAndTheReport() throws Exception {
        String releaseId = releases.startRelease("ines");
        releases.abandonAfterRejectedCopy(releaseId);

        List<Received> endMails = endMails();
        assertThat(endMails).extracting(Received::to)
                .containsExactlyInAnyOrder(address("ines"), address("marie"), address("paul"));
        Received initiator = endMails.stream().filter(mail -> mail.to().equals(address("ines"))).findFirst().orElseThrow();
        assertThat(initiator.subject()).isEqualTo(ENDED + "Mise en production abandonnée (production intacte) — "
                + releases.businessKey(releaseId));
        assertThat(initiator.body())
                .startsWith("Bonjour Inès,")
                .contains("La mise en production « " + releases.businessKey(releaseId) + " » est terminée.")
                .contains("Issue : Mise en production abandonnée (production intacte)")
                .contains("Rapport de la mise en production : http://gate.example.test/reports/" + releaseId);
    }

    @Test
    void initiatorWhoIsAlsoAReleaseManagerGetsOneMail() throws Exception {
        String releaseId = releases.startRelease("marie");
        releases.abandonAfterRejectedCopy(releaseId);

        assertThat(endMails()).extracting(Received::to).containsExactlyInAnyOrder(address("marie"), address("paul"));
    }

    @Test
    void releaseManagersAreToldOfTheDecisionTaskBeforeTheEnd() throws Exception {
        String releaseId = releases.startRelease("marie");
        releases.abandonAfterRejectedCopy(releaseId);

        assertThat(inbox.all()).filteredOn(mail -> mail.subject().contains("Nouvelle tâche"))
                .extracting(Received::to, Received::subject)
                .containsExactlyInAnyOrder(
                        tuple(address("marie"),
                                "[Release Gate] Nouvelle tâche : Décider suite à l'échec de la préparation du test"),
                        tuple(address("paul"),
                                "[Release Gate] Nouvelle tâche : Décider suite à l'échec de la préparation du test"));
    }

    private List<Received> endMails() throws Exception {
        return inbox.all().stream().filter(mail -> mail.subject().startsWith(ENDED)).toList();
    }
}
