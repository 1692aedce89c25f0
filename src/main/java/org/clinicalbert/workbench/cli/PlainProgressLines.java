package org.clinicalbert.workbench.cli;

import me.tongfei.progressbar.ProgressBarConsumer;

import java.io.PrintStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Progress for a log file or a pipe: one plain line each time the bar passes another {@code stepPercent} percent,
 * and the last state at the end; no carriage returns, no ANSI colour codes, no cut to a terminal's width.
 * (The library's console consumer redraws one line with '\r' and truncates it at 80 columns, which a file
 * records as a run of half-drawn bars.) Synchronized: the library renders from its own thread and from
 * {@code refresh()} callers.
 */
final class PlainProgressLines implements ProgressBarConsumer {

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*m");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");
    /** The bar itself: meaningless without redrawing. */
    private static final Pattern BAR = Pattern.compile("\\s*[\\[│|][^\\]│|]*[\\]│|]");

    private final PrintStream out;
    private final int stepPercent;
    private int lastBucket = -1;
    private int highest = -1;
    private String last;
    private String printed;

    PlainProgressLines(PrintStream out, int stepPercent) {
        this.out = out;
        this.stepPercent = stepPercent;
    }

    /** The plain form of a rendered bar: colours and the bar drawing removed. */
    static String plain(String rendered) {
        return BAR.matcher(ANSI.matcher(rendered).replaceAll("")).replaceFirst("").replace('\r', ' ').strip();
    }

    @Override
    public int getMaxRenderedLength() {
        return 1000;
    }

    @Override
    public synchronized void accept(String rendered) {
        String line = plain(rendered);
        Matcher m = PERCENT.matcher(line);
        int percent = m.find() ? Integer.parseInt(m.group(1)) : highest;
        if (percent < highest) {
            return;   // a render computed before a newer one (the library renders from two threads)
        }
        highest = percent;
        last = line;
        int bucket = percent / stepPercent;
        if (bucket != lastBucket) {
            lastBucket = bucket;
            print();
        }
    }

    @Override
    public synchronized void close() {
        print();
        out.flush();
    }

    /** The latest state, unless it is the line printed last. */
    private void print() {
        if (last != null && !last.equals(printed)) {
            out.println(last);
            printed = last;
        }
        last = null;
    }

    @Override
    public void clear() {
    }
}
