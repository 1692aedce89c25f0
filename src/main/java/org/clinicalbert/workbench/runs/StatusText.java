package org.clinicalbert.workbench.runs;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** A status.json's parts as people read them, the same in {@code status} and in {@code report}. */
public final class StatusText {

    private StatusText() {
    }

    public static String progress(RunStatus.Progress p) {
        if (p == null) {
            return "-";
        }
        return p.total() > 0 ? String.format(Locale.ROOT, "%d/%d %s (%.0f%%)", p.done(), p.total(), p.unit(),
                100.0 * p.done() / p.total()) : p.done() + " " + p.unit();
    }

    public static String best(RunStatus.Best b) {
        return b == null ? "-" : String.format(Locale.ROOT, "%s %.4f", b.metric(), b.value());
    }

    /** How long ago, in the largest whole unit (45s, 12m, 3h, 2d); "-" when the time is unknown. */
    public static String age(String updated, Instant now) {
        Duration d = since(updated, now);
        if (d == null) {
            return "-";
        }
        long s = Math.max(0, d.toSeconds());
        return s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" : s < 86400 ? s / 3600 + "h" : s / 86400 + "d";
    }

    /** The time since an ISO-8601 instant, or null when it is missing or not one. */
    public static Duration since(String updated, Instant now) {
        if (updated == null) {
            return null;
        }
        try {
            return Duration.between(Instant.parse(updated), now);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
