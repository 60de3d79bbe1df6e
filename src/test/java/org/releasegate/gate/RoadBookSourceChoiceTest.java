package org.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.releasegate.process.FormContract;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.process.ReleasePolicy.Forms;

/**
 * The road book's source is one of the start form's choices, and the chosen one is given: a release started with an
 * unknown source, or with the chosen source empty, is refused at once — not after production was copied and the test
 * server installed, with « no road book » in the decision that follows.
 */
class RoadBookSourceChoiceTest {

    @Test
    void anUnknownSourceIsRefusedAtTheStartAndWhenRetrying() {
        assertThatThrownBy(() -> check(Forms.START, Map.of("roadBookSource", "inbox", "roadBook", "road-book.md")))
                .isInstanceOf(AuthorizationException.class)
                .hasMessage("« inbox » n'est pas une valeur acceptée pour « roadBookSource » (le formulaire de"
                        + " démarrage) : « reference » (un fichier du dossier de dépôt ou une adresse web) ou « text »"
                        + " (le texte collé du carnet de route).");
        assertThatThrownBy(() -> check(Forms.ofTask(Elements.DECIDE_SETUP_FAILURE).orElseThrow(),
                Map.of("setupFailureDecision", "retry", "roadBookSource", "file", "roadBook", "road-book.md")))
                .isInstanceOf(AuthorizationException.class)
                .hasMessageStartingWith("« file » n'est pas une valeur acceptée pour « roadBookSource »");
    }

    @Test
    void theChosenSourceMustBeGiven() {
        assertThatThrownBy(() -> check(Forms.START, Map.of("roadBookSource", "reference", "roadBook", "  ")))
                .isInstanceOf(AuthorizationException.class)
                .hasMessage("Le carnet de route est obligatoire : indiquez un fichier du dossier de dépôt ou une"
                        + " adresse web. Rien n'a été enregistré.");
        assertThatThrownBy(() -> check(Forms.START, Map.of("roadBookSource", "text", "roadBook", "road-book.md")))
                .isInstanceOf(AuthorizationException.class)
                .hasMessage("Le texte du carnet de route est obligatoire quand il est collé dans le formulaire."
                        + " Rien n'a été enregistré.");
    }

    @Test
    void whatTheStartFormAndARestStartSendIsAccepted() {
        assertThatCode(() -> check(Forms.START, Map.of("roadBookSource", "reference", "roadBook", "road-book.md")))
                .doesNotThrowAnyException();
        assertThatCode(() -> check(Forms.START, Map.of("roadBookSource", "text", "roadBookText", "## 1.1\n")))
                .doesNotThrowAnyException();
        // a REST start may upload the file instead, choosing no source
        assertThatCode(() -> check(Forms.START, Map.of("roadBookFile", Variables.fileValue("notes-1.1.csv")
                .file(new byte[] {'x'}).create()))).doesNotThrowAnyException();
        assertThatCode(() -> check(Forms.START, Map.of("roadBook", "road-book.md"))).doesNotThrowAnyException();
        // the decision on a failed preparation that is not a retry sends no source
        assertThatCode(() -> check(Forms.ofTask(Elements.DECIDE_SETUP_FAILURE).orElseThrow(),
                Map.of("setupFailureDecision", "abandon", "decisionComment", "version retirée")))
                .doesNotThrowAnyException();
    }

    private static void check(FormContract form, Map<String, Object> sent) {
        SubmittedVariables.check(form, "le formulaire de démarrage", Variables.fromMap(sent), name -> null);
    }
}
