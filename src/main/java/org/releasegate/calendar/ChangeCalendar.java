package org.releasegate.calendar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.releasegate.files.FileTrees;
import org.releasegate.message.Messages;
import org.releasegate.textfile.CompanyFile;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The change calendar the company maintains ({@code releasegate.change-calendar-file}): when production may be
 * changed. The file is read again at every call, so an edit applies without a restart; it is written whole to a
 * temporary sibling and renamed over the old one, so a reader never sees half a calendar. A missing file means no
 * calendar: production may be changed at any time. A malformed one is refused with its line
 * ({@link CalendarRejectedException}); nothing is guessed.
 */
@Component
public class ChangeCalendar {

    static final int MAX_BYTES = 256 * 1024;
    /** How the file is named in messages people read (never its path on the server). */
    static final String FILE_SOURCE = Messages.text("calendar.source.file");

    private final Path file;
    private final Object writes = new Object();

    @Autowired
    ChangeCalendar(ChangeCalendarProperties settings) {
        this(settings.changeCalendarFile());
    }

    public ChangeCalendar(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public Path file() {
        return file;
    }

    /** The calendar as the file holds it now; empty when there is no file. */
    Optional<CalendarRules> rules() {
        byte[] bytes;
        try {
            Optional<byte[]> read = CompanyFile.readAtMost(file, MAX_BYTES);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            bytes = read.get();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the change calendar " + file + ": " + e, e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new CalendarRejectedException(Messages.text("calendar.file", FILE_SOURCE,
                    Messages.text("calendar.reason.too-large", MAX_BYTES / 1024)), null);
        }
        return Optional.of(ChangeCalendarFile.parse(CompanyFile.utf8(bytes, line -> new CalendarRejectedException(
                Messages.text("calendar.file", FILE_SOURCE, Messages.text("calendar.reason.not-utf8")), null)),
                FILE_SOURCE));
    }

    /** Whether a calendar is kept at all (without one, production may be changed at any time). */
    public boolean exists() {
        return rules().isPresent();
    }

    /** The calendar as JSON-ready maps and lists, as the file gives it; empty when there is no file. */
    public Optional<Map<String, Object>> content() {
        return rules().map(ChangeCalendarFile::tree);
    }

    /**
     * The next moment at or after {@code notBefore} at which production may be changed, and until when: inside a
     * window and outside every freeze. Without a calendar, {@code notBefore} itself, with no end. Empty when the
     * calendar opens no window within about a year.
     */
    public Optional<Window> nextWindow(Instant notBefore) {
        Optional<CalendarRules> rules = rules();
        return rules.isPresent() ? rules.get().nextWindow(notBefore) : Optional.of(new Window(notBefore, null, ZoneId.systemDefault()));
    }

    /** Up to {@code count} successive windows from {@code notBefore}, the file read once. */
    public List<Window> nextWindows(Instant notBefore, int count) {
        Optional<CalendarRules> rules = rules();
        return rules.isPresent() ? rules.get().nextWindows(notBefore, count) : List.of(new Window(notBefore, null, ZoneId.systemDefault()));
    }

    public boolean isOpen(Instant instant) {
        return nextWindow(instant).filter(window -> window.start().equals(instant)).isPresent();
    }

    /** The calendar's time zone; the server's without a calendar. */
    public ZoneId zone() {
        return rules().map(CalendarRules::zone).orElse(ZoneId.systemDefault());
    }

    /** French, for people: « samedi 12/12/2026 de 20:00 à 23:59 (Europe/Paris) ». */
    public String describe(Window window) {
        return window.description();
    }

    /**
     * Replaces the calendar with {@code text} (YAML or JSON), checked first ({@link CalendarRejectedException} with
     * {@code source} and the line). A file on disk that is malformed is left as it is (someone may be editing it):
     * {@link CalendarFileMalformedException}.
     *
     * @return the calendar as written, and whether it is new
     */
    Replaced replace(String text, String source) {
        CalendarRules rules = ChangeCalendarFile.parse(text, source);
        synchronized (writes) {
            boolean created;
            try {
                created = rules().isEmpty();
            } catch (CalendarRejectedException malformed) {
                throw new CalendarFileMalformedException(malformed);
            }
            write(rules);
            return new Replaced(ChangeCalendarFile.tree(rules), created);
        }
    }

    record Replaced(Map<String, Object> calendar, boolean created) {
    }

    /** The file on disk cannot be read as a calendar: the server's state, not the caller's request. */
    static class CalendarFileMalformedException extends CalendarRejectedException {
        CalendarFileMalformedException(CalendarRejectedException malformed) {
            super(malformed.getMessage(), malformed.detail().orElse(null));
        }
    }

    private void write(CalendarRules rules) {
        byte[] bytes = ChangeCalendarFile.write(rules).getBytes(StandardCharsets.UTF_8);
        try {
            FileTrees.replaceAtomically(file, bytes);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the change calendar " + file + ": " + e, e);
        }
    }
}
