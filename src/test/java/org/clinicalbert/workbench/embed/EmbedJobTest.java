package org.clinicalbert.workbench.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.data.mimic.MimicFormatJob;
import org.clinicalbert.workbench.data.synth.MimicSynth;
import org.clinicalbert.workbench.data.mimic.NoteEvent;
import org.clinicalbert.workbench.data.mimic.NoteEventsReader;
import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link EmbedJob} on the tiny demo model at max_seq_length 16 (so some texts take several windows), groups of 3
 * texts and batches of 2 windows: rows in input order equal to embedding each text alone, the readers, resume
 * after a kill byte for byte, and bad input leaving nothing behind.
 */
class EmbedJobTest {

    static TextEmbedder embedder;
    static final List<String> TEXTS = List.of(
            "patient admitted with acute stroke",
            "woman presented to the emergency department with upper gastrointestinal bleed and septic shock after "
                    + "arrival history of atrial fibrillation",
            "history of atrial fibrillation",
            "septic shock",
            "patient admitted with acute stroke",
            "urinary tract infection found on admission medical problems include lung injury and ischemic stroke",
            "lung");

    @BeforeAll
    static void open() {
        embedder = TextEmbedder.open(ModelFolder.open(TextEmbedderTest.TINY, false), Pooling.MEAN, null, 16, null, 2);
    }

    static InputSpec lines(Path file) {
        return new InputSpec(file, InputKind.LINES, InputSpec.DEFAULT_FIELD, null, List.of());
    }

    static float[][] readNpy(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            NpyFormat.Header h = NpyFormat.read(ch, file);
            ByteBuffer b = ByteBuffer.allocate((int) h.dataBytes()).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, h.dataOffset());
            b.flip();
            float[][] rows = new float[(int) h.rows()][h.cols()];
            for (float[] row : rows) {
                b.asFloatBuffer().get(row);
                b.position(b.position() + row.length * Float.BYTES);
            }
            return rows;
        }
    }

    static List<JsonNode> ids(Path out) throws IOException {
        List<JsonNode> l = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(EmbedManifest.IDS))) {
            l.add(new ObjectMapper().readTree(line));
        }
        return l;
    }

    @Test
    void rowsInInputOrderEqualToEachTextAlone(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("texts.txt");
        // blank lines are skipped but keep their line numbers
        Files.writeString(in, String.join("\n", TEXTS.subList(0, 3)) + "\n\n  \n" + String.join("\r\n", TEXTS.subList(3, 7)));
        Path out = dir.resolve("out");
        EmbedManifest m = EmbedJob.run(embedder, lines(in), out, false, 3, EmbedJob.Progress.NONE);
        assertEquals(TEXTS.size(), m.rows());
        assertEquals(64, m.dimension());
        float[][] rows = readNpy(out.resolve(EmbedManifest.EMBEDDINGS));
        List<JsonNode> ids = ids(out);
        assertEquals(TEXTS.size(), rows.length);
        long windowed = 0;
        for (int i = 0; i < TEXTS.size(); i++) {
            TextEmbedder.Embedded alone = embedder.embed(List.of(TEXTS.get(i))).get(0);
            double d = TextEmbedderTest.maxDiff(alone.vector(), rows[i]);
            assertTrue(d <= 1e-5, "row " + i + ": " + d);
            assertEquals(i, ids.get(i).get("row").asInt());
            int line = i < 3 ? i + 1 : i + 3;
            assertEquals(line, ids.get(i).get("line").asInt());
            assertEquals(Integer.toString(line), ids.get(i).get("id").asText());
            assertEquals(alone.windows(), ids.get(i).get("windows").asInt());
            assertEquals(alone.pieces(), ids.get(i).get("tokens").asInt());
            assertEquals(TEXTS.get(i), ids.get(i).get("text").asText());
            windowed += alone.windows() > 1 ? 1 : 0;
        }
        assertTrue(windowed >= 2, "some texts need several windows at max_seq_length 16");
        assertEquals(windowed, m.counts().windowedTexts());
        assertFalse(Files.exists(out.resolve(EmbedJob.PARTIAL)));
        EmbedManifest read = EmbedManifest.read(out);
        assertEquals(m.fingerprint(), read.fingerprint());
        assertEquals("mean", read.fingerprint().pooling());
        assertEquals(16, read.fingerprint().maxSeqLength());
        assertEquals(7, read.fingerprint().stride());
        assertEquals(64, read.fingerprint().model().hiddenSize());
        assertEquals(64, read.fingerprint().model().checkpointIndexSha256().length());
        UserInputException again = assertThrows(UserInputException.class,
                () -> EmbedJob.run(embedder, lines(in), out, false, 3, EmbedJob.Progress.NONE));
        assertTrue(again.getMessage().contains("already holds"), again.getMessage());
    }

    @Test
    void resumedRunEndsByteForByteAsAnUninterruptedOne(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("texts.txt");
        List<String> many = threeTimes(in);
        Path whole = dir.resolve("whole");
        EmbedJob.run(embedder, lines(in), whole, false, 4, EmbedJob.Progress.NONE);

        Path killed = dir.resolve("killed");
        AtomicInteger groups = new AtomicInteger();
        RuntimeException kill = assertThrows(RuntimeException.class, () -> EmbedJob.run(embedder, lines(in), killed,
                false, 4, (b, t, n, w) -> {
                    if (groups.incrementAndGet() == 2) {
                        throw new RuntimeException("killed");
                    }
                }));
        assertEquals("killed", kill.getMessage());
        Path partial = killed.resolve(EmbedJob.PARTIAL);
        assertTrue(Files.isDirectory(partial));
        assertFalse(Files.exists(killed.resolve(EmbedManifest.EMBEDDINGS)), "no .npy until the run is complete");
        // a kill in the middle of the third group: rows and ids written past the last recorded state
        Files.write(partial.resolve(EmbedManifest.EMBEDDINGS), new byte[100], StandardOpenOption.APPEND);
        Files.writeString(partial.resolve(EmbedManifest.IDS), "{\"row\":8,\"id\":\"9", StandardOpenOption.APPEND);

        UserInputException noResume = assertThrows(UserInputException.class,
                () -> EmbedJob.run(embedder, lines(in), killed, false, 4, EmbedJob.Progress.NONE));
        assertTrue(noResume.getMessage().contains("--resume"), noResume.getMessage());
        UserInputException otherSettings = assertThrows(UserInputException.class,
                () -> EmbedJob.run(embedder, lines(in), killed, true, 5, EmbedJob.Progress.NONE));
        assertTrue(otherSettings.getMessage().contains("buffer 4") && otherSettings.getMessage().contains("5"),
                otherSettings.getMessage());

        AtomicInteger resumedGroups = new AtomicInteger();
        EmbedManifest m = EmbedJob.run(embedder, lines(in), killed, true, 4, (b, t, n, w) -> {
            resumedGroups.incrementAndGet();
        });
        assertEquals(many.size(), m.rows());
        assertEquals(1, m.timings().resumes());
        assertEquals(6 - 2, resumedGroups.get(), "21 texts in groups of 4: 6 groups, 2 done before the kill");
        assertArrayEquals(Files.readAllBytes(whole.resolve(EmbedManifest.EMBEDDINGS)),
                Files.readAllBytes(killed.resolve(EmbedManifest.EMBEDDINGS)));
        assertArrayEquals(Files.readAllBytes(whole.resolve(EmbedManifest.IDS)),
                Files.readAllBytes(killed.resolve(EmbedManifest.IDS)));
        assertEquals(EmbedManifest.read(whole).counts(), m.counts());
        assertFalse(Files.exists(partial));
    }

    /**
     * The input cut into group-aligned ranges, each embedded alone (the first one continued after a kill), and the
     * parts joined: the whole run's files byte for byte, counts summed, ids numbered as in the whole input.
     */
    @Test
    void rangesJoinedEqualTheWholeRun(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("texts.txt");
        List<String> many = threeTimes(in);
        Path whole = dir.resolve("whole");
        EmbedManifest w = EmbedJob.run(embedder, lines(in), whole, false, 4, EmbedJob.Progress.NONE);

        List<TextRange> ranges = TextRange.cut(many.size(), 4, 2);
        assertEquals(List.of(new TextRange(0, 12), new TextRange(12, 21)), ranges);
        Path parts = dir.resolve("out").resolve(EmbedJob.PARTS);
        List<Path> partDirs = List.of(parts.resolve("a"), parts.resolve("b"));
        AtomicInteger groups = new AtomicInteger();
        assertThrows(RuntimeException.class, () -> EmbedJob.run(embedder, lines(in), partDirs.get(0), false, 4,
                ranges.get(0), (b, t, n, x) -> {
                    if (groups.incrementAndGet() == 2) {
                        throw new RuntimeException("killed");
                    }
                }));
        assertEquals(8, EmbedJob.unfinishedTexts(partDirs.get(0)));
        UserInputException other = assertThrows(UserInputException.class, () -> EmbedJob.run(embedder,
                lines(in), partDirs.get(0), true, 4, ranges.get(1), EmbedJob.Progress.NONE));
        assertTrue(other.getMessage().contains("texts 0-11"), other.getMessage());
        EmbedManifest a = EmbedJob.run(embedder, lines(in), partDirs.get(0), true, 4, ranges.get(0),
                EmbedJob.Progress.NONE);
        EmbedManifest b = EmbedJob.run(embedder, lines(in), partDirs.get(1), false, 4, ranges.get(1),
                EmbedJob.Progress.NONE);
        assertEquals(12, a.rows());
        assertEquals(9, b.rows());
        assertEquals(12, ids(partDirs.get(1)).get(0).get("row").asInt(), "rows numbered as in the whole input");
        assertThrows(IllegalArgumentException.class, () -> EmbedJob.run(embedder, lines(in), dir.resolve("odd"),
                false, 4, new TextRange(6, 12), EmbedJob.Progress.NONE), "a part off the group boundaries");

        Path out = dir.resolve("out");
        EmbedManifest joined = EmbedJob.joinParts(partDirs, out, parts.resolve("joined"), w.fingerprint(), 2.5, 1);
        assertArrayEquals(Files.readAllBytes(whole.resolve(EmbedManifest.EMBEDDINGS)),
                Files.readAllBytes(out.resolve(EmbedManifest.EMBEDDINGS)));
        assertArrayEquals(Files.readAllBytes(whole.resolve(EmbedManifest.IDS)),
                Files.readAllBytes(out.resolve(EmbedManifest.IDS)));
        assertEquals(w.counts(), joined.counts());
        assertEquals(w.fingerprint(), EmbedManifest.read(out).fingerprint());
        assertEquals(2.5, joined.timings().seconds());
        assertEquals(1, joined.timings().resumes());
    }

    @Test
    void jsonlWithIdField(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("notes.jsonl");
        Files.writeString(in, "{\"note\": \"septic shock\", \"pid\": 17}\n\n{\"note\": \"lung\", \"pid\": \"a-2\"}\n");
        Path out = dir.resolve("out");
        EmbedJob.run(embedder, new InputSpec(in, InputKind.JSONL, "note", "pid", List.of()), out, false, 3,
                EmbedJob.Progress.NONE);
        List<JsonNode> ids = ids(out);
        assertEquals(List.of("17", "a-2"), ids.stream().map(n -> n.get("id").asText()).toList());
        assertEquals(List.of(1, 3), ids.stream().map(n -> n.get("line").asInt()).toList());
        float[][] rows = readNpy(out.resolve(EmbedManifest.EMBEDDINGS));
        assertTrue(TextEmbedderTest.maxDiff(embedder.embed(List.of("lung")).get(0).vector(), rows[1]) <= 1e-5);
    }

    /**
     * A synthetic NOTEEVENTS: one vector per note that mimic format's pipeline keeps (ISERROR=1 dropped, category
     * filter), ROW_ID as id; then the shards `mimic format` writes from it: one vector per sentence line.
     */
    @Test
    void noteEventsAndMimicShards(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("NOTEEVENTS.csv");
        MimicSynth.write(csv, 12, 7L);
        List<NoteEvent> notes = new ArrayList<>();
        try (NoteEventsReader reader = new NoteEventsReader(csv)) {
            reader.forEachRemaining(notes::add);
        }
        List<NoteEvent> kept = notes.stream().filter(n -> !n.isError().strip().equals("1"))
                .filter(n -> Set.of("Radiology", "ECG").contains(n.category().strip())).toList();
        assertTrue(kept.size() >= 2 && kept.size() < notes.size(), "the filter keeps some notes and drops others: " + kept.size() + " of " + notes.stream().map(NoteEvent::category).toList());
        Path out = dir.resolve("notes");
        EmbedManifest m = EmbedJob.run(embedder, new InputSpec(csv, InputKind.NOTEEVENTS, null, null,
                List.of("Radiology", "ECG")), out, false, 3, EmbedJob.Progress.NONE);
        assertEquals(kept.size(), m.rows());
        List<JsonNode> ids = ids(out);
        float[][] rows = readNpy(out.resolve(EmbedManifest.EMBEDDINGS));
        for (int i = 0; i < kept.size(); i++) {
            assertEquals(kept.get(i).rowId(), ids.get(i).get("id").asText());
            assertEquals(kept.get(i).line(), ids.get(i).get("line").asLong());
            TextEmbedder.Embedded alone = embedder.embed(List.of(kept.get(i).text())).get(0);
            assertTrue(alone.windows() > 1, "notes are longer than 16 word pieces");
            assertTrue(TextEmbedderTest.maxDiff(alone.vector(), rows[i]) <= 1e-5, "note " + i);
        }
        assertEquals(kept.size(), m.counts().windowedTexts());
        // the notes the filter left out are counted by reason and located by the line where each starts (issue 24)
        Map<String, Long> leftOut = new TreeMap<>();
        Map<String, List<Long>> at = new TreeMap<>();
        for (NoteEvent n : notes) {
            String why = n.isError().strip().equals("1") ? MimicFormatJob.SKIP_ISERROR
                    : Set.of("Radiology", "ECG").contains(n.category().strip()) ? null : MimicFormatJob.SKIP_CATEGORY;
            if (why != null) {
                leftOut.merge(why, 1L, Long::sum);
                at.computeIfAbsent(why, w -> new ArrayList<>()).add(n.line());
            }
        }
        assertEquals(notes.size() - kept.size(), leftOut.values().stream().mapToLong(Long::longValue).sum());
        assertEquals(new EmbedManifest.Skipped(leftOut, at), m.skipped());
        JsonNode written = new ObjectMapper().readTree(
                out.resolve(EmbedManifest.FILE).toFile()).get("skipped");
        assertEquals(leftOut.get(MimicFormatJob.SKIP_CATEGORY).longValue(),
                written.get("counts").get(MimicFormatJob.SKIP_CATEGORY).asLong());
        assertEquals(at.get(MimicFormatJob.SKIP_CATEGORY).get(0).longValue(),
                written.get("atLines").get(MimicFormatJob.SKIP_CATEGORY).get(0).asLong());
        // a resumed run reads the input from its start again: the same tally, not the part after the kill
        Path killed = dir.resolve("notes-killed");
        AtomicInteger groups = new AtomicInteger();
        assertThrows(RuntimeException.class, () -> EmbedJob.run(embedder, new InputSpec(csv, InputKind.NOTEEVENTS,
                null, null, List.of("Radiology", "ECG")), killed, false, 1, (b, t, n, w) -> {
                    if (groups.incrementAndGet() == 1) {
                        throw new RuntimeException("killed");
                    }
                }));
        EmbedManifest resumed = EmbedJob.run(embedder, new InputSpec(csv, InputKind.NOTEEVENTS, null, null,
                List.of("Radiology", "ECG")), killed, true, 1, EmbedJob.Progress.NONE);
        assertEquals(1, resumed.timings().resumes());
        assertEquals(m.skipped(), resumed.skipped());

        Path shards = dir.resolve("formatted");
        MimicFormatJob.run(new MimicFormatJob.Request(csv, shards, Path.of("datavec-pipelines",
                "mimic-notes-all.json"), Set.of(), 4), MimicFormatJob.Progress.NONE, 1);
        List<String> expectedIds = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        try (var files = Files.walk(shards)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("shard-\\d+\\.txt")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (!lines.get(i).isBlank()) {
                        expectedIds.add(shards.relativize(f) + ":" + (i + 1));
                        sentences.add(lines.get(i));
                    }
                }
            }
        }
        assertTrue(expectedIds.stream().anyMatch(s -> s.startsWith("radiology/shard-00000.txt:")));
        Path sentenceOut = dir.resolve("sentences");
        EmbedManifest s = EmbedJob.run(embedder, new InputSpec(shards, InputKind.SHARDS, null, null, List.of()),
                sentenceOut, false, 64, EmbedJob.Progress.NONE);
        assertEquals(expectedIds.size(), s.rows());
        assertEquals(expectedIds, ids(sentenceOut).stream().map(n -> n.get("id").asText()).toList());
        float[][] sentenceRows = readNpy(sentenceOut.resolve(EmbedManifest.EMBEDDINGS));
        int last = sentences.size() - 1;
        assertTrue(TextEmbedderTest.maxDiff(embedder.embed(List.of(sentences.get(last))).get(0).vector(),
                sentenceRows[last]) <= 1e-5);
    }

    static void assertBad(Path dir, InputSpec spec, String... expected) {
        Path out = dir.resolve("out-" + spec.input().getFileName());
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> EmbedJob.run(embedder, spec, out, false, 2, EmbedJob.Progress.NONE));
        for (String x : expected) {
            assertTrue(e.getMessage().contains(x), "'" + x + "' in: " + e.getMessage());
        }
        assertFalse(Files.exists(out), "nothing left behind: " + out);
    }

    @Test
    void badInputNamesFileAndLineAndLeavesNothing(@TempDir Path dir) throws IOException {
        Path jsonl = dir.resolve("missing.jsonl");
        // the bad line comes after a whole group was written, which must be removed too
        Files.writeString(jsonl, "{\"text\": \"lung\"}\n{\"text\": \"lung\"}\n{\"text\": \"septic shock\"}\n"
                + "{\"body\": \"lung\"}\n");
        assertBad(dir, new InputSpec(jsonl, InputKind.JSONL, "text", null, List.of()), "missing.jsonl", "line 4",
                "\"text\"");
        Path idless = dir.resolve("idless.jsonl");
        Files.writeString(idless, "{\"text\": \"lung\", \"id\": [1]}\n");
        assertBad(dir, new InputSpec(idless, InputKind.JSONL, "text", "id", List.of()), "idless.jsonl", "line 1");
        Path notJson = dir.resolve("broken.jsonl");
        Files.writeString(notJson, "{\"text\": \"lung\"}\n{\"text\": \"lung\"\n");
        assertBad(dir, new InputSpec(notJson, InputKind.JSONL, "text", null, List.of()), "broken.jsonl", "line 2",
                "malformed JSON");

        Path latin1 = dir.resolve("latin1.txt");
        byte[] good = "lung\nseptic shock\nlung\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = "caf\u00e9 au lait\n".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer both = ByteBuffer.allocate(good.length + bad.length).put(good).put(bad);
        Files.write(latin1, both.array());
        assertBad(dir, lines(latin1), "latin1.txt", "line 4, byte ", "UTF-8 ");

        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "\n   \n\n");
        assertBad(dir, lines(empty), "empty.txt", "no texts");
        assertBad(dir, lines(dir.resolve("absent.txt")), "absent.txt", "not found");

        Path emptyDir = Files.createDirectory(dir.resolve("noshards"));
        assertBad(dir, new InputSpec(emptyDir, InputKind.SHARDS, null, null, List.of()), "noshards", "shard");
    }

    @Test
    void modelFolderWithoutVocabularyIsNamed(@TempDir Path dir) throws IOException {
        Path model = Files.createDirectory(dir.resolve("model"));
        for (String f : List.of("bert_config.json", "model.ckpt-0.index", "model.ckpt-0.data-00000-of-00001")) {
            Files.copy(TextEmbedderTest.TINY.resolve(f), model.resolve(f));
        }
        RuntimeException e = assertThrows(RuntimeException.class, () -> ModelFolder.open(model, false));
        assertTrue(e.getMessage().contains(model.resolve("vocab.txt").toString()), e.getMessage());
    }

    /** TEXTS three times over, written to {@code in} one per line. */
    private static List<String> threeTimes(Path in) throws IOException {
        List<String> many = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            many.addAll(TEXTS);
        }
        Files.write(in, many);
        return many;
    }
}
