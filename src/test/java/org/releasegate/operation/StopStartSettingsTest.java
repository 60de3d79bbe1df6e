package org.releasegate.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** stop / start settings: defaults, and what refuses start-up. */
class StopStartSettingsTest {

    private static final String PRODUCTION = "releasegate.environments.production.";

    @Test
    void defaultsAreFiveMinutesPerCommand() {
        MockEnvironment spring = new MockEnvironment()
                .withProperty(PRODUCTION + "data.type", "directory")
                .withProperty(PRODUCTION + "stop.command[0]", "true")
                .withProperty(PRODUCTION + "start.command[0]", "true");

        StopStartSettings settings = StopStartSettings.of(spring, "production");

        assertThat(settings.stopCommand()).get().extracting(StopStartSettings.CommandSettings::timeout)
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.startCommand()).get().extracting(StopStartSettings.CommandSettings::command)
                .isEqualTo(List.of("true"));
        assertThat(StopStartSettings.of(spring, "test")).isEqualTo(new StopStartSettings(null, null, null));
        assertThat(check(spring).problems(spring)).isEmpty();
    }

    @Test
    void aStopProgramThatDoesNotExistRefusesStartUpNamingTheSetting() {
        MockEnvironment spring = new MockEnvironment()
                .withProperty(PRODUCTION + "stop.command[0]", "/opt/nulle-part/arreter-gestan")
                .withProperty(PRODUCTION + "stop.timeout", "0s")
                .withProperty(PRODUCTION + "start.command[0]", "true");
        StopStartSettingsCheck check = check(spring);

        assertThatThrownBy(() -> check.postProcessBeanFactory(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Stop / start settings are wrong")
                .hasMessageContaining(PRODUCTION + "stop.command: program /opt/nulle-part/arreter-gestan does not exist")
                .hasMessageContaining(PRODUCTION + "stop.timeout must be positive");
    }

    @Test
    void aProgramIsNotLookedForWhereNoWorkerRuns() {
        MockEnvironment spring = new MockEnvironment().withProperty("releasegate.worker.enabled", "false")
                .withProperty(PRODUCTION + "stop.command[0]", "arreter-gestan-introuvable")
                .withProperty(PRODUCTION + "start.command[0]", "demarrer-gestan-introuvable");

        assertThat(check(spring).problems(spring)).isEmpty();
    }

    @Test
    void aStopWithoutStartOrACommandWithoutCommandLineIsRefused() {
        MockEnvironment spring = new MockEnvironment()
                .withProperty(PRODUCTION + "stop.command[0]", "true")
                .withProperty("releasegate.environments.test.start.timeout", "1m")
                .withProperty("releasegate.environments.test.stop.command[0]", "true");

        assertThat(check(spring).problems(spring)).containsExactly(
                PRODUCTION.replaceAll("\\.$", "") + ": set both stop and start, or neither (stop without start:"
                        + " the environment would stay stopped)",
                "releasegate.environments.test.start.command is not set: give the command line, one argument per item");
    }

    private static StopStartSettingsCheck check(MockEnvironment spring) {
        StopStartSettingsCheck check = new StopStartSettingsCheck();
        check.setEnvironment(spring);
        return check;
    }
}
