package org.releasegate.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code productionWindowPlanner} and {@code productionWindowPreview} as the model calls them: the variables they
 * set, from the planned date and the calendar.
 */
class ProductionWindowPlannerTest {

    private static final Instant WEDNESDAY = Instant.parse("2026-12-09T10:00:00Z");
    private static final String SATURDAY_EVENING = "zone: Europe/Paris\nwindows:\n"
            + "  - { days: [SATURDAY], from: \"20:00\", to: \"23:59\" }\n";

    @TempDir
    Path folder;

    private final Map<String, Object> variables = new HashMap<>();
    private final Map<String, Object> taskVariables = new HashMap<>();

    private Optional<Duration> lastDowntimes = Optional.empty();

    private ProductionWindowPlanner planner(Instant now) {
        return new ProductionWindowPlanner(new ChangeCalendar(folder.resolve("change-calendar.yaml")),
                Clock.fixed(now, ZoneId.of("Europe/Paris")), new DowntimeEstimate(() -> lastDowntimes));
    }

    private void calendar(String text) throws IOException {
        Files.writeString(folder.resolve("change-calendar.yaml"), text);
    }

    private DelegateExecution release(Object... startForm) {
        for (int i = 0; i < startForm.length; i += 2) {
            variables.put((String) startForm[i], startForm[i + 1]);
        }
        DelegateExecution execution = mock(DelegateExecution.class);
        when(execution.getVariable(anyString())).thenAnswer(call -> variables.get(call.<String>getArgument(0)));
        doAnswer(call -> variables.put(call.getArgument(0), call.getArgument(1))).when(execution)
                .setVariable(anyString(), any());
        return execution;
    }

    private static Date date(String instant) {
        return Date.from(Instant.parse(instant));
    }

    @Test
    void releaseWaitsForTheNextWindow() throws IOException {
        calendar(SATURDAY_EVENING);

        planner(WEDNESDAY).notify(release("productionWindowPlanned", false));

        assertThat(variables).containsEntry("productionWindowStart", date("2026-12-12T19:00:00Z"))
                .containsEntry("productionWindowEnd", date("2026-12-12T22:59:00Z"))
                .containsEntry("waitForProductionWindow", true)
                .containsEntry("productionWindowText",
                        "Prochaine fenêtre de mise en production : samedi 12/12/2026 de 20:00 à 23:59 (heure de Paris)");
    }

    @Test
    void windowTooShortForTheLastReleasesDowntimeIsPassedOverAndSaid() throws IOException {
        calendar("zone: Europe/Paris\nwindows:\n"
                + "  - { days: [SATURDAY], from: \"20:00\", to: \"21:00\" }\n"
                + "  - { days: [SUNDAY], from: \"08:00\", to: \"12:00\" }\n");
        lastDowntimes = Optional.of(Duration.ofMinutes(75));

        planner(WEDNESDAY).notify(release("productionWindowPlanned", false));

        // Saturday's hour closes before a 1 h 15 downtime ends: the release waits for Sunday morning, and says why
        assertThat(variables).containsEntry("productionWindowStart", date("2026-12-13T07:00:00Z"))
                .containsEntry("productionWindowEnd", date("2026-12-13T11:00:00Z"))
                .containsEntry("downtimeEstimate",
                        "interruption estimée : 1 h 15 min (la plus longue des 5 dernières mises en production)")
                .containsEntry("productionWindowText", "Prochaine fenêtre de mise en production : dimanche 13/12/2026 "
                        + "de 08:00 à 12:00 (heure de Paris) (la fenêtre samedi 12/12/2026 de 20:00 à 21:00 "
                        + "(heure de Paris) est trop courte pour l'interruption estimée : 1 h 15 min (la plus longue des "
                        + "5 dernières mises en production))");
    }

    @Test
    void windowLongEnoughIsKeptAndTheEstimateShown() throws IOException {
        calendar(SATURDAY_EVENING);
        lastDowntimes = Optional.of(Duration.ofSeconds(754));

        planner(WEDNESDAY).notify(release("productionWindowPlanned", false));

        assertThat(variables).containsEntry("productionWindowStart", date("2026-12-12T19:00:00Z"))
                .containsEntry("productionWindowText", "Prochaine fenêtre de mise en production : samedi 12/12/2026 "
                        + "de 20:00 à 23:59 (heure de Paris) ; interruption estimée : 12 min 34 s (la plus longue des "
                        + "5 dernières mises en production)");
    }

    @Test
    void noWindowLongEnoughIsAnIncidentThatSaysWhy() throws IOException {
        calendar(SATURDAY_EVENING);
        lastDowntimes = Optional.of(Duration.ofHours(5));

        assertThatThrownBy(() -> planner(WEDNESDAY).notify(release("productionWindowPlanned", false)))
                .isInstanceOf(NoProductionWindowException.class)
                .hasMessageStartingWith("Aucune fenêtre de mise en production assez longue dans l'année pour "
                        + "l'interruption estimée : 5 h 00 min");
    }

    @Test
    void plannedDateLaterThanTheNextWindowWaitsForTheWindowAfterIt() throws IOException {
        calendar(SATURDAY_EVENING);

        planner(WEDNESDAY).notify(release("productionWindowPlanned", true, "productionWindow", "2026-12-13T10:00+01:00"));

        assertThat(variables).containsEntry("productionWindowStart", date("2026-12-19T19:00:00Z"))
                .containsEntry("productionWindowEnd", date("2026-12-19T22:59:00Z"))
                .containsEntry("waitForProductionWindow", true)
                .containsEntry("productionWindowText",
                        "Prochaine fenêtre de mise en production : samedi 19/12/2026 de 20:00 à 23:59 (heure de Paris)");
    }

    @Test
    void plannedDateInsideAWindowStartsThere() throws IOException {
        calendar(SATURDAY_EVENING);

        // a local date and time is in the calendar's zone
        planner(WEDNESDAY).notify(release("productionWindowPlanned", true, "productionWindow", "2026-12-12T21:00"));

        assertThat(variables).containsEntry("productionWindowStart", date("2026-12-12T20:00:00Z"))
                .containsEntry("productionWindowText",
                        "Prochaine fenêtre de mise en production : samedi 12/12/2026 de 21:00 à 23:59 (heure de Paris)");
    }

    @Test
    void insideAWindowTheReleaseGoesOnNow() throws IOException {
        calendar(SATURDAY_EVENING);
        Instant saturdayNight = Instant.parse("2026-12-12T20:00:00Z");

        planner(saturdayNight).notify(release("productionWindowPlanned", false));

        assertThat(variables).containsEntry("productionWindowStart", Date.from(saturdayNight))
                .containsEntry("productionWindowEnd", date("2026-12-12T22:59:00Z"))
                .containsEntry("waitForProductionWindow", false)
                .containsEntry("productionWindowText",
                        "Fenêtre ouverte maintenant, jusqu'à samedi 12/12/2026 23:59 (heure de Paris)");
    }

    @Test
    void withoutCalendarNowOrThePlannedDate() {
        planner(WEDNESDAY).notify(release("productionWindowPlanned", false));
        assertThat(variables).containsEntry("productionWindowStart", Date.from(WEDNESDAY))
                .containsEntry("productionWindowEnd", null)
                .containsEntry("waitForProductionWindow", false)
                .containsEntry("productionWindowText",
                        "Fenêtre ouverte maintenant : aucun calendrier des changements ne limite la mise en production");

        variables.clear();
        planner(WEDNESDAY).notify(release("productionWindowPlanned", true, "productionWindow", "2026-12-24T06:00:00Z"));
        assertThat(variables).containsEntry("productionWindowStart", date("2026-12-24T06:00:00Z"))
                .containsEntry("productionWindowEnd", null)
                .containsEntry("waitForProductionWindow", true)
                .containsEntry("productionWindowText",
                        "Prochaine fenêtre de mise en production : à partir du jeudi 24/12/2026 07:00 (heure de Paris)");
    }

    @Test
    void plannedDateAlreadyPastMeansNow() {
        planner(WEDNESDAY).notify(release("productionWindowPlanned", true, "productionWindow", "2026-12-01"));

        assertThat(variables).containsEntry("productionWindowStart", Date.from(WEDNESDAY))
                .containsEntry("waitForProductionWindow", false);
    }

    @Test
    void noWindowInTheYearStopsWithTheReasonInFrench() throws IOException {
        calendar(SATURDAY_EVENING + "freezes:\n  - { name: \"Gel total\", yearly: { from: \"01-01\", to: \"12-31\" } }\n");

        assertThatThrownBy(() -> planner(WEDNESDAY).notify(release("productionWindowPlanned", false)))
                .isInstanceOf(NoProductionWindowException.class)
                .hasMessageStartingWith("Aucune fenêtre de mise en production dans l'année : le calendrier des "
                        + "changements n'en ouvre aucune hors des gels entre le mercredi 09/12/2026 11:00 et le ")
                .hasMessageContaining(" (heure de Paris). Corrigez le calendrier").hasMessageNotContaining("Europe/");
        assertThat(variables).doesNotContainKeys("productionWindowStart", "waitForProductionWindow");
    }

    @Test
    void unreadablePlannedDateIsSaid() {
        assertThatThrownBy(() -> planner(WEDNESDAY).notify(release("productionWindowPlanned", true,
                "productionWindow", "samedi soir"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Date de la fenêtre de mise en production planifiée illisible : « samedi soir » "
                        + "(attendu par exemple 2026-12-12T20:00+01:00)");
    }

    @Test
    void previewSetsTheTextOnTheAcceptanceTaskOnly() throws IOException {
        calendar(SATURDAY_EVENING);
        DelegateTask acceptance = acceptance("productionWindowPlanned", false);

        new ProductionWindowPreview(planner(WEDNESDAY)).notify(acceptance);

        assertThat(taskVariables).isEqualTo(Map.of("productionWindowText",
                "Prochaine fenêtre : samedi 12/12/2026 de 20:00 à 23:59 (heure de Paris)"));
        assertThat(variables).containsOnlyKeys("productionWindowPlanned");
    }

    @Test
    void previewOfABrokenCalendarSaysSoAndStillCreatesTheTask() throws IOException {
        calendar("zone: Europe/Paris\nwindows:\n  - { days: [SATURDAY], from: \"20:00\", to: \"19:00\" }\n");

        new ProductionWindowPreview(planner(WEDNESDAY)).notify(acceptance("productionWindowPlanned", false));

        assertThat(taskVariables.get("productionWindowText")).isEqualTo("Prochaine fenêtre : inconnue — Calendrier des "
                + "changements, ligne 3 : « to » (19:00) doit être après « from » (20:00) ; une fenêtre qui passe "
                + "minuit s'écrit en deux : jusqu'à « 24:00 », puis le lendemain dès « 00:00 ».");
    }

    private DelegateTask acceptance(Object... startForm) {
        for (int i = 0; i < startForm.length; i += 2) {
            variables.put((String) startForm[i], startForm[i + 1]);
        }
        DelegateTask task = mock(DelegateTask.class);
        when(task.getVariable(anyString())).thenAnswer(call -> variables.get(call.<String>getArgument(0)));
        doAnswer(call -> taskVariables.put(call.getArgument(0), call.getArgument(1))).when(task)
                .setVariableLocal(anyString(), any());
        return task;
    }
}
