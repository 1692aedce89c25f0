package org.clinicalbert.workbench.data.mimic;

import org.clinicalbert.workbench.data.synth.MimicSynth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MimicFormatJobTest {

    @TempDir
    Path dir;

    private MimicFormatJob.Request request(Path csv, Path out, Set<String> categories, int shardSize) {
        return new MimicFormatJob.Request(csv, out, MimicNotesPipelineTest.PIPELINES.resolve(
                MimicNotesPipeline.ALL_NOTES_FILE), categories, shardSize);
    }

    static Map<String, String> readTree(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }

    @Test
    void formatsSampleIntoCategoryShardsWithSummary() throws IOException {
        Path out = dir.resolve("out");
        FormatSummary s = MimicFormatJob.run(request(NoteEventsReaderTest.sample(), out, Set.of(), 10),
                MimicFormatJob.Progress.NONE);
        assertEquals(4, s.recordsRead());
        assertEquals(3, s.notesSelected());
        assertEquals(Map.of(MimicFormatJob.SKIP_ISERROR, 1L), s.skipped());
        assertEquals("Admission Date:\n[**2151-7-16**]\nHISTORY OF PRESENT ILLNESS:\n"
                        + "He said \"no pain\", then left, AMA.\n\n",
                Files.readString(out.resolve("discharge_summary/shard-00000.txt")));
        assertEquals("Sinus rhythm, rate 72.\nComma, \"quoted\", fine.\n\n",
                Files.readString(out.resolve("ecg/shard-00000.txt")));
        FormatSummary.CategoryTotals ecg = s.categories().get("ecg");
        assertEquals(1, ecg.notes());
        assertEquals(2, ecg.sentences());
        assertEquals(7, ecg.tokens());
        assertTrue(Files.exists(out.resolve(MimicFormatJob.SUMMARY)));
        assertTrue(Files.exists(out.resolve(MimicFormatJob.APPLIED_PIPELINE)));
    }

    /**
     * Issue 24: skipped notes are located. The hand-made sample: record 175 (ISERROR=1) starts on line 6, after the
     * header and record 174's four lines; record 176 (ECG, not selected here) on line 7.
     */
    @Test
    void skippedNotesAreCountedAndLocatedByTheirNoteEventsLine() throws IOException {
        Path out = dir.resolve("out");
        FormatSummary s = MimicFormatJob.run(request(NoteEventsReaderTest.sample(), out,
                Set.of("Discharge summary", "Radiology"), 10), MimicFormatJob.Progress.NONE);
        assertEquals(Map.of(MimicFormatJob.SKIP_ISERROR, 1L, MimicFormatJob.SKIP_CATEGORY, 1L), s.skipped());
        assertEquals(Map.of(MimicFormatJob.SKIP_ISERROR, List.of(6L), MimicFormatJob.SKIP_CATEGORY, List.of(7L)),
                s.skippedAtLines());
        var json = org.clinicalbert.workbench.io.Json.MAPPER.readTree(out.resolve(MimicFormatJob.SUMMARY).toFile());
        assertEquals("[7]", json.path("skippedAtLines").path(MimicFormatJob.SKIP_CATEGORY).toString());

        // many skipped: the count is exact, the first 20 per reason are located, each on a line where such a record starts
        Path csv = dir.resolve("NOTEEVENTS.csv");
        MimicSynth.write(csv, 400, 7);
        FormatSummary many = MimicFormatJob.run(request(csv, dir.resolve("many"), Set.of("Radiology"), 25),
                MimicFormatJob.Progress.NONE);
        Map<Long, String> reasonAt = new TreeMap<>();
        Map<String, Long> expected = new TreeMap<>();
        try (NoteEventsReader r = new NoteEventsReader(csv)) {
            r.forEachRemaining(e -> {
                String why = "1".equals(e.isError().strip()) ? MimicFormatJob.SKIP_ISERROR
                        : e.category().strip().equals("Radiology") ? null : MimicFormatJob.SKIP_CATEGORY;
                if (why != null) {
                    reasonAt.put(e.line(), why);
                    expected.merge(why, 1L, Long::sum);
                }
            });
        }
        assertEquals(expected, many.skipped());
        assertTrue(expected.get(MimicFormatJob.SKIP_CATEGORY) > 20, expected.toString());
        expected.forEach((why, n) -> {
            List<Long> firstLines = reasonAt.entrySet().stream().filter(x -> x.getValue().equals(why))
                    .map(Map.Entry::getKey).limit(20).toList();
            assertEquals(firstLines, many.skippedAtLines().get(why), why);
        });
    }

    @Test
    void rerunSkipsFinishedShardsAndGivesTheSameOutput() throws IOException {
        Path csv = dir.resolve("NOTEEVENTS.csv");
        MimicSynth.write(csv, 400, 7);
        Path out = dir.resolve("out");
        FormatSummary first = MimicFormatJob.run(request(csv, out, Set.of(), 25), MimicFormatJob.Progress.NONE);
        Map<String, String> tree = readTree(out);
        assertEquals(0, first.resumedShards());
        assertTrue(first.shardsWritten() > 6, "several shards per category");
        long selected = first.categories().values().stream().mapToLong(FormatSummary.CategoryTotals::selected).sum();
        assertEquals(first.notesSelected(), selected, "every selected note is accounted for in a shard");
        long skipped = first.skipped().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(first.recordsRead(), first.notesSelected() + skipped);

        // mark shard files: a rerun must not rewrite them
        FileTime old = FileTime.fromMillis(1_000_000L);
        for (String f : tree.keySet()) {
            if (f.contains("shard-")) {
                Files.setLastModifiedTime(out.resolve(f), old);
            }
        }
        FormatSummary second = MimicFormatJob.run(request(csv, out, Set.of(), 25), MimicFormatJob.Progress.NONE);
        assertEquals(first.shardsWritten(), second.resumedShards());
        assertEquals(0, second.shardsWritten());
        assertEquals(first.categories(), second.categories());
        assertEquals(tree.keySet(), readTree(out).keySet());
        for (String f : tree.keySet()) {
            if (f.contains("shard-")) {
                assertEquals(old, Files.getLastModifiedTime(out.resolve(f)), f + " was rewritten");
            }
        }
        Map<String, String> after = readTree(out);
        after.remove(MimicFormatJob.SUMMARY);
        Map<String, String> before = new TreeMap<>(tree);
        before.remove(MimicFormatJob.SUMMARY);
        assertEquals(before, after);
    }

    @Test
    void interruptedRunResumesFromTheManifest() throws IOException {
        Path csv = dir.resolve("NOTEEVENTS.csv");
        MimicSynth.write(csv, 300, 11);
        Path full = dir.resolve("full");
        MimicFormatJob.run(request(csv, full, Set.of(), 20), MimicFormatJob.Progress.NONE);
        Map<String, String> expected = readTree(full);

        // simulate a crash: drop the later shards of every category and their manifest entries
        Path cut = dir.resolve("cut");
        MimicFormatJob.run(request(csv, cut, Set.of(), 20), MimicFormatJob.Progress.NONE);
        FormatManifest m = ShardedCorpusWriter.JSON.readValue(cut.resolve(ShardedCorpusWriter.MANIFEST).toFile(),
                FormatManifest.class);
        Map<String, FormatManifest.CategoryShards> kept = new TreeMap<>();
        m.categories().forEach((slug, c) -> {
            kept.put(slug, new FormatManifest.CategoryShards(c.category(), c.shards().subList(0, 1)));
            c.shards().subList(1, c.shards().size()).forEach(sh -> cut.resolve(sh.file()).toFile().delete());
        });
        ShardedCorpusWriter.JSON.writeValue(cut.resolve(ShardedCorpusWriter.MANIFEST).toFile(),
                new FormatManifest(m.fingerprint(), kept));
        FormatSummary resumed = MimicFormatJob.run(request(csv, cut, Set.of(), 20), MimicFormatJob.Progress.NONE);
        assertEquals(kept.size(), resumed.resumedShards());
        Map<String, String> got = readTree(cut);
        got.remove(MimicFormatJob.SUMMARY);
        expected.remove(MimicFormatJob.SUMMARY);
        assertEquals(expected, got);
    }

    @Test
    void outputDoesNotDependOnTheNumberOfFormattingThreads() throws IOException {
        Path csv = dir.resolve("NOTEEVENTS.csv");
        MimicSynth.write(csv, 1500, 3);
        Path one = dir.resolve("one");
        Path three = dir.resolve("three");
        MimicFormatJob.run(request(csv, one, Set.of(), 100), MimicFormatJob.Progress.NONE, 1);
        MimicFormatJob.run(request(csv, three, Set.of(), 100), MimicFormatJob.Progress.NONE, 3);
        assertEquals(readTree(one), readTree(three));
    }

    @Test
    void badRecordLateInTheFileKeepsFinishedShardsAndLeavesNoPartialFiles() throws IOException {
        StringBuilder csv = new StringBuilder(String.join(",", NoteEvent.COLUMNS)).append('\n');
        for (int i = 1; i <= 25; i++) {
            csv.append(i).append(",1,1,2100-01-01,,,\"Nursing\",\"d\",,,\"Note ").append(i).append(". Stable.\"\n");
        }
        csv.append("26,1,1,2100-01-01,,,\"Nursing\",\"d\",,,\"cut off\n");
        Path p = dir.resolve("bad.csv");
        Files.writeString(p, csv);
        Path out = dir.resolve("out");
        org.clinicalbert.workbench.io.InputFormatException e = assertThrows(
                org.clinicalbert.workbench.io.InputFormatException.class,
                () -> MimicFormatJob.run(request(p, out, Set.of(), 10), MimicFormatJob.Progress.NONE));
        assertTrue(e.location().startsWith("record 26"), e.location());
        assertEquals(Set.of("manifest.json", "pipeline.json", "nursing/shard-00000.txt", "nursing/shard-00001.txt"),
                readTree(out).keySet());
        assertTrue(readTree(out).get("nursing/shard-00001.txt").startsWith("Note 11.\nStable.\n\n"));
    }

    @Test
    void differentSettingsRefuseToMixWithExistingShards() throws IOException {
        Path out = dir.resolve("out");
        MimicFormatJob.run(request(NoteEventsReaderTest.sample(), out, Set.of(), 10), MimicFormatJob.Progress.NONE);
        var e = assertThrows(org.clinicalbert.workbench.io.InputFormatException.class, () -> MimicFormatJob.run(
                request(NoteEventsReaderTest.sample(), out, Set.of(), 11), MimicFormatJob.Progress.NONE));
        assertTrue(e.getMessage().startsWith(out + ": holds shards of a different run"), e.getMessage());
    }

    @Test
    void categoryRestrictionAndEmptyNotesAreReported() throws IOException {
        Path csv = dir.resolve("n.csv");
        Files.writeString(csv, String.join(",", NoteEvent.COLUMNS) + "\n"
                + "1,1,1,2100-01-01,,,\"Nursing\",\"d\",,,\"  \n ----- \n\"\n"
                + "2,1,1,2100-01-01,,,\"Nursing\",\"d\",,,\"Stable. Sleeping.\"\n"
                + "3,1,1,2100-01-01,,,\"ECG\",\"d\",,,\"Sinus rhythm.\"\n");
        Path out = dir.resolve("out");
        FormatSummary s = MimicFormatJob.run(request(csv, out, Set.of("Nursing"), 10), MimicFormatJob.Progress.NONE);
        assertEquals(Map.of(MimicFormatJob.SKIP_CATEGORY, 1L), s.skipped());
        FormatSummary.CategoryTotals nursing = s.categories().get("nursing");
        assertEquals(2, nursing.selected());
        assertEquals(1, nursing.notes());
        assertEquals(1, nursing.emptyNotes());
        assertEquals("Stable.\nSleeping.\n\n", Files.readString(out.resolve("nursing/shard-00000.txt")));
        assertFalse(Files.exists(out.resolve("ecg")));
        assertTrue(Files.readString(out.resolve(MimicFormatJob.APPLIED_PIPELINE)).contains("\"Nursing\""));
    }
}
