package org.releasegate.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.releasegate.data.Fingerprint;
import org.releasegate.message.Messages;

/**
 * Numbers a sequence gave out since an archive, which a restore of that archive would give out again: the restore
 * sets the sequence back where it stood (pg_dump's {@code setval}), while the quotes and invoices that got those
 * numbers are known outside (sent, printed, declared).
 *
 * @param sequence {@code schema.sequence}
 * @param first    the first number given again: the one the sequence gave next after the archive
 * @param last     the last number given out by now
 */
record ReissuedNumbers(String sequence, long first, long last) {

    /** Every sequence of {@code archived} that has given out numbers since, by name. */
    static List<ReissuedNumbers> since(Fingerprint archived, Fingerprint now) {
        Map<String, Fingerprint.Sequence> before = archived.sequences().stream()
                .collect(Collectors.toMap(Fingerprint.Sequence::name, Function.identity()));
        List<ReissuedNumbers> reissued = new ArrayList<>();
        for (Fingerprint.Sequence current : now.sequences()) {
            Fingerprint.Sequence then = before.get(current.name());
            if (then == null || current.increment() == 0) {
                continue; // created since: a restore drops it, no number is given twice
            }
            long first = then.next();
            long last = current.called() ? current.lastValue() : current.lastValue() - current.increment();
            boolean gaveSince = current.increment() > 0 ? last >= first : last <= first;
            if (gaveSince) {
                reissued.add(new ReissuedNumbers(current.name(), first, last));
            }
        }
        return reissued;
    }

    /** « les numéros 1043 à 1057 seraient attribués une seconde fois ». */
    String describe() {
        return first == last ? Messages.text("restore.reissued.one", first)
                : Messages.text("restore.reissued.many", first, last);
    }
}
