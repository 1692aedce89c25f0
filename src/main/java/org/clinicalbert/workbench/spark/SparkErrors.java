package org.clinicalbert.workbench.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The failing attempt's own exception line out of Spark's job-abort message (which wraps it in stage details). */
final class SparkErrors {

    /** "... most recent failure: Lost task 0.3 in stage 3.0 (TID 7) (host executor 1): java.lang.X: text\n\tat ..." */
    private static final Pattern LAST_FAILURE = Pattern.compile(
            "most recent failure: Lost task [^:]*?\\): ([^\\n]*)");
    private static final Pattern EXCEPTION_CLASS = Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ");

    private SparkErrors() {
    }

    static String message(Throwable t) {
        Throwable e = t instanceof java.util.concurrent.ExecutionException && t.getCause() != null ? t.getCause() : t;
        String text = String.valueOf(e.getMessage());
        Matcher m = LAST_FAILURE.matcher(text);
        if (m.find()) {
            return EXCEPTION_CLASS.matcher(m.group(1).strip()).replaceFirst("");
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
