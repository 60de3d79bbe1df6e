package org.releasegate.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every text Release Gate writes for a person, read by key from one French bundle,
 * {@code messages/release-gate.properties} (UTF-8): the texts live in one place, where they can be read, reworded and
 * checked together ({@code MessageBundleTest}). Arguments fill {@code {0}}, {@code {1}}… as they are.
 * <p>
 * A static class rather than Spring's {@code MessageSource}: most of these texts are made where no Spring bean is at
 * hand (engine listeners and plugins, exceptions thrown deep in a step, the agent, the offline report verifier), and
 * the application speaks one language, so there is no locale to negotiate. Not {@link java.text.MessageFormat} either:
 * it takes every apostrophe as a quote, which French is full of (« l'urgence »), and writes numbers with the JVM's
 * grouping.
 */
public final class Messages {

    static final String BUNDLE = "messages/release-gate.properties";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");
    private static final Map<String, String> TEXTS = load();

    private Messages() {
    }

    /**
     * @param key       a key of the bundle
     * @param arguments one for each placeholder of the text, {@code {0}} first
     * @throws IllegalArgumentException if the key is not in the bundle or the arguments do not match its placeholders
     */
    public static String text(String key, Object... arguments) {
        String text = TEXTS.get(key);
        if (text == null) {
            throw new IllegalArgumentException("No message " + key + " in " + BUNDLE);
        }
        int expected = placeholders(text).size();
        if (arguments.length != expected) {
            throw new IllegalArgumentException("Message " + key + " takes " + expected + " arguments, not "
                    + arguments.length);
        }
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(filled,
                    Matcher.quoteReplacement(String.valueOf(arguments[Integer.parseInt(placeholder.group(1))])));
        }
        return placeholder.appendTail(filled).toString();
    }

    /**
     * Whether a message was written from this bundle: it reads as one of its texts, whatever fills the placeholders.
     * Texts with fewer than a dozen letters of their own are not told apart (« {0} : {1} » reads as
     * anything). For what shows a person a failure that could be English from a library: only the bundle's texts pass.
     */
    public static boolean isBundleText(String message) {
        return message != null && SHAPES.stream().anyMatch(shape -> shape.matcher(message).matches());
    }

    private static final java.util.List<Pattern> SHAPES = TEXTS.values().stream()
            .filter(text -> PLACEHOLDER.matcher(text).replaceAll("").replaceAll("[^\\p{L}]", "").length() >= 12)
            .map(Messages::shape).toList();

    private static Pattern shape(String text) {
        StringBuilder regex = new StringBuilder();
        Matcher placeholder = PLACEHOLDER.matcher(text);
        int from = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(text.substring(from, placeholder.start()))).append(".*?");
            from = placeholder.end();
        }
        regex.append(Pattern.quote(text.substring(from)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** Every key and its text, as the bundle has them (for the bundle's own checks). */
    static Map<String, String> all() {
        return TEXTS;
    }

    /** The indexes of a text's placeholders; they must be 0, 1… without a gap, as {@link #text} counts them. */
    static Set<Integer> placeholders(String text) {
        Set<Integer> indexes = new TreeSet<>();
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            indexes.add(Integer.parseInt(placeholder.group(1)));
        }
        return indexes;
    }

    private static Map<String, String> load() {
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(BUNDLE)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLE + " is not on the classpath");
            }
            Properties properties = new Properties();
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            Map<String, String> texts = new TreeMap<>();
            properties.stringPropertyNames().forEach(key -> texts.put(key, properties.getProperty(key)));
            return Map.copyOf(texts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
