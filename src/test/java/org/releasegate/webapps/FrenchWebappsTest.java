package org.releasegate.webapps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The French screens keep in step with Camunda's own English ones: for each webapp, Release Gate's
 * {@code locales/fr.json} has exactly the keys of the {@code en.json} in Camunda's webjar, says every label in
 * French, and keeps the placeholders and markup the webapps fill in. After a Camunda upgrade this test names every
 * label the French file lacks or no longer needs.
 */
class FrenchWebappsTest {

    private static final String LOCALES = "META-INF/resources/webjars/camunda/app/%s/locales/%s.json";
    private static final String WEBJAR = "camunda-webapp-webjar";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]*}}");
    private static final Pattern MARKUP = Pattern.compile("</?(?:a|b|br|code|em|i|li|p|span|strong|ul)\\b[^>]*>");
    private static final Pattern WORD = Pattern.compile("\\p{L}+");
    private static final String BOOTSTRAP = "META-INF/resources/webjars/camunda/app/%s/camunda-%s-bootstrap.js";
    /** A filter criterion's label or group in Tasklist's script: {@code label:"Business Key"}, {@code group:"Dates"}. */
    private static final Pattern CRITERION_TEXT = Pattern.compile("\\b(?:label|group):\"[A-Z][A-Za-z /]*\"");

    /**
     * Words a French screen writes as the English one does, the only ones a French label may share with its
     * English label: French words spelled the same; the terms a French IT department keeps in English (job,
     * incident) or as literals (null, OK, ID, CSV, JSON); the apps' names; and "s", the plural ending some labels
     * add to a word shown before it.
     */
    private static final Set<String> SAME_IN_FRENCH = Set.of(
            "action", "actions", "active", "annotation", "application", "applications", "configuration",
            "date", "description", "documentation", "exception", "incident", "incidents", "instance", "instances",
            "message", "migration", "notification", "options", "source", "total", "type", "types", "variable",
            "variables", "version",
            "job", "jobs", "null", "ok", "id", "csv", "json",
            "cockpit", "tasklist",
            "s");

    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void frenchHasExactlyTheKeysOfTheWebappsOwnEnglish(String app) throws IOException {
        Set<String> english = paths(english(app));
        Set<String> french = paths(french(app));

        assertThat(difference(english, french)).as("keys of %s's en.json missing from fr.json", app).isEmpty();
        assertThat(difference(difference(french, english), literalsTranslatedAsTheyAre(app)))
                .as("keys of %s's fr.json that neither en.json nor the app's script has", app).isEmpty();
    }

    /**
     * Texts an app's script gives to {@code translate} as they are, with no key in en.json: Tasklist's filter criteria
     * ({@code {group:"Process Instance",options:[{…,label:"Business Key"}…]}}, shown as {@code criterion.label |
     * translate}), English in every language unless fr.json has them as keys. Read from the webjar's script, so that
     * a French key the script no longer has fails the test above.
     */
    private Set<String> literalsTranslatedAsTheyAre(String app) throws IOException {
        String name = BOOTSTRAP.formatted(app, app);
        for (URL url : Collections.list(getClass().getClassLoader().getResources(name))) {
            if (url.toString().contains(WEBJAR)) {
                try (InputStream in = url.openStream()) {
                    String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    Set<String> literals = new TreeSet<>();
                    matches(CRITERION_TEXT, script).forEach(found -> literals.add(
                            "labels." + found.substring(found.indexOf('"') + 1, found.length() - 1)));
                    return literals;
                }
            }
        }
        throw new AssertionError("no " + name + " in " + WEBJAR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void noFrenchLabelIsLeftInEnglish(String app) throws IOException {
        JsonNode english = english(app).path("labels");
        JsonNode french = french(app).path("labels");
        List<String> leftInEnglish = new ArrayList<>();
        english.fields().forEachRemaining(label -> {
            String text = label.getValue().asText().strip();
            if (text.equals(french.path(label.getKey()).asText().strip()) && !sameInFrench(text)) {
                leftInEnglish.add(label.getKey() + " = \"" + text + "\"");
            }
        });

        assertThat(leftInEnglish).as("labels of %s's fr.json still in English", app).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
    void everyPlaceholderAndTagOfTheEnglishLabelsIsInTheFrenchOnes(String app) throws IOException {
        JsonNode english = english(app).path("labels");
        JsonNode french = french(app).path("labels");
        List<String> lost = new ArrayList<>();
        english.fields().forEachRemaining(label -> {
            String text = label.getValue().asText();
            String translation = french.path(label.getKey()).asText();
            Set<String> placeholders = new TreeSet<>(matches(PLACEHOLDER, text));
            placeholders.removeAll(matches(PLACEHOLDER, translation));
            if (!placeholders.isEmpty()) {
                lost.add(label.getKey() + " lacks " + placeholders);
            }
            List<String> tags = matches(MARKUP, text);
            List<String> translatedTags = matches(MARKUP, translation);
            Collections.sort(tags);
            Collections.sort(translatedTags);
            if (!tags.equals(translatedTags)) {
                lost.add(label.getKey() + " has the tags " + translatedTags + " instead of " + tags);
            }
        });

        assertThat(lost).as("placeholders and markup of %s's labels", app).isEmpty();
    }

    /** The webapps give a locale file's {@code dateLocales} to moment.js, which writes every date they show. */
    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin"})
    void datesAreWrittenInFrench(String app) throws IOException {
        JsonNode dates = french(app).path("dateLocales");

        assertThat(texts(dates.path("months"))).startsWith("janvier", "février").endsWith("décembre");
        assertThat(texts(dates.path("weekdays"))).startsWith("dimanche", "lundi");
        assertThat(dates.path("week").path("dow").asInt()).as("weeks start on Monday").isEqualTo(1);
        assertThat(dates.path("longDateFormat").path("LT").asText()).as("24-hour clock").isEqualTo("HH:mm");
        assertThat(dates.path("longDateFormat").path("LLLL").asText()).isEqualTo("dddd D MMMM YYYY LT");
        assertThat(dates.path("relativeTime").path("past").asText()).isEqualTo("il y a %s");
        assertThat(dates.path("calendar").path("sameDay").asText()).isEqualTo("[Aujourd'hui à] LT");
    }

    /**
     * Tasklist writes a notification as its title, « : », then the server's message (« Le processus n'a pas pu être
     * démarré : Une mise en production est déjà en cours… »): a title ending with a period would read « démarré. : ».
     * These are the titles Tasklist follows with the server's message (its task actions, the start form, task saving).
     */
    @ParameterizedTest
    @ValueSource(strings = {"ASSIGNED_ERROR", "ASSIGNEE_RESET_ERROR", "CLAIM_ERROR", "DELEGATE_ERROR",
            "PROCESS_START_ERROR", "RESOLVE_ERROR", "TASK_UPDATE_ERROR", "UNCLAIM_ERROR", "TASK_SAVE_ERROR",
            "COMMENT_SAVE_ERROR", "FILTER_SAVE_ERROR", "LOAD_VARIABLES_FAILURE", "PAGE_LOGIN_FAILED"})
    void aTitleTasklistFollowsWithTheServersMessageEndsWithoutAPeriod(String key) throws IOException {
        String title = french("tasklist").path("labels").path(key).asText();

        assertThat(title).as(key).isNotBlank().doesNotEndWith(".").doesNotEndWith(" ");
        assertThat(english("tasklist").path("labels").has(key)).as("Tasklist still has " + key).isTrue();
    }

    private static boolean sameInFrench(String text) {
        return matches(WORD, PLACEHOLDER.matcher(text).replaceAll(" ")).stream()
                .allMatch(word -> SAME_IN_FRENCH.contains(word.toLowerCase(Locale.ROOT)));
    }

    /** The en.json of Camunda's webjar: what the webapps show in English, whatever this application adds. */
    private JsonNode english(String app) throws IOException {
        String name = LOCALES.formatted(app, "en");
        for (URL url : Collections.list(getClass().getClassLoader().getResources(name))) {
            if (url.toString().contains(WEBJAR)) {
                try (InputStream in = url.openStream()) {
                    return json.readTree(in);
                }
            }
        }
        throw new AssertionError("no " + name + " in " + WEBJAR);
    }

    private JsonNode french(String app) throws IOException {
        String name = LOCALES.formatted(app, "fr");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return json.readTree(in);
        }
    }

    /** Every key of a locale file, by path ({@code labels.CLAIM_TASK}, {@code dateLocales.months[0]}). */
    private static Set<String> paths(JsonNode node) {
        Set<String> paths = new LinkedHashSet<>();
        collect("", node, paths);
        return paths;
    }

    private static void collect(String path, JsonNode node, Set<String> paths) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> collect(path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
                    field.getValue(), paths));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(path + "[" + i + "]", node.get(i), paths);
            }
        } else {
            paths.add(path);
        }
    }

    private static Set<String> difference(Set<String> all, Set<String> removed) {
        Set<String> left = new TreeSet<>(all);
        left.removeAll(removed);
        return left;
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
