package org.releasegate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The webapps' login page comes before anyone is known: everything that makes it French, branded and free of the
 * Camunda 8 banner is served to anonymous visitors, as the browser needs it (scripts as JavaScript, for the ES
 * module import of the configuration).
 */
class FrenchWebappsServedTest extends IntegrationTest {

    @Autowired
    TestRestTemplate rest;

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void eachAppServesItsConfigurationInFrenchAndBrandedToAnyone(String app) {
        ResponseEntity<String> config = rest.getForEntity("/camunda/app/" + app + "/scripts/config.js", String.class);

        assertThat(config.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(config.getHeaders().getContentType().getSubtype()).isEqualTo("javascript");
        assertThat(config.getBody()).contains("from '../../release-gate/webapps.js'", "locales,", "app: brand(",
                "customScripts: ['../release-gate/angular-locale'");
        if (app.equals("tasklist") || app.equals("cockpit")) {
            assertThat(config.getBody()).contains("'../release-gate/releases-link'");
        }
    }

    @Test
    void tasklistAndCockpitLinkToTheViewOfEveryRelease() {
        ResponseEntity<String> link = rest.getForEntity("/camunda/app/release-gate/releases-link.js", String.class);
        assertThat(link.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(link.getBody()).contains("pluginPoint: 'cockpit.navigation'", "pluginPoint: 'tasklist.navbar.action'",
                "'/releases'", "'Mises en production'");
    }

    @Test
    void theSharedSettingsMakeFrenchTheOnlyLanguageUnlessEnglishWasChosen() {
        ResponseEntity<String> shared = rest.getForEntity("/camunda/app/release-gate/webapps.js", String.class);

        assertThat(shared.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(shared.getHeaders().getContentType().getSubtype()).isEqualTo("javascript");
        assertThat(shared.getBody()).contains("availableLocales: [language], fallbackLocale: language",
                "=== 'en' ? 'en' : 'fr'", "vendor: 'Release Gate'");
    }

    @Test
    void tasklistSaysInFrenchWhatCamundaFormsWriteInEnglish() {
        assertThat(rest.getForObject("/camunda/app/tasklist/scripts/config.js", String.class))
                .contains("'../release-gate/form-french'");
        ResponseEntity<String> forms = rest.getForEntity("/camunda/app/release-gate/form-french.js", String.class);

        assertThat(forms.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(forms.getHeaders().getContentType().getSubtype()).isEqualTo("javascript");
        assertThat(forms.getBody()).contains("import { language } from './webapps.js'", "/^Field is required\\.$/",
                "'Champ obligatoire.'", "Search: 'Rechercher'", ".fjs-form-field-error");
    }

    @Test
    void theDatePickersGetFrenchMonthsAndDays() {
        ResponseEntity<String> dates = rest.getForEntity("/camunda/app/release-gate/angular-locale.js", String.class);

        assertThat(dates.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(dates.getHeaders().getContentType().getSubtype()).isEqualTo("javascript");
        assertThat(dates.getBody()).contains("import { language } from './webapps.js'", "'janvier'", "'lun.'",
                "FIRSTDAYOFWEEK: 0", "module('cam.commons').run(");
    }

    /** Cockpit fixes its tables' date format itself, ignoring config.js's dateFormat: set again in French. */
    @Test
    void cockpitsTablesWriteDatesTheFrenchWay() {
        ResponseEntity<String> config = rest.getForEntity("/camunda/app/cockpit/scripts/config.js", String.class);
        ResponseEntity<String> dates = rest.getForEntity("/camunda/app/release-gate/cockpit-dates.js", String.class);

        assertThat(config.getBody()).contains("'../release-gate/cockpit-dates']");
        assertThat(dates.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(dates.getHeaders().getContentType().getSubtype()).isEqualTo("javascript");
        assertThat(dates.getBody()).contains("FRENCH_TABLE_DATES = 'DD/MM/YYYY HH:mm:ss'", "if (language === 'fr')",
                ".config(['camDateFormatProvider'", ".run(() => dateFormats.setDateFormat(FRENCH_TABLE_DATES, 'normal'))");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void eachAppServesItsFrenchLoginPageLabelsToAnyone(String app) {
        ResponseEntity<JsonNode> french = rest.getForEntity("/camunda/app/" + app + "/locales/fr.json", JsonNode.class);

        assertThat(french.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(french.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
        JsonNode labels = french.getBody().path("labels");
        assertThat(labels.path("PAGE_LOGIN_USERNAME").asText()).isEqualTo("Nom d'utilisateur");
        assertThat(labels.path("PAGE_LOGIN_PASSWORD").asText()).isEqualTo("Mot de passe");
        assertThat(labels.path("PAGE_LOGIN_SIGN_IN_ACTION").asText()).isEqualTo("Se connecter");
        assertThat(labels.path("PAGE_LOGIN_ERROR_MSG").asText()).startsWith("Identifiants incorrects");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void englishStaysAvailable(String app) {
        ResponseEntity<JsonNode> english = rest.getForEntity("/camunda/app/" + app + "/locales/en.json", JsonNode.class);

        assertThat(english.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(english.getBody().path("labels").path("PAGE_LOGIN_SIGN_IN_ACTION").asText()).isEqualTo("Log in");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void eachAppsLoginPageLoadsTheStylesThatHideTheCamunda8Banner(String app) {
        ResponseEntity<String> page = rest.getForEntity("/camunda/app/" + app + "/default/", String.class);
        ResponseEntity<String> styles = rest.getForEntity("/camunda/app/" + app + "/styles/user-styles.css", String.class);

        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("/app/" + app + "/styles/user-styles.css");
        assertThat(styles.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(styles.getBody()).contains(".ce-eol-banner {\n  display: none;\n}");
    }
}
