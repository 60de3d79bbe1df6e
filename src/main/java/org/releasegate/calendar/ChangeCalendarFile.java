package org.releasegate.calendar;

import java.io.StringReader;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.releasegate.message.Messages;
import org.releasegate.textfile.CompanyFile;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The change-calendar file, in YAML (a calendar sent as JSON to the REST API is read by the same rules, JSON being
 * YAML):
 *
 * <pre>
 * zone: Europe/Paris
 * windows:
 *   - { days: [SATURDAY], from: "20:00", to: "23:59" }
 *   - { date: "2026-12-24", from: "06:00", to: "08:00" }
 * freezes:
 *   - { name: "Clôture annuelle", from: "2026-12-20", to: "2027-01-05" }
 *   - { name: "Clôture mensuelle", lastDaysOfMonth: 3 }
 *   - { name: "Inventaire", yearly: { from: "06-28", to: "07-02" } }
 * </pre>
 *
 * Read as SnakeYAML nodes (never bound to objects), so every refusal names its line: unknown or repeated fields,
 * missing values, bad times and dates, an end before its start, YAML anchors and aliases. Values are read as the
 * text written, so an unquoted {@code 20:00} (a base-60 number to YAML 1.1) is still a time.
 */
final class ChangeCalendarFile {

    static final int MAX_ENTRIES = 1000;
    static final int MAX_NAME = 200;
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])|(24):(00)");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern DATE_TIME = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}");
    private static final Pattern MONTH_DAY = Pattern.compile("[0-9]{2}-[0-9]{2}");
    private static final List<String> ROOT_FIELDS = List.of("zone", "windows", "freezes");
    private static final List<String> WINDOW_FIELDS = List.of("days", "date", "from", "to");
    private static final List<String> FREEZE_FIELDS = List.of("name", "from", "to", "lastDaysOfMonth", "yearly");
    private static final List<String> YEARLY_FIELDS = List.of("from", "to");
    private static final Map<String, DayOfWeek> FRENCH_DAYS = Map.of("lundi", DayOfWeek.MONDAY, "mardi",
            DayOfWeek.TUESDAY, "mercredi", DayOfWeek.WEDNESDAY, "jeudi", DayOfWeek.THURSDAY, "vendredi",
            DayOfWeek.FRIDAY, "samedi", DayOfWeek.SATURDAY, "dimanche", DayOfWeek.SUNDAY);
    private static final String HEADER = """
            # Calendrier des changements : quand la production peut être modifiée.
            # zone : fuseau horaire des heures et des dates ci-dessous.
            # windows : fenêtres de mise en production, chaque semaine (days: [SATURDAY] ou [samedi]) ou à une date
            #   (date: "2026-12-24"), de « from » à « to » (HH:MM, « to » après « from », 24:00 pour minuit en fin de
            #   journée). Aucune fenêtre = à tout moment hors des gels.
            # freezes : gels, jamais de mise en production pendant, même dans une fenêtre : une fois (from/to : dates
            #   incluses, ou date et heure « 2026-12-12T22:00 »), chaque mois (lastDaysOfMonth: 3) ou chaque année
            #   (yearly: { from: "12-20", to: "01-05" }, à cheval sur le nouvel an si « to » précède « from »).
            # Lu à chaque calcul : une modification s'applique sans redémarrage. Modifiable à la main ou par l'API REST
            # /api/change-calendar (qui réécrit ce fichier sans ses commentaires).
            """;

    private ChangeCalendarFile() {
    }

    /** @param source how to name the text in messages (« Calendrier des changements », « Calendrier envoyé ») */
    static CalendarRules parse(String text, String source) {
        if (text.stripLeading().startsWith("{")) {
            // JSON (the REST API's body), often indented with tabs, which YAML refuses; JSON allows a raw tab nowhere
            // but between tokens, so spaces in their place change nothing, not even line numbers
            text = text.replace('\t', ' ');
        }
        Node root;
        try {
            root = new Yaml(CompanyFile.yamlOptions(text.length())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            // SnakeYAML's English goes to the server's log; the person reads a French reason with the line.
            throw rejectedWithDetail(source, e.getProblemMark(), e.getProblem(), yamlReason(e.getProblem()));
        } catch (YAMLException e) {
            throw new CalendarRejectedException(Messages.text("calendar.file", source,
                    Messages.text("calendar.reason.yaml-malformed")), e.getMessage());
        }
        if (root == null) {
            throw new CalendarRejectedException(Messages.text("calendar.file", source,
                    Messages.text("calendar.reason.empty")), null);
        }
        Map<String, Node> fields = fields(root, ROOT_FIELDS, source, "calendar.reason.root-not-a-table");
        Node zoneNode = fields.get("zone");
        String zoneText = text(zoneNode, "zone", source);
        if (zoneText == null || zoneText.isBlank()) {
            throw rejected(source, root.getStartMark(), "calendar.reason.zone-missing");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText.strip());
        } catch (DateTimeException e) {
            throw rejected(source, zoneNode.getStartMark(), "calendar.reason.zone-unknown", zoneText);
        }
        List<WindowRule> windows = new ArrayList<>();
        for (Node node : list(fields.get("windows"), "windows", source)) {
            windows.add(window(node, source));
        }
        List<Freeze> freezes = new ArrayList<>();
        for (Node node : list(fields.get("freezes"), "freezes", source)) {
            freezes.add(freeze(node, source));
        }
        return new CalendarRules(zone, windows, freezes);
    }

    /** The calendar as a tree of maps and lists: the file's content, and the REST API's JSON. */
    static Map<String, Object> tree(CalendarRules rules) {
        List<Map<String, Object>> windows = new ArrayList<>();
        for (WindowRule window : rules.windows()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            if (window.days() != null) {
                entry.put("days", window.days().stream().map(DayOfWeek::name).toList());
            } else {
                entry.put("date", window.date().toString());
            }
            entry.put("from", WindowRule.time(window.from()));
            entry.put("to", WindowRule.time(window.to()));
            windows.add(entry);
        }
        List<Map<String, Object>> freezes = new ArrayList<>();
        for (Freeze freeze : rules.freezes()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", freeze.name());
            if (freeze instanceof Freeze.OneOff once) {
                entry.put("from", once.from());
                entry.put("to", once.to());
            } else if (freeze instanceof Freeze.Monthly monthly) {
                entry.put("lastDaysOfMonth", monthly.lastDaysOfMonth());
            } else if (freeze instanceof Freeze.Yearly yearly) {
                Map<String, Object> days = new LinkedHashMap<>();
                days.put("from", monthDay(yearly.from()));
                days.put("to", monthDay(yearly.to()));
                entry.put("yearly", days);
            }
            freezes.add(entry);
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("zone", rules.zone().getId());
        tree.put("windows", windows);
        tree.put("freezes", freezes);
        return tree;
    }

    static String write(CalendarRules rules) {
        YAMLMapper mapper = YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .build();
        try {
            return HEADER + mapper.writeValueAsString(tree(rules));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Writing the change calendar", e);
        }
    }

    private static WindowRule window(Node node, String source) {
        Map<String, Node> fields = fields(node, WINDOW_FIELDS, source, "calendar.reason.window-not-a-table");
        Node daysNode = fields.get("days");
        Node dateNode = fields.get("date");
        if ((daysNode == null) == (dateNode == null)) {
            throw rejected(source, node.getStartMark(), "calendar.reason.window-days-or-date");
        }
        List<DayOfWeek> days = null;
        LocalDate date = null;
        if (daysNode != null) {
            days = new ArrayList<>();
            List<Node> dayNodes = list(daysNode, "days", source);
            if (dayNodes.isEmpty()) {
                throw rejected(source, daysNode.getStartMark(), "calendar.reason.days-empty");
            }
            for (Node dayNode : dayNodes) {
                DayOfWeek day = day(text(dayNode, "days", source), dayNode, source);
                if (days.contains(day)) {
                    throw rejected(source, dayNode.getStartMark(), "calendar.reason.day-twice", text(dayNode, "days", source));
                }
                days.add(day);
            }
        } else {
            date = date(required(fields, "date", node, source), dateNode, source);
        }
        int from = time(required(fields, "from", node, source), fields.get("from"), false, source);
        int to = time(required(fields, "to", node, source), fields.get("to"), true, source);
        if (to <= from) {
            throw rejected(source, fields.get("to").getStartMark(), "calendar.reason.window-to-before-from",
                    WindowRule.time(to), WindowRule.time(from));
        }
        return new WindowRule(days, date, from, to);
    }

    private static Freeze freeze(Node node, String source) {
        Map<String, Node> fields = fields(node, FREEZE_FIELDS, source, "calendar.reason.freeze-not-a-table");
        String name = required(fields, "name", node, source).strip();
        if (name.length() > MAX_NAME) {
            throw rejected(source, fields.get("name").getStartMark(), "calendar.reason.name-too-long", MAX_NAME);
        }
        boolean once = fields.containsKey("from") || fields.containsKey("to");
        boolean monthly = fields.containsKey("lastDaysOfMonth");
        boolean yearly = fields.containsKey("yearly");
        if ((once ? 1 : 0) + (monthly ? 1 : 0) + (yearly ? 1 : 0) != 1) {
            throw rejected(source, node.getStartMark(), "calendar.reason.freeze-kind", name);
        }
        if (monthly) {
            Node daysNode = fields.get("lastDaysOfMonth");
            String days = text(daysNode, "lastDaysOfMonth", source);
            int count;
            try {
                count = Integer.parseInt(days == null ? "" : days.strip());
            } catch (NumberFormatException e) {
                count = 0;
            }
            if (count < 1 || count > 28) {
                throw rejected(source, daysNode.getStartMark(), "calendar.reason.last-days", name, days);
            }
            return new Freeze.Monthly(name, count);
        }
        if (yearly) {
            Node yearlyNode = fields.get("yearly");
            Map<String, Node> days = fields(yearlyNode, YEARLY_FIELDS, source, "calendar.reason.yearly-not-a-table");
            MonthDay from = monthDay(required(days, "from", yearlyNode, source), days.get("from"), source);
            MonthDay to = monthDay(required(days, "to", yearlyNode, source), days.get("to"), source);
            return new Freeze.Yearly(name, from, to);
        }
        String fromText = required(fields, "from", node, source).strip();
        String toText = required(fields, "to", node, source).strip();
        LocalDateTime start = moment(fromText, fields.get("from"), false, source);
        LocalDateTime end = moment(toText, fields.get("to"), true, source);
        if (!end.isAfter(start)) {
            throw rejected(source, fields.get("to").getStartMark(), "calendar.reason.freeze-to-before-from", name,
                    toText, fromText);
        }
        return new Freeze.OneOff(name, fromText, toText, start, end);
    }

    private static DayOfWeek day(String text, Node node, String source) {
        String day = text == null ? "" : text.strip();
        DayOfWeek french = FRENCH_DAYS.get(day.toLowerCase(Locale.ROOT));
        if (french != null) {
            return french;
        }
        try {
            return DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw rejected(source, node.getStartMark(), "calendar.reason.day-unknown", day);
        }
    }

    private static int time(String text, Node node, boolean end, String source) {
        Matcher time = TIME.matcher(text.strip());
        if (!time.matches() || (!end && time.group(3) != null)) {
            throw end ? rejected(source, node.getStartMark(), "calendar.reason.end-time", text)
                    : rejected(source, node.getStartMark(), "calendar.reason.time", text);
        }
        return time.group(1) != null
                ? Integer.parseInt(time.group(1)) * 60 + Integer.parseInt(time.group(2))
                : WindowRule.END_OF_DAY;
    }

    private static LocalDate date(String text, Node node, String source) {
        String date = text.strip();
        try {
            if (DATE.matcher(date).matches()) {
                return LocalDate.parse(date);
            }
        } catch (DateTimeParseException e) {
            // named below
        }
        throw rejected(source, node.getStartMark(), "calendar.reason.date", text);
    }

    /** A date (the whole day: its start, or for an end the start of the next day) or a date and time. */
    private static LocalDateTime moment(String text, Node node, boolean end, String source) {
        if (DATE_TIME.matcher(text).matches()) {
            try {
                return LocalDateTime.parse(text);
            } catch (DateTimeParseException e) {
                // named below
            }
        } else if (DATE.matcher(text).matches()) {
            LocalDate day = date(text, node, source);
            return end ? day.plusDays(1).atStartOfDay() : day.atStartOfDay();
        }
        throw rejected(source, node.getStartMark(), "calendar.reason.moment", text);
    }

    private static MonthDay monthDay(String text, Node node, String source) {
        String day = text.strip();
        try {
            if (MONTH_DAY.matcher(day).matches()) {
                MonthDay monthDay = MonthDay.parse("--" + day);
                if (!monthDay.equals(MonthDay.of(2, 29))) {
                    return monthDay;
                }
            }
        } catch (DateTimeParseException e) {
            // named below
        }
        throw rejected(source, node.getStartMark(), "calendar.reason.month-day", text);
    }

    private static String monthDay(MonthDay day) {
        return "%02d-%02d".formatted(day.getMonthValue(), day.getDayOfMonth());
    }

    private static List<Node> list(Node node, String field, String source) {
        if (node == null || CompanyFile.isNull(node)) {
            return List.of();
        }
        noAnchor(node, source);
        if (!(node instanceof SequenceNode sequence)) {
            throw rejected(source, node.getStartMark(), "calendar.reason.not-a-list", field);
        }
        if (sequence.getValue().size() > MAX_ENTRIES) {
            throw rejected(source, node.getStartMark(), "calendar.reason.too-many", field, MAX_ENTRIES);
        }
        return sequence.getValue();
    }

    /** The fields of a mapping, each known by name and given once. */
    /** @param notAMapping the bundle's reason when the node is no mapping */
    private static Map<String, Node> fields(Node node, List<String> known, String source, String notAMapping) {
        noAnchor(node, source);
        if (!(node instanceof MappingNode mapping)) {
            throw rejected(source, node.getStartMark(), notAMapping);
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            String name = key instanceof ScalarNode scalar ? scalar.getValue() : null;
            if (name == null || !known.contains(name)) {
                    throw rejected(source, key.getStartMark(), "calendar.reason.field-unknown", name == null ? "?" : name,
                        String.join(", ", known));
            }
            if (fields.put(name, tuple.getValueNode()) != null) {
                throw rejected(source, key.getStartMark(), "calendar.reason.field-twice", name);
            }
            noAnchor(tuple.getValueNode(), source);
        }
        return fields;
    }

    private static String required(Map<String, Node> fields, String field, Node owner, String source) {
        String text = text(fields.get(field), field, source);
        if (text == null || text.isBlank()) {
            Node node = fields.get(field);
            throw rejected(source, (node == null ? owner : node).getStartMark(), "calendar.reason.field-missing", field);
        }
        return text;
    }

    private static String text(Node node, String field, String source) {
        if (node == null || CompanyFile.isNull(node)) {
            return null;
        }
        noAnchor(node, source);
        if (!(node instanceof ScalarNode scalar)) {
            throw rejected(source, node.getStartMark(), "calendar.reason.not-a-value", field);
        }
        return scalar.getValue();
    }

    private static void noAnchor(Node node, String source) {
        if (node.getAnchor() != null) {
            throw rejected(source, node.getStartMark(), "calendar.reason.anchors");
        }
    }

    /** « Calendrier des changements, ligne 12 : … », the reason a key of the bundle ({@code calendar.reason.…}). */
    private static CalendarRejectedException rejected(String source, Mark mark, String key, Object... arguments) {
        return rejectedWithDetail(source, mark, null, key, arguments);
    }

    /** @param detail what the server's log gets beside the reason (a parser's English), or null */
    private static CalendarRejectedException rejectedWithDetail(String source, Mark mark, String detail, String key,
                                                                Object... arguments) {
        String reason = Messages.text(key, arguments);
        return new CalendarRejectedException(mark == null ? Messages.text("calendar.file", source, reason)
                : Messages.text("calendar.file-line", source, mark.getLine() + 1, reason), detail);
    }

    /** SnakeYAML's problem, in English, as one of the bundle's reasons. */
    private static String yamlReason(String problem) {
        String lower = problem == null ? "" : problem.toLowerCase(Locale.ROOT);
        if (lower.contains("duplicate")) {
            return "calendar.reason.yaml-duplicate";
        }
        if (lower.contains("tab")) {
            return "calendar.reason.yaml-tab";
        }
        if (lower.contains("alias") || lower.contains("anchor")) {
            return "calendar.reason.anchors";
        }
        return "calendar.reason.yaml-malformed";
    }
}
