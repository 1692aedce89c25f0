package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.checkpoint.CheckpointLocator;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.train.PretrainTestShards;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretrainCommandTest {

    @TempDir
    Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        var cmd = Workbench.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void pretrainsIntoAModelFolderAndResumesAFinishedRun() throws Exception {
        Path data = dir.resolve("data");
        PretrainTestShards.write(data, PretrainTestShards.instances(4, 1, 8), 1, 8);
        Path out = dir.resolve("out");
        String[] args = {"pretrain", "--model", "config/models/tiny-demo", "--data", data.toString(), "--out",
                out.toString(), "--steps", "3", "--batch", "4", "--warmup-steps", "1", "--no-progress"};
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        assertEquals(0, run(o, e, args), e.toString());
        assertTrue(o.toString().contains("model.ckpt-3"), o.toString());
        assertEquals(out.resolve("model.ckpt-3"), CheckpointLocator.locate(out));

        // a second start without --resume is refused as bad input (exit 2); with it, the finished run has nothing
        // left to continue, as run --resume says of a finished run (issue 24, principle 6)
        e = new StringWriter();
        assertEquals(2, run(new StringWriter(), e, args));
        assertEquals("error: " + out + ": holds an unfinished or finished pretraining run ("
                + out.resolve("pretrain_state").resolve("train_state.bin") + "): pass --resume to continue it, or choose "
                + "another --out\n", e.toString());
        assertTrue(e.toString().contains("--resume"), e.toString());
        String[] resume = java.util.Arrays.copyOf(args, args.length + 1);
        resume[args.length] = "--resume";
        e = new StringWriter();
        assertEquals(2, run(new StringWriter(), e, resume));
        Path finished = out.resolve("pretrain_state").resolve("finished.json");
        assertEquals("error: " + out + ": nothing to resume: the pretraining run here has finished (" + finished
                + "); choose another --out, or give this folder as --model to train on from it\n", e.toString());
        assertEquals(out.resolve("model.ckpt-3"), CheckpointLocator.locate(out));
        // without its end marker the run is as one killed after its last checkpoint: --resume continues it
        java.nio.file.Files.delete(finished);
        assertEquals(0, run(new StringWriter(), new StringWriter(), resume));
        assertTrue(java.nio.file.Files.exists(finished), "marked finished again");
        java.nio.file.Files.delete(finished);

        // --resume with other settings: one line naming each differing key, both values
        String[] changed = resume.clone();
        changed[8] = "5"; // --steps
        changed[10] = "2"; // --batch
        e = new StringWriter();
        assertEquals(2, run(new StringWriter(), e, changed));
        assertEquals("error: " + out.resolve("pretrain_state").resolve("settings.json") + ": cannot resume with other "
                + "settings than the run started with: steps 3 at the start, 5 now; batch 4 at the start, 2 now "
                + "(resume with the starting settings, or choose another --out)\n", e.toString());

        // --resume where nothing was started is a mistake, as in every command, and leaves nothing behind
        Path fresh = dir.resolve("fresh");
        String[] nothing = resume.clone();
        nothing[6] = fresh.toString();
        e = new StringWriter();
        assertEquals(2, run(new StringWriter(), e, nothing));
        assertTrue(e.toString().startsWith("error: " + fresh + ": nothing to resume: "), e.toString());
        assertEquals(1, e.toString().lines().count(), e.toString());
        assertTrue(!java.nio.file.Files.exists(fresh), "no folder left behind");
    }

    /** Shards prepared with one vocabulary are never trained with another, even one of the same size. */
    @Test
    void shardsOfAnotherVocabularyOfTheSameSizeAreRefused() throws Exception {
        Path sentences = java.nio.file.Files.createDirectories(dir.resolve("sentences"));
        java.nio.file.Files.writeString(sentences.resolve("notes.txt"), "the patient was seen today .\nno fever .\n\n"
                + "she is well .\nhe went home .\n");
        java.util.List<String> words = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(
                Path.of("config/models/tiny-demo/vocab.txt")));
        java.util.Collections.swap(words, words.size() - 1, words.size() - 2); // same size, two ids exchanged
        Path otherVocab = java.nio.file.Files.write(dir.resolve("other-vocab.txt"), words);
        Path other = dir.resolve("other");
        Path own = dir.resolve("own");
        StringWriter e = new StringWriter();
        assertEquals(0, run(new StringWriter(), e, "pretrain-data", "--input", sentences.toString(), "--vocab",
                otherVocab.toString(), "--out", other.toString(), "--max-seq-length", "32", "--dupe-factor", "1"),
                e.toString());
        assertEquals(0, run(new StringWriter(), e, "pretrain-data", "--input", sentences.toString(), "--vocab",
                "config/models/tiny-demo/vocab.txt", "--out", own.toString(), "--max-seq-length", "32",
                "--dupe-factor", "1"), e.toString());
        String[] args = {"pretrain", "--model", "config/models/tiny-demo", "--data", other.toString(), "--out",
                dir.resolve("out").toString(), "--steps", "1", "--batch", "2", "--warmup-steps", "0", "--no-progress"};
        e = new StringWriter();
        assertEquals(2, run(new StringWriter(), e, args));
        assertEquals("error: " + other.resolve("notes.txt.cbpt.json") + " (vocab_sha256): the shard was prepared "
                + "with another vocabulary than " + Path.of("config/models/tiny-demo/vocab.txt") + " (sha256 "
                + org.clinicalbert.workbench.tokenize.Vocab.sha256(words) + " here, "
                + org.clinicalbert.workbench.tokenize.Vocab.sha256(java.nio.file.Files.readAllLines(
                        Path.of("config/models/tiny-demo/vocab.txt"))) + " of vocab.txt, though both have "
                + words.size() + " entries): rerun pretrain-data with that --vocab\n",
                e.toString());
        assertTrue(!java.nio.file.Files.exists(dir.resolve("out")), "nothing left behind");
        args[4] = own.toString();
        e = new StringWriter();
        assertEquals(0, run(new StringWriter(), e, args), e.toString());
    }

    @Test
    void continuesPretrainingFromAHuggingFaceFolder() throws Exception {
        // a pretraining output exported as a Hugging Face folder (BertForPreTraining) is itself a pretrain --model
        Path data = dir.resolve("data");
        PretrainTestShards.write(data, PretrainTestShards.instances(4, 1, 8), 1, 8);
        Path first = dir.resolve("first");
        StringWriter firstErr = new StringWriter();
        assertEquals(0, run(new StringWriter(), firstErr, "pretrain", "--model", "config/models/tiny-demo",
                "--data", data.toString(), "--out", first.toString(), "--steps", "2", "--batch", "4",
                "--warmup-steps", "1", "--no-progress"), firstErr.toString());
        Path hf = dir.resolve("hf");
        StringWriter e = new StringWriter();
        assertEquals(0, run(new StringWriter(), e, "export", "--run", first.toString(), "--format", "hf",
                "--out", hf.toString()), e.toString());
        assertTrue(java.nio.file.Files.isRegularFile(hf.resolve("model.safetensors")));
        Path second = dir.resolve("second");
        e = new StringWriter();
        StringWriter o = new StringWriter();
        assertEquals(0, run(o, e, "pretrain", "--model", hf.toString(), "--data", data.toString(), "--out",
                second.toString(), "--steps", "2", "--batch", "4", "--warmup-steps", "1", "--no-progress"), e.toString());
        assertEquals(second.resolve("model.ckpt-2"), CheckpointLocator.locate(second));
    }

    @Test
    void reportsMissingDataAndTooLongWarmUp() throws Exception {
        StringWriter e = new StringWriter();
        Path missing = dir.resolve("nothing");
        assertEquals(2, run(new StringWriter(), e, "pretrain", "--model", "config/models/tiny-demo", "--data",
                missing.toString(), "--out", dir.resolve("o").toString(), "--steps", "3", "--no-progress"));
        assertTrue(e.toString().contains(missing.toString()), e.toString());

        Path data = dir.resolve("data");
        PretrainTestShards.write(data, PretrainTestShards.instances(2, 1, 8), 1, 8);
        e = new StringWriter();
        assertEquals(2, run(new StringWriter(), e, "pretrain", "--model", "config/models/tiny-demo", "--data",
                data.toString(), "--out", dir.resolve("o").toString(), "--steps", "3", "--no-progress"));
        assertTrue(e.toString().contains("warm-up of 10000 steps"), e.toString());
    }

    @Test
    void pretrainsFromAFolderAsTransformers5SavesIt() throws Exception {
        // config.json, model.safetensors, tokenizer.json, no vocab.txt: a BertModel, so MLM and NSP start fresh
        Path hf5 = Path.of(getClass().getResource("/hf5/bert-model/config.json").toURI()).getParent();
        ModelFolder source = ModelFolder.open(hf5);
        Path data = dir.resolve("data");
        PretrainTestShards.write(data, PretrainTestShards.instances(source.tokenizer(), 4, 1, 8), 1, 8,
                source.tokenizer().vocab().size());
        Path out = dir.resolve("out");
        StringWriter e = new StringWriter();
        assertEquals(0, run(new StringWriter(), e, "pretrain", "--model", hf5.toString(), "--data", data.toString(),
                "--out", out.toString(), "--steps", "2", "--batch", "4", "--warmup-steps", "1", "--no-progress"),
                e.toString());
        assertEquals(out.resolve("model.ckpt-2"), CheckpointLocator.locate(out));
        // the output carries the tokenizer on: tokenizer.json as read, and a vocab.txt in id order
        ModelFolder pretrained = ModelFolder.open(out);
        String text = "The patient denies chest pain; CT scan showed mass.";
        assertEquals(source.tokenizer().tokenize(text), pretrained.tokenizer().tokenize(text));
        assertEquals(source.tokenizer().vocab().tokens(), java.nio.file.Files.readAllLines(out.resolve("vocab.txt")));
    }
}
