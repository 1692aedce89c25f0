package org.clinicalbert.workbench.cli;

import me.tongfei.progressbar.ProgressBar;
import org.clinicalbert.workbench.embed.EmbedManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 24's smaller findings, each as the user met it: the line they get now. */
class SecondRoundMistakesTest {

    @TempDir
    Path dir;

    private static void assertOneLine(CliRun r, String line) {
        assertEquals(line + "\n", r.err(), r.err());
        assertEquals(2, r.code());
    }

    @Test
    void aTabInYamlIsNamedOnTheLineItIsOn() throws IOException {
        Path yaml = Files.writeString(dir.resolve("tab.yaml"), "name: x\ntask: mednli\nmodel:\n\tinit: tiny-demo\n");
        // the tab is on line 4; SnakeYAML's message also said "line 3" (Jackson's token) and spanned four lines
        assertOneLine(CliRun.of("check-config", yaml.toString()), "error: " + yaml + " (line 4, column 1): a tab "
                + "character, which YAML does not allow for indentation: indent with spaces");
    }

    @Test
    void aByteOrderMarkIsNamed() throws IOException {
        Path yaml = dir.resolve("bom.yaml");
        byte[] text = Files.readAllBytes(Path.of("experiments/demo.yaml"));
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        Files.write(yaml, withBom);
        assertOneLine(CliRun.of("check-config", yaml.toString()), "error: " + yaml + " (line 1, byte 0): starts with "
                + "a UTF-8 byte order mark (BOM, bytes 0xEF 0xBB 0xBF); save the file as UTF-8 without a BOM");
    }

    @Test
    void runGivenASweepOrStudyFileNamesTheCommand() {
        String sweep = "experiments/sweeps/demo-grid.yaml";
        assertOneLine(CliRun.of("run", sweep), "error: " + sweep + " (line 3, key experiment): this is a sweep file "
                + "(its experiment key names the experiment it varies), not an experiment: run it with `workbench "
                + "sweep " + sweep + "`");
        String study = "experiments/study/demo.yaml";
        assertOneLine(CliRun.of("check-config", study), "error: " + study + " (line 7, key initialisations): this "
                + "is a study file, not an experiment: run it with `workbench study " + study + "`");
    }

    @Test
    void embedSaysHowManyTextsWereCutAndHowManyWindowsThereAreInAll() {
        // 1,423 texts that all fit: one window each, none cut (the message said "0 texts longer ... were embedded
        // as 1,423 windows in all")
        assertEquals("1,423 texts in 1,423 windows: none longer than --max-seq-length 160; 20,000 word pieces, "
                        + "longest text 150",
                EmbedCommand.windowsLine(new EmbedManifest.Counts(1423, 0, 1423, 20_000, 150), 160, 80));
        // 3 texts, one cut into 4 windows: 2 + 4 windows
        assertEquals("3 texts in 6 windows: 1 longer than --max-seq-length 128, cut into overlapping windows "
                        + "(stride 64); 400 word pieces, longest text 300",
                EmbedCommand.windowsLine(new EmbedManifest.Counts(3, 1, 6, 400, 300), 128, 64));
        assertEquals("1 text in 1 window: none longer than --max-seq-length 8; 3 word pieces, longest text 3",
                EmbedCommand.windowsLine(new EmbedManifest.Counts(1, 0, 1, 3, 3), 8, 4));
    }

    @Test
    void byteProgressShowsAUnitTheInputFillsInsteadOfZeroOfZeroMegabytes() {
        assertEquals("5/20 kB", progressOf(20 * 1024, 5 * 1024));
        assertEquals("300/900 B", progressOf(900, 300));
        assertEquals("12/40 MB", progressOf(40L << 20, 12L << 20));
    }

    @Test
    void anUnreadableStatusFileIsListedAsUnreadableNotLeftOut() throws IOException {
        Path run = Files.createDirectories(dir.resolve("results/demo/20260101-000000"));
        Files.writeString(run.resolve("status.json"), "{\"state\": \"fini"); // cut short
        CliRun r = CliRun.of("status", dir.resolve("results").toString());
        assertEquals(0, r.code(), r.err());
        List<String> rows = r.out().lines().toList();
        assertEquals(2, rows.size(), r.out());
        assertEquals(List.of("demo/20260101-000000", "?", "unreadable", "-", "-", "-"),
                List.of(rows.get(1).trim().split("\\s+")), r.out());
        CliRun json = CliRun.of("status", dir.resolve("results").toString(), "--json");
        assertTrue(json.out().contains("\"state\" : \"unreadable\""), json.out());
    }

    @Test
    void embedResumeWithNothingToResumeIsAMistake() throws IOException {
        Path lines = Files.writeString(dir.resolve("lines.txt"), "no fever\n");
        Path out = dir.resolve("embedded");
        assertOneLine(CliRun.of("embed", "--model", "config/models/tiny-demo", "--input", lines.toString(), "--out",
                out.toString(), "--resume"), "error: " + out + ": nothing to resume: no unfinished embed run here; "
                + "start it without --resume");
        assertTrue(!Files.exists(out), "nothing left behind");
    }

    @Test
    void aVocabularyFromNothingIsRefused() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), " \n\n");
        Path out = dir.resolve("model");
        assertOneLine(CliRun.of("new-model", "--corpus", empty.toString(), "--out", out.toString()),
                "error: " + empty + ": no text to build a vocabulary from (every file of --corpus is empty or blank)");
        assertTrue(!Files.exists(out), "nothing left behind");
    }

    /** A model folder whose config disagrees with its weights, or lacks a key: one line naming the config file. */
    @Test
    void aConfigThatDisagreesWithItsWeightsIsOneLineNamingTheKey() throws IOException {
        Path model = dir.resolve("model");
        Files.createDirectories(model);
        try (java.util.stream.Stream<Path> files = Files.list(Path.of("config/models/tiny-demo"))) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName().toString()));
            }
        }
        Path config = model.resolve("bert_config.json");
        String original = Files.readString(config);
        Files.writeString(config, original.replace("\"intermediate_size\" : 128", "\"intermediate_size\" : 96"));
        Path out = dir.resolve("encoded.json");
        assertOneLine(CliRun.of("encode", "--model", model.toString(), "--text", "no fever", "--out", out.toString()),
                "error: " + config + " (key intermediate_size): says 96, but the weights' "
                        + "bert/encoder/layer_0/intermediate/dense/kernel is [64, 128] (intermediate_size 128, in "
                        + model.resolve("model.ckpt-0.index") + ")");
        Files.writeString(config, original.replace("\"num_hidden_layers\" : 2", "\"num_hidden_layers\" : 3"));
        assertOneLine(CliRun.of("encode", "--model", model.toString(), "--text", "no fever", "--out", out.toString()),
                "error: " + config + " (key num_hidden_layers): says 3, but the weights (" + model.resolve(
                        "model.ckpt-0.index") + ") have 2 encoder layers");
        Files.writeString(config, original.replace("\"num_attention_heads\" : 4,", ""));
        assertOneLine(CliRun.of("encode", "--model", model.toString(), "--text", "no fever", "--out", out.toString()),
                "error: " + config + " (field num_attention_heads): missing required field 'num_attention_heads'");
        assertTrue(!Files.exists(out), "nothing written");
    }

    /** The "done/total unit" part of the last line a byte counter prints for {@code total} bytes at {@code done}. */
    private static String progressOf(long total, long done) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressBar bar = ProgressBars.bytes(ProgressBars.builder("embed", out, false), total)
                .setInitialMax(total).setUpdateIntervalMillis(1).build()) {
            bar.stepTo(done);
            bar.refresh();
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        String last = lines.get(lines.size() - 1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+/\\d+ ?[kM]?B").matcher(last);
        assertTrue(m.find(), last);
        return m.group();
    }
}
