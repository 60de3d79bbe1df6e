package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.releasegate.testsupport.ApplicationClient.Response;
import org.springframework.http.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The webapps' login page comes before anyone is known: everything that makes it French, branded and free of the
 * Camunda 8 banner is served to anonymous visitors, as the browser needs it (scripts as JavaScript, for the ES
 * module import of the configuration).
 */
class FrenchWebappsServedTest extends IntegrationTest {


    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void eachAppServesItsConfigurationInFrenchAndBrandedToAnyone(String app) {
        Response config = client.get("/camunda/app/" + app + "/scripts/config.js");

        assertThat(config.status()).isEqualTo(200);
        assertThat(MediaType.parseMediaType(config.header("Content-Type")).getSubtype()).isEqualTo("javascript");
        assertThat(config.body()).contains("from '../../release-gate/webapps.js'", "locales,", "app: brand(",
                "customScripts: ['../release-gate/angular-locale'");
        if (app.equals("tasklist") || app.equals("cockpit")) {
            assertThat(config.body()).contains("'../release-gate/releases-link'");
        }
    }

    /** Camunda's own welcome page is English, sells Camunda 8 and gives demo / demo as a login: ours leads to Welcome. */
    @Test
    void camundasWelcomePageLeadsToTheFrenchWelcomeApp() {
        Response welcome = client.get("/camunda-welcome/index.html");

        assertThat(welcome.status()).isEqualTo(200);
        assertThat(welcome.body()).contains("<html lang=\"fr\">", "url=../camunda/app/welcome/default/",
                "Ouvrir l'accueil de Release Gate").doesNotContain("Camunda 8", "demo / demo", "Welcome to");
    }

    @Test
    void tasklistAndCockpitLinkToTheViewOfEveryRelease() {
        Response link = client.get("/camunda/app/release-gate/releases-link.js");
        assertThat(link.status()).isEqualTo(200);
        assertThat(link.body()).contains("pluginPoint: 'cockpit.navigation'", "pluginPoint: 'tasklist.navbar.action'",
                "'/releases'", "'Mises en production'");
    }

    @Test
    void theSharedSettingsMakeFrenchTheOnlyLanguageUnlessEnglishWasChosen() {
        Response shared = client.get("/camunda/app/release-gate/webapps.js");

        assertThat(shared.status()).isEqualTo(200);
        assertThat(MediaType.parseMediaType(shared.header("Content-Type")).getSubtype()).isEqualTo("javascript");
        assertThat(shared.body()).contains("availableLocales: [language], fallbackLocale: language",
                "=== 'en' ? 'en' : 'fr'", "vendor: 'Release Gate'");
    }

    @Test
    void tasklistSaysInFrenchWhatCamundaFormsWriteInEnglish() {
        assertThat(client.get("/camunda/app/tasklist/scripts/config.js").body())
                .contains("'../release-gate/form-french'");
        Response forms = client.get("/camunda/app/release-gate/form-french.js");

        assertThat(forms.status()).isEqualTo(200);
        assertThat(MediaType.parseMediaType(forms.header("Content-Type")).getSubtype()).isEqualTo("javascript");
        assertThat(forms.body()).contains("import { language } from './webapps.js'", "/^Field is required\\.$/",
                "'Champ obligatoire.'", "Search: 'Rechercher'", ".fjs-form-field-error");
    }

    @Test
    void theDatePickersGetFrenchMonthsAndDays() {
        Response dates = client.get("/camunda/app/release-gate/angular-locale.js");

        assertThat(dates.status()).isEqualTo(200);
        assertThat(MediaType.parseMediaType(dates.header("Content-Type")).getSubtype()).isEqualTo("javascript");
        assertThat(dates.body()).contains("import { language } from './webapps.js'", "'janvier'", "'lun.'",
                "FIRSTDAYOFWEEK: 0", "module('cam.commons').run(");
    }

    /** Cockpit fixes its tables' date format itself, ignoring config.js's dateFormat: set again in French. */
    @Test
    void cockpitsTablesWriteDatesTheFrenchWay() {
        Response config = client.get("/camunda/app/cockpit/scripts/config.js");
        Response dates = client.get("/camunda/app/release-gate/cockpit-dates.js");

        assertThat(config.body()).contains("'../release-gate/cockpit-dates'");
        assertThat(dates.status()).isEqualTo(200);
        assertThat(MediaType.parseMediaType(dates.header("Content-Type")).getSubtype()).isEqualTo("javascript");
        assertThat(dates.body()).contains("FRENCH_TABLE_DATES = 'DD/MM/YYYY HH:mm:ss'", "if (language === 'fr')",
                ".config(['camDateFormatProvider'", ".run(() => dateFormats.setDateFormat(FRENCH_TABLE_DATES, 'normal'))");
    }

    /** Cockpit's plugins write a few texts literally in English, and name a repeated activity by its id. */
    @Test
    void cockpitSaysInFrenchWhatItWritesInEnglishWhateverItsLocale() {
        Response config = client.get("/camunda/app/cockpit/scripts/config.js");
        Response french = client.get("/camunda/app/release-gate/cockpit-french.js");

        assertThat(config.body()).contains("'../release-gate/cockpit-french'");
        assertThat(french.status()).isEqualTo(200);
        assertThat(MediaType.parseMediaType(french.header("Content-Type")).getSubtype()).isEqualTo("javascript");
        assertThat(french.body()).contains("import { language } from './webapps.js'",
                "'Toggle this section': 'Afficher ou masquer cette section'", "#multiInstanceBody", "if (language === 'fr')");
    }

    /**
     * RequireJS gives up on a script of the webapps' start still loading after 7 s, and the page then stays on its
     * spinner: the shared settings lift that limit before the start asks for them (the browser test serves one late).
     */
    @Test
    void theWebappsWaitForEveryScriptOfTheirStart() {
        assertThat(client.get("/camunda/app/release-gate/webapps.js").body())
                .contains("requirejs.config({ waitSeconds: 0 })", "waitForEveryScript();");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void eachAppServesItsFrenchLoginPageLabelsToAnyone(String app) {
        Response french = client.get("/camunda/app/" + app + "/locales/fr.json");

        assertThat(french.status()).isEqualTo(200);
        assertThat(MediaType.parseMediaType(french.header("Content-Type")).isCompatibleWith(MediaType.APPLICATION_JSON))
                .isTrue();
        JsonNode labels = french.json().path("labels");
        assertThat(labels.path("PAGE_LOGIN_USERNAME").asText()).isEqualTo("Nom d'utilisateur");
        assertThat(labels.path("PAGE_LOGIN_PASSWORD").asText()).isEqualTo("Mot de passe");
        assertThat(labels.path("PAGE_LOGIN_SIGN_IN_ACTION").asText()).isEqualTo("Se connecter");
        assertThat(labels.path("PAGE_LOGIN_ERROR_MSG").asText()).startsWith("Identifiants incorrects");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void englishStaysAvailable(String app) {
        Response english = client.get("/camunda/app/" + app + "/locales/en.json");

        assertThat(english.status()).isEqualTo(200);
        assertThat(english.json().path("labels").path("PAGE_LOGIN_SIGN_IN_ACTION").asText()).isEqualTo("Log in");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void eachAppsLoginPageLoadsTheStylesThatHideTheCamunda8Banner(String app) {
        Response page = client.get("/camunda/app/" + app + "/default/");
        Response styles = client.get("/camunda/app/" + app + "/styles/user-styles.css");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("/app/" + app + "/styles/user-styles.css");
        assertThat(styles.status()).isEqualTo(200);
        assertThat(styles.body()).contains(".ce-eol-banner {\n  display: none;\n}");
    }
}
