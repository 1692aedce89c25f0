package org.clinicalbert.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckConfigCommandTest {

    @Test
    void validatesShippedFilesAndReportsOverrideErrors(@TempDir Path models) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ErrorReporter.install(new CommandLine(new CheckConfigCommand()));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("experiments/mednli-clinical-bert.yaml", "experiments/i2b2-2014-biobert-v1.0.yaml",
                "--models-dir", models.toString()));
        assertEquals("ok: experiments/mednli-clinical-bert.yaml (mednli, clinical-bert)\n"
                + "ok: experiments/i2b2-2014-biobert-v1.0.yaml (i2b2-2014, biobert-v1.0)\n", out.toString());

        assertEquals(2, cl.execute("experiments/mednli-clinical-bert.yaml", "--set", "train.lrr=1", "--models-dir", models.toString()));
        assertTrue(err.toString().startsWith("error: experiments/mednli-clinical-bert.yaml (override --set train.lrr=1): "
                + "unknown key train.lrr; did you mean 'lr'?"), err.toString());
    }

    @Test
    void checkpointCheckSaysWhereToGetTheModel(@TempDir Path models) {
        StringWriter err = new StringWriter();
        CommandLine cl = ErrorReporter.install(new CommandLine(new CheckConfigCommand()));
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("experiments/mednli-bio-clinical-bert.yaml", "--checkpoint", "--models-dir", models.toString()));
        assertTrue(err.toString().contains("checkpoint for 'bio-clinical-bert' (Bio+Clinical BERT) not found: no folder "
                + models.resolve("biobert_pretrain_output_all_notes_150000")), err.toString());
    }

    @Test
    void checkpointCheckComparesLengthsWithTheModel() {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        CommandLine cl = ErrorReporter.install(new CommandLine(new CheckConfigCommand()));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        // tiny-demo's bert_config.json: max_position_embeddings 160
        assertEquals(0, cl.execute("experiments/demo.yaml", "--checkpoint", "--set", "model.max_seq_length=160"), err.toString());
        assertEquals(2, cl.execute("experiments/demo.yaml", "--checkpoint", "--set", "model.max_seq_length=161"));
        assertEquals("error: experiments/demo.yaml (key model.max_seq_length): model.max_seq_length 161 exceeds "
                + "max_position_embeddings 160 of the model (" + Path.of("config/models/tiny-demo/bert_config.json") + ")\n", err.toString());
    }
}
