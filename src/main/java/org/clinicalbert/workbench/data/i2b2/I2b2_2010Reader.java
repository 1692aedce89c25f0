package org.clinicalbert.workbench.data.i2b2;

import org.clinicalbert.workbench.io.StrictUtf8;
import org.clinicalbert.workbench.data.ner.EntitySpan;
import org.clinicalbert.workbench.data.ner.LabelSet;
import org.clinicalbert.workbench.data.ner.NerDocument;
import org.clinicalbert.workbench.data.ner.SpanIssue;
import org.clinicalbert.workbench.data.ner.TextMatcher;
import org.clinicalbert.workbench.data.ner.Whitespace;
import org.clinicalbert.workbench.io.InputFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * i2b2/VA 2010 concepts: a note {@code ID.txt} (one sentence per line, whitespace-separated tokens) and its
 * {@code ID.con} with lines {@code c="chest pain" 12:3 12:4||t="problem"} (line 1-based, token 0-based, both ends
 * inclusive). The quoted text is everything between {@code c="} and the last quote before the positions, so a
 * concept that itself contains quotes appears "doubled" ({@code c=""leaky valve"" ...}); it is lower-cased
 * relative to the note and checked case-insensitively. Spans are turned into character offsets over the note so
 * the shared tagger produces the sentences.
 */
public final class I2b2_2010Reader extends I2b2Reader {

    public static final LabelSet LABELS = LabelSet.of("problem", "test", "treatment");

    private static final Pattern CONCEPT = Pattern.compile("^c=\"(.*)\"\\s+(\\d+):(\\d+)\\s+(\\d+):(\\d+)\\|\\|t=\"([^\"]*)\"$");

    /** A note and its concept file. */
    public record NotePair(String id, Path txt, Path con) {
    }

    private final List<NotePair> pairs;

    /** Pairs every {@code .txt} under {@code root} with the {@code .con} of the same name anywhere under it. */
    public I2b2_2010Reader(Path root) {
        this(root, root);
    }

    /** As {@link #I2b2_2010Reader(Path)}, the notes and concept files decoded strictly in {@code charset}. */
    public I2b2_2010Reader(Path root, java.nio.charset.Charset charset) {
        this(root, root, charset);
    }

    /** Notes and concepts in separate trees, as the released test set ships them. */
    public I2b2_2010Reader(Path txtRoot, Path conRoot) {
        this(txtRoot, conRoot, java.nio.charset.StandardCharsets.UTF_8);
    }

    private final java.nio.charset.Charset charset;

    public I2b2_2010Reader(Path txtRoot, Path conRoot, java.nio.charset.Charset charset) {
        super(TextMatcher.CASE_INSENSITIVE);
        this.charset = charset;
        Map<String, Path> txts = byStem(txtRoot, ".txt");
        Map<String, Path> cons = byStem(conRoot, ".con");
        List<NotePair> list = new ArrayList<>();
        for (Map.Entry<String, Path> e : txts.entrySet()) {
            Path con = cons.get(e.getKey());
            if (con == null) {
                throw new InputFormatException(e.getValue(), "", "no concept file " + e.getKey() + ".con under " + conRoot);
            }
            list.add(new NotePair(e.getKey(), e.getValue(), con));
        }
        for (Map.Entry<String, Path> e : cons.entrySet()) {
            if (!txts.containsKey(e.getKey())) {
                throw new InputFormatException(e.getValue(), "", "no note " + e.getKey() + ".txt under " + txtRoot);
            }
        }
        this.pairs = List.copyOf(list);
    }

    private static Map<String, Path> byStem(Path root, String suffix) {
        Map<String, Path> m = new TreeMap<>();
        for (Path p : CorpusFiles.list(root, suffix)) {
            Path prev = m.put(CorpusFiles.stem(p, suffix), p);
            if (prev != null) {
                throw new InputFormatException(p, "", "same document name as " + prev);
            }
        }
        return m;
    }

    @Override
    public LabelSet labels() {
        return LABELS;
    }

    @Override
    public List<String> documentIds() {
        return pairs.stream().map(NotePair::id).toList();
    }

    @Override
    public Stream<NerDocument> documents() {
        return pairs.stream().map(this::read);
    }

    @Override
    public Stream<NerDocument> documents(Predicate<String> keep) {
        return pairs.stream().filter(p -> keep.test(p.id())).map(this::read);
    }

    NerDocument read(NotePair pair) {
        String text;
        List<String> conLines;
        try {
            text = StrictUtf8.readString(pair.txt(), charset).replace("\r\n", "\n");
            conLines = StrictUtf8.readAllLines(pair.con(), charset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (text.isBlank()) {
            // an empty note would add a document of no sentences, and its concepts nowhere to point
            throw new InputFormatException(pair.txt(), null, "no text: the note is empty or blank");
        }
        NoteTokens tokens = new NoteTokens(text);
        List<EntitySpan> spans = new ArrayList<>();
        Map<EntitySpan, String> lines = new IdentityHashMap<>();
        for (int i = 0; i < conLines.size(); i++) {
            String line = conLines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + (i + 1);
            Matcher m = CONCEPT.matcher(line);
            if (!m.matches()) {
                throw new InputFormatException(pair.con(), where,
                        "not a concept line (expected c=\"...\" L:T L:T||t=\"...\"): " + line);
            }
            String type = LABELS.require(m.group(6), pair.con(), where);
            String conceptText = m.group(1);
            int startLine = Integer.parseInt(m.group(2));
            int startTok = Integer.parseInt(m.group(3));
            int endLine = Integer.parseInt(m.group(4));
            int endTok = Integer.parseInt(m.group(5));
            int start = tokens.start(startLine, startTok);
            int end = tokens.end(endLine, endTok);
            if (start < 0 || end < 0 || start >= end) {
                issues.add(new SpanIssue(pair.con(), pair.id(), new EntitySpan(type, start, end, conceptText),
                        SpanIssue.Kind.OUT_OF_RANGE, where + ": " + startLine + ":" + startTok + " " + endLine + ":" + endTok
                        + " is not a token range of the note"));
                continue;
            }
            EntitySpan span = new EntitySpan(type, start, end, conceptText);
            spans.add(span);
            lines.put(span, where);
        }
        return tagged(pair.con(), pair.id(), text, spans, lines);
    }

    /** Character offsets of each whitespace token, per 1-based line. */
    static final class NoteTokens {
        private final List<int[]> starts = new ArrayList<>();
        private final List<int[]> ends = new ArrayList<>();
        private final List<Boolean> leadingSpace = new ArrayList<>();

        NoteTokens(String text) {
            int lineStart = 0;
            while (lineStart <= text.length()) {
                int nl = text.indexOf('\n', lineStart);
                int lineEnd = nl < 0 ? text.length() : nl;
                List<Integer> s = new ArrayList<>();
                List<Integer> e = new ArrayList<>();
                int i = lineStart;
                while (i < lineEnd) {
                    if (Whitespace.is(text.charAt(i))) {
                        i++;
                        continue;
                    }
                    int j = i;
                    while (j < lineEnd && !Whitespace.is(text.charAt(j))) {
                        j++;
                    }
                    s.add(i);
                    e.add(j);
                    i = j;
                }
                starts.add(s.stream().mapToInt(Integer::intValue).toArray());
                ends.add(e.stream().mapToInt(Integer::intValue).toArray());
                leadingSpace.add(lineStart < lineEnd && text.charAt(lineStart) == ' ');
                if (nl < 0) {
                    break;
                }
                lineStart = nl + 1;
            }
        }

        int start(int line, int token) {
            int[] a = row(starts, line);
            int t = token(line, token);
            return a == null || t < 0 || t >= a.length ? -1 : a[t];
        }

        int end(int line, int token) {
            int[] a = row(ends, line);
            int t = token(line, token);
            return a == null || t < 0 || t >= a.length ? -1 : a[t];
        }

        /**
         * The original Reformat notebook shifts token indices by one on lines that begin with a space (the
         * annotation tool counted the empty token before it); it asserted the concept text on every concept of
         * the released train and test sets with this rule, so we follow it.
         */
        private int token(int line, int token) {
            if (line < 1 || line > leadingSpace.size()) {
                return -1;
            }
            return leadingSpace.get(line - 1) ? token - 1 : token;
        }

        private static int[] row(List<int[]> rows, int line) {
            return line < 1 || line > rows.size() ? null : rows.get(line - 1);
        }
    }
}
