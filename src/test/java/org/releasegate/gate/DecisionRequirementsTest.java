package org.releasegate.gate;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.releasegate.process.ReleasePolicy.Choices;
import org.releasegate.process.ReleasePolicy.Elements;
import org.releasegate.process.ReleasePolicy.Forms;

/**
 * What a form's label says is required for some answers, the engine requires: « Production non conforme » with no
 * finding, or a refused acceptance with no reason, is refused before anything is written — whatever sent it.
 */
class DecisionRequirementsTest {

    @Test
    void aNonConformingProductionNeedsItsFinding() {
        assertThatThrownBy(() -> check(Elements.CONFIRM_PRODUCTION,
                Map.of("productionVerdict", Choices.PRODUCTION_KO, "productionComment", "  ")))
                .isInstanceOf(AuthorizationException.class)
                .hasMessage("Une production non conforme doit être décrite : le constat est obligatoire. "
                        + "Rien n'a été enregistré.");
        assertThatThrownBy(() -> check(Elements.CONFIRM_PRODUCTION, Map.of("productionVerdict", Choices.PRODUCTION_KO)))
                .isInstanceOf(AuthorizationException.class);
        assertThatCode(() -> check(Elements.CONFIRM_PRODUCTION, Map.of("productionVerdict", Choices.PRODUCTION_KO,
                "productionComment", "Les factures ne s'impriment plus"))).doesNotThrowAnyException();
        assertThatCode(() -> check(Elements.CONFIRM_PRODUCTION, Map.of("productionVerdict", Choices.PRODUCTION_OK)))
                .doesNotThrowAnyException();
    }

    @Test
    void aNonConformingRestoredProductionNeedsItsFinding() {
        assertThatThrownBy(() -> check(Elements.CONFIRM_RESTORED_PRODUCTION,
                Map.of("restoredProductionVerdict", Choices.PRODUCTION_KO, "restoredProductionComment", "")))
                .isInstanceOf(AuthorizationException.class)
                .hasMessage("Une production restaurée non conforme doit être décrite : le constat est obligatoire. "
                        + "Rien n'a été enregistré.");
        assertThatCode(() -> check(Elements.CONFIRM_RESTORED_PRODUCTION, Map.of("restoredProductionVerdict",
                Choices.PRODUCTION_KO, "restoredProductionComment", "Stocks faux"))).doesNotThrowAnyException();
        assertThatCode(() -> check(Elements.CONFIRM_RESTORED_PRODUCTION,
                Map.of("restoredProductionVerdict", Choices.PRODUCTION_OK))).doesNotThrowAnyException();
    }

    @Test
    void aRefusedAcceptanceNeedsItsReason() {
        assertThatThrownBy(() -> check(Elements.FINAL_ACCEPTANCE, Map.of("acceptanceDecision", Choices.REFUSED)))
                .isInstanceOf(AuthorizationException.class).hasMessageStartingWith("Une recette refusée doit dire pourquoi");
        assertThatCode(() -> check(Elements.FINAL_ACCEPTANCE, Map.of("acceptanceDecision", Choices.ACCEPTED)))
                .doesNotThrowAnyException();
    }

    private static void check(String task, Map<String, Object> sent) {
        SubmittedVariables.check(Forms.ofTask(task).orElseThrow(), "la tâche", Variables.fromMap(sent), name -> null);
    }
}
