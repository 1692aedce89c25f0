package org.clinicalbert.workbench.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entity-level exact-match scoring with exactly the definition of the CoNLL shared-task script
 * {@code conlleval.pl} (version 2004-01-26), which the original study used for i2b2 NER.
 *
 * <p>Written here rather than taken from a library because the Java NER libraries score entities with
 * their own decoding (e.g. dropping chunks that start with {@code I-}), and the study's numbers depend on
 * conlleval's exact rules:
 * <ul>
 *   <li>a tag splits at its first hyphen into prefix and type ({@code B-LOCATION-OTHER} = B + LOCATION-OTHER);
 *       a tag without a hyphen (like {@code O}) has an empty type;</li>
 *   <li>an {@code I-} tag after {@code O}, or after a tag of another type, starts a chunk (no {@code B-} needed);</li>
 *   <li>{@code B-} always starts a new chunk, so adjacent same-type entities stay separate;</li>
 *   <li>{@code O}, a change of type, and the end of a sentence end a chunk;</li>
 *   <li>a predicted chunk is correct only if it starts and ends at the same words as a gold chunk and has
 *       its type: partial overlap is both a false positive and a false negative.</li>
 * </ul>
 * The IOBES-style rules of the script ({@code E-}, {@code [}, {@code ]}, {@code .}) are kept too so that any
 * tag sequence scores as the script scores it. Token accuracy counts words whose two tags are identical.
 */
public final class ConllEval {

    private static final String OUTSIDE = "O";

    private ConllEval() {
    }

    /** Scores sentences of (gold, predicted) tag pairs, one pair per word. */
    public static ConllResult evaluate(List<? extends List<TagPair>> sentences) {
        Scan scan = new Scan();
        for (List<TagPair> sentence : sentences) {
            for (TagPair word : sentence) {
                scan.step(Tag.parse(word.gold()), Tag.parse(word.predicted()), true);
            }
            // conlleval turns a sentence boundary into an (O, O) line that ends chunks but is not a word.
            scan.step(Tag.BOUNDARY, Tag.BOUNDARY, false);
        }
        return scan.finish();
    }

    /** Scores parallel gold and predicted tag sequences, sentence by sentence. */
    public static ConllResult evaluate(List<? extends List<String>> gold, List<? extends List<String>> predicted) {
        return evaluate(pair(gold, predicted));
    }

    /**
     * Word-level scores: every word is one classification with its full tag as the label
     * ({@code B-problem} and {@code I-problem} are different labels). Use
     * {@code micro(Set.of("O"))} for the usual micro average that leaves out the outside tag.
     */
    public static ClassificationMetrics tokenLevel(List<? extends List<TagPair>> sentences) {
        List<String> gold = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        for (List<TagPair> sentence : sentences) {
            for (TagPair word : sentence) {
                gold.add(word.gold());
                predicted.add(word.predicted());
            }
        }
        return ClassificationMetrics.of(gold, predicted);
    }

    /**
     * The chunks (entities) of one sentence's tags, by the same start and end rules the scoring uses: what
     * conlleval counts as one predicted or gold chunk.
     */
    public static List<Chunk> chunks(List<String> tags) {
        List<Chunk> out = new ArrayList<>();
        Tag prev = Tag.BOUNDARY;
        int start = -1;
        String type = null;
        for (int i = 0; i <= tags.size(); i++) {
            Tag cur = i < tags.size() ? Tag.parse(tags.get(i)) : Tag.BOUNDARY;
            if (type != null && endOfChunk(prev, cur)) {
                out.add(new Chunk(type, start, i - 1));
                type = null;
            }
            if (i < tags.size() && startOfChunk(prev, cur)) {
                start = i;
                type = cur.type();
            }
            prev = cur;
        }
        return out;
    }

    /** Zips parallel tag sequences, checking that every sentence has as many predicted as gold tags. */
    public static List<List<TagPair>> pair(List<? extends List<String>> gold, List<? extends List<String>> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("gold has " + gold.size() + " sentences but predictions have "
                    + predicted.size());
        }
        List<List<TagPair>> sentences = new ArrayList<>(gold.size());
        for (int s = 0; s < gold.size(); s++) {
            List<String> g = gold.get(s);
            List<String> p = predicted.get(s);
            if (g.size() != p.size()) {
                throw new IllegalArgumentException("sentence " + s + ": " + g.size() + " gold tags but "
                        + p.size() + " predicted tags");
            }
            List<TagPair> words = new ArrayList<>(g.size());
            for (int w = 0; w < g.size(); w++) {
                try {
                    words.add(new TagPair(g.get(w), p.get(w)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("sentence " + s + ", word " + w + ": " + e.getMessage(), e);
                }
            }
            sentences.add(words);
        }
        return sentences;
    }

    static void checkTag(String tag, String which) {
        if (tag == null || tag.isEmpty()) {
            throw new IllegalArgumentException(which + " tag is empty");
        }
        for (int i = 0; i < tag.length(); i++) {
            // conlleval reads space-separated columns, so such a tag could never reach it.
            if (Character.isWhitespace(tag.charAt(i))) {
                throw new IllegalArgumentException(which + " tag '" + tag + "' contains whitespace");
            }
        }
    }

    /** A tag split at its first hyphen, as conlleval's {@code /^([^-]*)-(.*)$/}. */
    private record Tag(String prefix, String type) {
        static final Tag BOUNDARY = new Tag(OUTSIDE, "");

        static Tag parse(String tag) {
            int dash = tag.indexOf('-');
            return dash < 0 ? new Tag(tag, "") : new Tag(tag.substring(0, dash), tag.substring(dash + 1));
        }
    }

    /** The script's single pass over the words, with its state between words. */
    private static final class Scan {
        private Tag lastGold = Tag.BOUNDARY;
        private Tag lastPred = Tag.BOUNDARY;
        /** Gold and predicted chunks both open, same start and type, and agreeing so far. */
        private boolean inCorrect;
        private int tokens;
        private int correctTags;
        private final Map<String, int[]> counts = new TreeMap<>(); // type -> {gold, predicted, correct}

        void step(Tag gold, Tag pred, boolean isWord) {
            if (inCorrect) {
                boolean goldEnds = endOfChunk(lastGold, gold);
                boolean predEnds = endOfChunk(lastPred, pred);
                if (goldEnds && predEnds && lastPred.type().equals(lastGold.type())) {
                    inCorrect = false;
                    count(lastGold.type())[2]++;
                } else if (goldEnds != predEnds || !pred.type().equals(gold.type())) {
                    inCorrect = false;
                }
            }
            boolean goldStarts = startOfChunk(lastGold, gold);
            boolean predStarts = startOfChunk(lastPred, pred);
            if (goldStarts && predStarts && pred.type().equals(gold.type())) {
                inCorrect = true;
            }
            if (goldStarts) {
                count(gold.type())[0]++;
            }
            if (predStarts) {
                count(pred.type())[1]++;
            }
            if (isWord) {
                if (gold.equals(pred)) {
                    correctTags++;
                }
                tokens++;
            }
            lastGold = gold;
            lastPred = pred;
        }

        ConllResult finish() {
            if (inCorrect) {
                count(lastGold.type())[2]++;
                inCorrect = false;
            }
            TreeMap<String, ChunkCounts> byType = new TreeMap<>();
            ChunkCounts overall = new ChunkCounts(0, 0, 0);
            for (Map.Entry<String, int[]> e : counts.entrySet()) {
                int[] c = e.getValue();
                ChunkCounts cc = new ChunkCounts(c[0], c[1], c[2]);
                byType.put(e.getKey(), cc);
                overall = overall.plus(cc);
            }
            return new ConllResult(tokens, correctTags, overall, byType);
        }

        private int[] count(String type) {
            return counts.computeIfAbsent(type, t -> new int[3]);
        }
    }

    /** conlleval's endOfChunk: did a chunk end between the previous word and this one? */
    private static boolean endOfChunk(Tag prev, Tag cur) {
        String p = prev.prefix();
        String t = cur.prefix();
        boolean end = false;
        if (p.equals("B") && (t.equals("B") || t.equals("O"))) {
            end = true;
        }
        if (p.equals("I") && (t.equals("B") || t.equals("O"))) {
            end = true;
        }
        if (p.equals("E") && (t.equals("E") || t.equals("I") || t.equals("O"))) {
            end = true;
        }
        if (!p.equals("O") && !p.equals(".") && !prev.type().equals(cur.type())) {
            end = true;
        }
        if (p.equals("]") || p.equals("[")) {
            end = true;
        }
        return end;
    }

    /** conlleval's startOfChunk: did a chunk start between the previous word and this one? */
    private static boolean startOfChunk(Tag prev, Tag cur) {
        String p = prev.prefix();
        String t = cur.prefix();
        boolean start = false;
        if (t.equals("B") && (p.equals("B") || p.equals("I") || p.equals("O"))) {
            start = true;
        }
        if (p.equals("O") && (t.equals("I") || t.equals("E"))) {
            start = true;
        }
        if (p.equals("E") && (t.equals("E") || t.equals("I"))) {
            start = true;
        }
        if (!t.equals("O") && !t.equals(".") && !prev.type().equals(cur.type())) {
            start = true;
        }
        if (t.equals("[") || t.equals("]")) {
            start = true;
        }
        return start;
    }
}
