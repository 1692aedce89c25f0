package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ExperimentConfig;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.train.BertTaskModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a run resolves from its config before anything is written (the {@link RunContext}) and which of the two
 * kinds of run its data makes ({@link PreparedRun}): checked without training, against the release file names and
 * the synthetic corpora's own documents.
 */
class RunContextTest {

    @TempDir
    static Path tmp;
    static Path corpora;

    @BeforeAll
    static void data() throws IOException {
        corpora = RunnerFixture.corpora(tmp.resolve("data"), 9);
    }

    private static ExperimentConfig config(String task, List<String> overrides) {
        return RunnerFixture.config(tmp.resolve(task + ".yaml"), task, corpora.resolve(task), tmp.resolve("out"),
                overrides);
    }

    /** The run's data read and encoded for its model, as the runner does before claiming a run folder. */
    private static PreparedRun prepared(RunContext c) {
        return PreparedRun.of(c, TaskData.of(c), RunModel.load(c).folder());
    }

    private static RunContext context(ExperimentConfig config) {
        return RunContext.of(config, RunnerFixture.registry(tmp.resolve("models")),
                RunnerFixture.options(false, null));
    }

    @Test
    void theContextLocatesTheReleaseFilesAndOpensTheModelFolderByPath() {
        ExperimentConfig config = config("mednli", List.of());
        RunContext c = context(config);
        Path mednli = corpora.resolve("mednli");
        assertEquals(new DataLocations(mednli.resolve("mli_train_v1.jsonl"), mednli.resolve("mli_dev_v1.jsonl"),
                mednli.resolve("mli_test_v1.jsonl")), c.data());
        assertEquals(new RunContext.ModelSource(RunnerFixture.tinyModel(), null), c.model());
        // the tiny model: hidden 64 (config/models/tiny-demo/bert_config.json)
        RunModel model = RunModel.load(c);
        assertEquals(RunnerFixture.tinyModel(), model.folder().dir());
        assertEquals(64, model.folder().config().hiddenSize());
        assertEquals(model.folder().readWeights().keySet(), model.weights().keySet());
        assertTrue(c.scoresTest());
        // the YAML a run folder records is the config's, written once here
        assertEquals(ConfigYaml.write(config), c.configYaml());
        assertEquals(config, new ConfigLoader(null).parse(tmp.resolve("back.yaml"), c.configYaml(), List.of()));
    }

    @Test
    void aRegistryNameResolvesThroughTheRegistry() {
        ExperimentConfig byPath = config("mednli", List.of());
        ModelRegistry registry = RunnerFixture.registry(tmp.resolve("models"));
        ExperimentConfig byName = new ExperimentConfig(byPath.name(), byPath.task(), byPath.data(),
                new org.clinicalbert.workbench.experiment.config.ModelConfig("tiny-demo", null,
                        byPath.model().maxSeqLength()), byPath.train(), byPath.eval(), byPath.output());
        RunContext c = RunContext.of(byName, registry, RunnerFixture.options(false, null));
        assertEquals(new RunContext.ModelSource(registry.resolve("tiny-demo"), registry.casing("tiny-demo")), c.model());
        assertEquals(Path.of("config", "models", "tiny-demo").toAbsolutePath().normalize(),
                c.model().dir().toAbsolutePath().normalize());
    }

    @Test
    void aDevOnlyRunDoesNotEvenLocateTheTestSet() {
        RunContext c = context(config("i2b2-2010", List.of("eval.split=dev")));
        Path corpus = corpora.resolve("i2b2-2010");
        assertTrue(Files.exists(corpus.resolve("test")), "the release has a test set");
        assertFalse(c.scoresTest());
        // i2b2 2010 ships no dev folder: dev is carved from train
        assertEquals(new DataLocations(corpus.resolve("train"), null, null), c.data());
        assertInstanceOf(PreparedRun.SingleSplit.class, prepared(c));
    }

    @Test
    void aNamedFileThatIsMissingFailsWhileResolvingTheContext() {
        ExperimentConfig valid = config("mednli", List.of());
        Path missing = tmp.resolve("no-such-dev.jsonl");
        var d = valid.data();
        // the loader checks named paths too; a file gone between loading and running is the context's to find
        ExperimentConfig config = new ExperimentConfig(valid.name(), valid.task(),
                new org.clinicalbert.workbench.experiment.config.DataConfig(d.format(), d.train(), missing, d.test(),
                        d.corpusDir(), d.splitSeed()), valid.model(), valid.train(), valid.eval(), valid.output());
        UserInputException e = assertThrows(UserInputException.class, () -> context(config));
        assertTrue(e.getMessage().contains("data: " + missing + " not found"), e.getMessage());
    }

    @Test
    void scoringOnTestWithoutATestSetFailsBeforeAnyExampleIsRead() throws IOException {
        Path noTest = Files.createDirectories(tmp.resolve("mednli-no-test"));
        for (String split : List.of("train", "dev")) {
            Files.copy(corpora.resolve("mednli").resolve("mli_" + split + "_v1.jsonl"),
                    noTest.resolve("mli_" + split + "_v1.jsonl"));
        }
        RunContext c = context(RunnerFixture.config(tmp.resolve("no-test.yaml"), "mednli", noTest, tmp.resolve("out"),
                List.of()));
        assertNull(c.data().test());
        UserInputException e = assertThrows(UserInputException.class, () -> TaskData.of(c));
        assertTrue(e.getMessage().contains("eval.split is test but the config names no test data"), e.getMessage());
    }

    @Test
    void withoutCvFoldsARunIsOneSplit() {
        RunContext c = context(config("i2b2-2010", List.of()));
        PreparedRun prepared = prepared(c);
        PreparedRun.SingleSplit single = assertInstanceOf(PreparedRun.SingleSplit.class, prepared);
        assertEquals(BertTaskModel.Kind.TOKEN, single.task().kind());
        assertEquals("f1", single.task().scoreName());
        // the carved dev set is said in the data notes
        assertTrue(single.notes().stream().anyMatch(n -> n.startsWith("dev: ")), single.notes().toString());

        PreparedRun nli = prepared(context(config("mednli", List.of())));
        assertEquals(BertTaskModel.Kind.SEQUENCE,
                assertInstanceOf(PreparedRun.SingleSplit.class, nli).task().kind());
    }

    @Test
    void withCvFoldsARunIsKFoldsThatPartitionTrainAndDev() {
        List<String> labels = ((PreparedRun.SingleSplit) prepared(context(config("i2b2-2010", List.of()))))
                .task().labels();
        RunContext c = context(config("i2b2-2010", List.of("eval.cv_folds=3")));
        PreparedRun.CrossValidated cv = assertInstanceOf(PreparedRun.CrossValidated.class, prepared(c));
        assertEquals(3, cv.k());
        assertEquals(cv.split().note(), cv.notes().get(cv.notes().size() - 1));
        // the held-out parts are disjoint and together are the pooled train+dev, document by document
        Set<String> heldOut = new HashSet<>();
        List<String> all = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            Set<String> docs = new HashSet<>();
            cv.split().heldOut(f).forEach(s -> docs.add(s.documentId()));
            docs.forEach(d -> assertTrue(heldOut.add(d), "document " + d + " held out by two folds"));
            Set<String> trained = new HashSet<>();
            cv.split().train(f).forEach(s -> trained.add(s.documentId()));
            assertTrue(java.util.Collections.disjoint(docs, trained), "fold " + (f + 1) + " trains on what it holds out");
            assertEquals(labels, cv.fold(f).labels(), "a fold tags with the corpus's label set");
        }
        cv.split().pool().forEach(s -> all.add(s.documentId()));
        assertEquals(new HashSet<>(all), heldOut);
    }

    @Test
    void aFoldWritesBelowItsRunUnderItsOwnLabel() {
        SubRun top = new SubRun(tmp.resolve("run"), "train", false, null);
        SubRun third = top.fold(2, 10);
        assertEquals(tmp.resolve("run").resolve("fold-3"), third.dir());
        assertEquals("fold 3/10", third.label());
        assertFalse(third.resuming());
    }
}
