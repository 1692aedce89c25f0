package org.clinicalbert.workbench.data.synth;

import org.clinicalbert.workbench.data.i2b2.I2b2_2006Reader;
import org.clinicalbert.workbench.data.i2b2.I2b2_2010Reader;
import org.clinicalbert.workbench.data.i2b2.I2b2_2012Reader;
import org.clinicalbert.workbench.data.i2b2.I2b2_2014Reader;
import org.clinicalbert.workbench.data.mednli.MedNliReader;
import org.clinicalbert.workbench.data.mednli.NliLabel;
import org.clinicalbert.workbench.data.mednli.NliPair;
import org.clinicalbert.workbench.data.ner.EntitySpan;
import org.clinicalbert.workbench.data.ner.NerCorpusReader;
import org.clinicalbert.workbench.data.ner.NerDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every synthetic format, written to disk and read back by its reader, gives exactly the spans and the BIO
 * sentences the generator built (the generator knows each word's entity from construction, not by re-tokenising).
 */
class SynthRoundTripTest {

    private static final int SIZE = 12;
    private static final long SEED = 99;

    private static List<NerDocument> readAll(NerCorpusReader r) {
        try (Stream<NerDocument> s = r.documents()) {
            return s.toList();
        }
    }

    private static List<int[]> offsets(List<EntitySpan> spans) {
        return spans.stream().map(s -> new int[]{s.start(), s.end()}).toList();
    }

    private static void assertSame(List<SynthDocument> expected, List<NerDocument> actual, Predicate<String> keep) {
        assertEquals(expected.size(), actual.size());
        Map<String, NerDocument> byId = actual.stream().collect(Collectors.toMap(NerDocument::id, d -> d));
        int entities = 0;
        for (SynthDocument e : expected) {
            NerDocument a = byId.get(e.id());
            assertEquals(e.sentences(keep), a.sentences(), e.id());
            List<EntitySpan> spans = e.spans(keep);
            assertEquals(spans.stream().map(EntitySpan::type).toList(), a.entities().stream().map(EntitySpan::type).toList(), e.id());
            for (int i = 0; i < spans.size(); i++) {
                assertArrayEquals(offsets(spans).get(i), offsets(a.entities()).get(i), e.id() + " span " + i);
            }
            entities += spans.size();
        }
        assertTrue(entities > expected.size(), "documents should carry several entities each");
    }

    @Test
    void i2b2_2014(@TempDir Path dir) throws IOException {
        SyntheticI2b2_2014.write(dir, SIZE, SEED);
        Map<String, List<SynthDocument>> gen = SyntheticI2b2_2014.generate(SIZE, SEED);
        for (String split : List.of("train", "test")) {
            I2b2_2014Reader r = new I2b2_2014Reader(dir.resolve(split));
            assertSame(gen.get(split), readAll(r), t -> true);
            assertTrue(r.issues().isEmpty(), r.issues().issues().toString());
        }
        // All 23 types occur in the generated training data.
        var seen = gen.get("train").stream().flatMap(d -> d.spans().stream()).map(EntitySpan::type).collect(Collectors.toSet());
        assertEquals(23, seen.size(), seen.toString());
    }

    @Test
    void devSplitSelectsWholePatientsWithoutReadingOthers(@TempDir Path dir) throws IOException {
        SyntheticI2b2_2014.write(dir, SIZE, SEED);
        I2b2_2014Reader r = new I2b2_2014Reader(dir.resolve("train"));
        var dev = new org.clinicalbert.workbench.data.ner.DevSplit(1, 0.25).devIds(r.documentIds(), I2b2_2014Reader::patientOf);
        List<String> devRead;
        List<String> trainRead;
        try (Stream<NerDocument> s = r.documents(dev::contains)) {
            devRead = s.map(NerDocument::id).toList();
        }
        try (Stream<NerDocument> s = r.documents(id -> !dev.contains(id))) {
            trainRead = s.map(NerDocument::id).toList();
        }
        assertEquals(dev, Set.copyOf(devRead));
        assertEquals(SIZE, devRead.size() + trainRead.size());
        assertTrue(!devRead.isEmpty() && !trainRead.isEmpty());
        assertTrue(trainRead.stream().map(I2b2_2014Reader::patientOf).noneMatch(p -> devRead.stream().map(I2b2_2014Reader::patientOf).anyMatch(p::equals)));
    }

    @Test
    void i2b2_2012EventsOnlyAndWithTimex(@TempDir Path dir) throws IOException {
        SyntheticI2b2_2012.write(dir, SIZE, SEED);
        Map<String, List<SynthDocument>> gen = SyntheticI2b2_2012.generate(SIZE, SEED);
        for (String split : List.of("train", "test")) {
            I2b2_2012Reader events = new I2b2_2012Reader(dir.resolve(split));
            assertSame(gen.get(split), readAll(events), t -> !SyntheticI2b2_2012.isTimex(t));
            I2b2_2012Reader all = new I2b2_2012Reader(dir.resolve(split), true);
            assertSame(gen.get(split), readAll(all), t -> true);
            assertTrue(events.issues().isEmpty() && all.issues().isEmpty());
        }
    }

    @Test
    void i2b2_2010(@TempDir Path dir) throws IOException {
        SyntheticI2b2_2010.write(dir, SIZE, SEED);
        Map<String, List<SynthDocument>> gen = SyntheticI2b2_2010.generate(SIZE, SEED);
        for (String split : List.of("train", "test")) {
            I2b2_2010Reader r = new I2b2_2010Reader(dir.resolve(split));
            assertSame(gen.get(split), readAll(r), t -> true);
            assertTrue(r.issues().isEmpty(), r.issues().issues().toString());
        }
        String con = Files.readString(dir.resolve("train/concept/record-1.con"));
        assertTrue(con.lines().allMatch(l -> l.matches("c=\".*\" \\d+:\\d+ \\d+:\\d+\\|\\|t=\"(problem|test|treatment)\"")), con);
    }

    @Test
    void i2b2_2006(@TempDir Path dir) throws IOException {
        SyntheticI2b2_2006.write(dir, SIZE, SEED);
        Map<String, List<SynthDocument>> gen = SyntheticI2b2_2006.generate(SIZE, SEED);
        for (Map.Entry<String, List<SynthDocument>> e : gen.entrySet()) {
            I2b2_2006Reader r = new I2b2_2006Reader(dir.resolve(e.getKey()));
            assertSame(e.getValue(), readAll(r), t -> true);
            assertTrue(r.issues().isEmpty());
        }
    }

    @Test
    void medNli(@TempDir Path dir) throws IOException {
        SyntheticMedNli.write(dir, 30, SEED);
        Map<MedNliReader.Split, List<NliPair>> gen = SyntheticMedNli.generate(30, SEED);
        for (MedNliReader.Split split : MedNliReader.Split.values()) {
            MedNliReader r = MedNliReader.of(dir, split);
            assertEquals(gen.get(split), r.readAll());
            assertEquals(0, r.skippedCount());
        }
        List<NliPair> train = gen.get(MedNliReader.Split.TRAIN);
        assertEquals(30, train.size());
        for (NliLabel l : NliLabel.values()) {
            assertEquals(10, train.stream().filter(p -> p.label() == l).count());
        }
        // The signal is in the text: contradictions (and only they) negate with "no".
        assertTrue(train.stream().allMatch(p -> (p.label() == NliLabel.CONTRADICTION) == p.hypothesis().contains(" no ")));
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes(@TempDir Path dir) throws IOException {
        SyntheticCorpora.write(dir.resolve("a"), 5, 7);
        SyntheticCorpora.write(dir.resolve("b"), 5, 7);
        SyntheticCorpora.write(dir.resolve("c"), 5, 8);
        List<Path> filesA = files(dir.resolve("a"));
        assertEquals(filesA.stream().map(p -> dir.resolve("a").relativize(p)).toList(),
                files(dir.resolve("b")).stream().map(p -> dir.resolve("b").relativize(p)).toList());
        boolean anyDiffers = false;
        for (Path a : filesA) {
            Path rel = dir.resolve("a").relativize(a);
            assertTrue(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(dir.resolve("b").resolve(rel))), rel.toString());
            Path c = dir.resolve("c").resolve(rel);
            anyDiffers |= !Files.exists(c) || !Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c));
        }
        assertTrue(anyDiffers);
        for (String sub : List.of("mednli/mli_train_v1.jsonl", "i2b2-2006/" + SyntheticI2b2_2006.TRAIN_FILE,
                "i2b2-2010/train/txt", "i2b2-2010/test/concept", "i2b2-2012/train", "i2b2-2014/test")) {
            assertTrue(Files.exists(dir.resolve("a").resolve(sub)), sub);
        }
        assertFalse(filesA.stream().anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
        }
    }
}
