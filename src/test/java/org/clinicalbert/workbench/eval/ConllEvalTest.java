package org.clinicalbert.workbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hand-counted examples of conlleval's chunk rules (each also checked by running conlleval.pl by hand). */
class ConllEvalTest {

    /** Builds sentences from "gold/pred gold/pred ..." strings, one string per sentence. */
    private static List<List<TagPair>> sentences(String... sentences) {
        List<List<TagPair>> out = new ArrayList<>();
        for (String s : sentences) {
            List<TagPair> words = new ArrayList<>();
            for (String w : s.trim().split(" +")) {
                String[] gp = w.split("/");
                words.add(new TagPair(gp[0], gp[1]));
            }
            out.add(words);
        }
        return out;
    }

    private static void assertCounts(ChunkCounts c, int gold, int predicted, int correct) {
        assertEquals(new ChunkCounts(gold, predicted, correct), c);
    }

    @Test
    void perfectPredictionScoresOne() {
        ConllResult r = ConllEval.evaluate(sentences("B-problem/B-problem I-problem/I-problem O/O B-test/B-test"));
        assertCounts(r.overall(), 2, 2, 2);
        assertEquals(1.0, r.overall().f1());
        assertEquals(1.0, r.accuracy());
        assertEquals(Set.of("problem", "test"), r.byType().keySet());
    }

    @Test
    void insideWithoutBeginStartsAChunk() {
        // gold: one entity written I- I-; predicted: B- I-; same words and type, so conlleval counts it correct
        ConllResult r = ConllEval.evaluate(sentences("O/O I-test/B-test I-test/I-test O/O"));
        assertCounts(r.overall(), 1, 1, 1);
        // but word accuracy sees I-test vs B-test as a wrong tag: 3 of 4
        assertEquals(0.75, r.accuracy());
    }

    @Test
    void insideAfterBeginOfAnotherTypeStartsANewChunk() {
        // gold B-test I-problem = two chunks (test, problem); predicted B-test I-test = one test chunk of two words
        ConllResult r = ConllEval.evaluate(sentences("B-test/B-test I-problem/I-test"));
        assertCounts(r.type("test"), 1, 1, 0);
        assertCounts(r.type("problem"), 1, 0, 0);
        assertCounts(r.overall(), 2, 1, 0);
    }

    @Test
    void adjacentEntitiesOfTheSameTypeStaySeparate() {
        // gold: [B I][B] two problems; predicted: [B I I] one problem covering both = no match at all
        ConllResult r = ConllEval.evaluate(sentences("B-problem/B-problem I-problem/I-problem B-problem/I-problem"));
        assertCounts(r.overall(), 2, 1, 0);
        // and B after I of the same type in the prediction splits it again: both right
        ConllResult split = ConllEval.evaluate(sentences("B-problem/B-problem I-problem/I-problem B-problem/B-problem"));
        assertCounts(split.overall(), 2, 2, 2);
    }

    @Test
    void entityAtSentenceEndIsClosedByTheBoundary() {
        // gold ends sentence 1 with a problem; sentence 2 starts with I-problem, which must be a new chunk
        ConllResult r = ConllEval.evaluate(sentences("O/O B-problem/B-problem", "I-problem/I-problem O/O"));
        assertCounts(r.overall(), 2, 2, 2);
        // the same words in one sentence: I- continues the B- chunk, so one entity
        ConllResult joined = ConllEval.evaluate(sentences("O/O B-problem/B-problem I-problem/I-problem O/O"));
        assertCounts(joined.overall(), 1, 1, 1);
    }

    @Test
    void typeMismatchIsAFalsePositiveAndAFalseNegative() {
        ConllResult r = ConllEval.evaluate(sentences("B-test/B-treatment I-test/I-treatment O/O"));
        assertCounts(r.type("test"), 1, 0, 0);
        assertCounts(r.type("treatment"), 0, 1, 0);
        assertEquals(0.0, r.overall().f1());
        assertEquals(0.0, r.type("treatment").recall()); // zero denominator scores 0, as conlleval prints
    }

    @Test
    void partialOverlapIsAMiss() {
        // predicted chunk too short, then one too long
        ConllResult r = ConllEval.evaluate(sentences(
                "B-problem/B-problem I-problem/O O/O",
                "B-test/B-test O/I-test"));
        assertCounts(r.overall(), 2, 2, 0);
        assertEquals(0.0, r.overall().precision());
    }

    @Test
    void microAverageAndPerTypeByHand() {
        // gold: problem x2, test x1; predicted: problem x2 (one right), test x2 (one right)
        ConllResult r = ConllEval.evaluate(sentences(
                "B-problem/B-problem O/O B-problem/O O/B-problem",
                "B-test/B-test O/B-test"));
        assertCounts(r.type("problem"), 2, 2, 1);
        assertCounts(r.type("test"), 1, 2, 1);
        assertCounts(r.overall(), 3, 4, 2);
        assertEquals(0.5, r.overall().precision(), 1e-12);
        assertEquals(2.0 / 3, r.overall().recall(), 1e-12);
        assertEquals(2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3), r.overall().f1(), 1e-12); // 4/7
        assertEquals(4.0 / 7, r.overall().f1(), 1e-12);
        assertEquals(3.0 / 6, r.accuracy(), 1e-12);
        assertEquals((0.5 + 2.0 / 3) / 2, r.macroF1(), 1e-12);
    }

    @Test
    void hyphenatedTypesSplitAtTheFirstHyphen() {
        ConllResult r = ConllEval.evaluate(sentences("B-LOCATION-OTHER/B-LOCATION-OTHER I-LOCATION-OTHER/I-LOCATION-OTHER"));
        assertEquals(Set.of("LOCATION-OTHER"), r.byType().keySet());
        assertCounts(r.overall(), 1, 1, 1);
    }

    @Test
    void tokenLevelScoresUseFullTagsAndCanLeaveOutO() {
        List<List<TagPair>> s = sentences("B-test/B-test I-test/O O/O O/B-test");
        ClassificationMetrics words = ConllEval.tokenLevel(s);
        ClassScores bTest = words.scores("B-test");
        assertEquals(new ClassScores(1, 1, 0), bTest);
        ClassScores micro = words.micro(Set.of("O"));
        // B-test: tp1 fp1; I-test: fn1
        assertEquals(new ClassScores(1, 1, 1), micro);
        assertEquals(0.5, micro.f1(), 1e-12);
    }

    @Test
    void mismatchedLengthsAndBadTagsAreErrorsNamingTheSentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConllEval.evaluate(
                List.of(List.of("O"), List.of("B-x", "O")), List.of(List.of("O"), List.of("O"))));
        assertTrue(e.getMessage().contains("sentence 1: 2 gold tags but 1 predicted"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ConllEval.evaluate(
                List.of(List.of("O", "B x")), List.of(List.of("O", "O"))));
        assertTrue(bad.getMessage().contains("sentence 0, word 1: gold tag 'B x' contains whitespace"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TagPair("", "O"));
    }

    @Test
    void chunksAreTheEntitiesScoringCounts() {
        assertEquals(List.of(new Chunk("test", 0, 1), new Chunk("problem", 3, 3), new Chunk("treatment", 4, 4),
                        new Chunk("problem", 5, 6)),
                ConllEval.chunks(List.of("I-test", "I-test", "O", "B-problem", "I-treatment", "B-problem", "I-problem")));
        // property: on random BIO sequences, the chunks per type are exactly the gold chunks scoring counts
        java.util.Random random = new java.util.Random(5);
        List<String> tags = List.of("O", "B-a", "I-a", "B-b", "I-b", "B-LOCATION-OTHER", "I-LOCATION-OTHER");
        for (int round = 0; round < 300; round++) {
            List<String> sentence = new java.util.ArrayList<>();
            for (int i = random.nextInt(12); i > 0; i--) {
                sentence.add(tags.get(random.nextInt(tags.size())));
            }
            List<Chunk> chunks = ConllEval.chunks(sentence);
            ConllResult r = ConllEval.evaluate(List.of(sentence), List.of(sentence));
            assertEquals(r.overall().gold(), chunks.size(), sentence.toString());
            r.byType().forEach((type, c) -> assertEquals(c.gold(),
                    chunks.stream().filter(k -> k.type().equals(type)).count(), sentence + " " + type));
            for (int k = 1; k < chunks.size(); k++) {
                assertTrue(chunks.get(k - 1).end() < chunks.get(k).start(), sentence.toString());
            }
        }
    }

    @Test
    void noWordsScoresZero() {
        ConllResult r = ConllEval.evaluate(List.of(List.of()));
        assertEquals(0, r.tokens());
        assertEquals(0.0, r.accuracy());
        assertEquals(0.0, r.overall().f1());
    }
}
