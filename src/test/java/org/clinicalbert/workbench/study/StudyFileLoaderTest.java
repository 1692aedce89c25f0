package org.clinicalbert.workbench.study;

import org.clinicalbert.workbench.experiment.config.ConfigLoader;
import org.clinicalbert.workbench.experiment.config.ModelRegistry;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.sweep.CandidateGenerators;
import org.clinicalbert.workbench.sweep.ParameterRange;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyFileLoaderTest {

    private static final Path BASE = Path.of("").toAbsolutePath();
    private static final ModelRegistry REGISTRY = ModelRegistry.load(ModelRegistry.DEFAULT_FILE, BASE.resolve("models"), BASE);
    private static final StudyFileLoader LOADER = new StudyFileLoader(ConfigLoader.withRegistry(REGISTRY), REGISTRY, BASE);
    private static final Path FILE = Path.of("s.yaml");

    private static final String GOOD = """
            name: small
            initialisations: [tiny-demo, config/models/tiny-demo-small]
            seeds: [1, 2]
            tasks:
              mednli:
                experiment: experiments/demo.yaml
                score: dev.accuracy
                set:
                  train.epochs: 1
                grid:
                  train.lr: [1.0e-3, 3.0e-3]
                  train.batch_size: [8, 16]
            """;

    private static StudyConfig parse(String yaml) {
        return LOADER.parse(FILE, yaml, null);
    }

    /** The error's text, which must name the file, the line and the key. */
    private static String error(String yaml) {
        return assertThrows(InputFormatException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void readsInitialisationsTasksGridAndSeeds() {
        StudyConfig s = parse(GOOD);
        assertEquals("small", s.name());
        assertEquals(Path.of("results", "studies", "small"), s.outputDir());
        assertEquals(List.of(1L, 2L), s.seeds());
        Initialisation registry = s.initialisations().get(0);
        assertEquals("tiny-demo", registry.registryName());
        assertEquals(List.of("model.path=null", "model.init=tiny-demo"), registry.overrides());
        Initialisation folder = s.initialisations().get(1);
        assertNull(folder.registryName());
        assertEquals(List.of("model.init=null", "model.path=config/models/tiny-demo-small"), folder.overrides());
        assertEquals("config_models_tiny-demo-small", folder.folderName());
        StudyTask t = s.tasks().get(0);
        assertEquals(List.of("train.epochs=1"), t.fixed());
        assertEquals(new ParameterRange.Choices(List.of(1.0e-3, 3.0e-3)), t.grid().get("train.lr"));
        assertEquals("dev.accuracy", t.score().toString());
        assertFalse(t.crossValidated());
        assertEquals(2, s.cells().size());
    }

    @Test
    void gridRunsScoreDevOnlyWithTheInitialisationAndFinalRunsTest() {
        StudyConfig s = parse(GOOD);
        List<GridJob> grids = StudyRunner.gridJobs(s);
        assertEquals(2, grids.size());
        assertEquals(4, CandidateGenerators.planned(grids.get(0).sweep()));
        assertEquals(List.of("train.epochs=1", "model.init=null", "model.path=config/models/tiny-demo-small",
                "eval.split=dev"), grids.get(1).sweep().fixed());
        assertEquals(s.outputDir().resolve("grid/mednli/tiny-demo"), grids.get(0).sweep().outputDir());
    }

    @Test
    void theShippedStudiesLoad() {
        StudyConfig demo = LOADER.load(Path.of("experiments/study/demo.yaml"), null);
        assertEquals(2, demo.initialisations().size());
        assertEquals(2, demo.tasks().size());
        StudyConfig paper = LOADER.load(Path.of("experiments/study/clinicalbert-2019.yaml"), null);
        assertEquals(List.of("bert-base-cased", "biobert-v1.0", "clinical-bert", "discharge-summary-bert",
                "bio-clinical-bert", "bio-discharge-summary-bert"),
                paper.initialisations().stream().map(Initialisation::key).toList());
        assertEquals(List.of("mednli", "i2b2-2006", "i2b2-2010", "i2b2-2012", "i2b2-2014"),
                paper.tasks().stream().map(StudyTask::id).toList());
        for (GridJob g : StudyRunner.gridJobs(paper)) {
            assertEquals(18, CandidateGenerators.planned(g.sweep()), g.cell().toString()); // 3 lr x 3 epochs x 2 batch
        }
        // the NER templates cross-validate (10 folds): one final run each, MedNLI one per seed
        assertTrue(paper.tasks().stream().filter(t -> t.task().isNer()).allMatch(StudyTask::crossValidated));
        assertEquals(3, paper.seedsFor(paper.tasks().get(0)).size());
        assertEquals(1, paper.seedsFor(paper.tasks().get(1)).size());
    }

    @Test
    void unknownKeyNamesItsLine() {
        String m = error(GOOD + "    extra: 1\n");
        assertTrue(m.startsWith("s.yaml (line 13, key tasks.mednli.extra): unknown key 'extra'"), m);
        m = error("foo: 1\n" + GOOD);
        assertTrue(m.startsWith("s.yaml (line 1, key foo): unknown key 'foo'"), m);
    }

    @Test
    void unknownTaskAndInitialisationAreRefused() {
        String m = error(GOOD.replace("  mednli:", "  medlni:"));
        assertTrue(m.startsWith("s.yaml (line 5, key tasks.medlni): unknown task 'medlni'"), m);
        m = error(GOOD.replace("[tiny-demo,", "[tiny-demoo,"));
        assertTrue(m.startsWith("s.yaml (line 2, key initialisations): unknown initialisation 'tiny-demoo'"), m);
        m = error(GOOD.replace("config/models/tiny-demo-small", "config/models/nowhere"));
        assertTrue(m.contains("(line 2, key initialisations): model folder") && m.contains("not found"), m);
        m = error(GOOD.replace("[tiny-demo, config/models/tiny-demo-small]", "[tiny-demo, tiny-demo]"));
        assertTrue(m.contains("listed twice"), m);
    }

    @Test
    void badGridValuesPointAtTheGridKey() {
        String m = error(GOOD.replace("[8, 16]", "[8, 0]"));
        assertTrue(m.startsWith("s.yaml (line 12, key tasks.mednli.grid.train.batch_size): rejected by the experiment"), m);
        m = error(GOOD.replace("train.lr: [1.0e-3, 3.0e-3]", "train.lr: {min: 1.0e-3, max: 3.0e-3}"));
        assertTrue(m.startsWith("s.yaml (line 11, key tasks.mednli.grid.train.lr): a grid needs a list"), m);
        m = error(GOOD.replace("train.lr: [1.0e-3, 3.0e-3]", "train.lrr: [1.0e-3]"));
        assertTrue(m.startsWith("s.yaml (line 11, key tasks.mednli.grid.train.lrr)"), m);
        m = error(GOOD.replace("[1.0e-3, 3.0e-3]", "[1.0e-3, 1.0e-3]"));
        assertTrue(m.contains("listed twice"), m);
    }

    @Test
    void scoreMustBeADevMetricTheTaskProduces() {
        String m = error(GOOD.replace("score: dev.accuracy", "score: test.accuracy"));
        assertTrue(m.startsWith("s.yaml (line 7, key tasks.mednli.score): a study chooses its configurations on dev "
                + "scores only"), m);
        m = error(GOOD.replace("score: dev.accuracy", "score: dev.f1"));
        assertTrue(m.startsWith("s.yaml (line 7, key tasks.mednli.score): mednli runs have no metric 'f1'"), m);
    }

    @Test
    void keysTheStudySetsItselfAreRefused() {
        String m = error(GOOD.replace("train.epochs: 1", "eval.split: test"));
        assertTrue(m.startsWith("s.yaml (line 9, key tasks.mednli.set.eval.split): eval.split is set by the study"), m);
        m = error(GOOD.replace("train.batch_size: [8, 16]", "train.seed: [1, 2]"));
        assertTrue(m.startsWith("s.yaml (line 12, key tasks.mednli.grid.train.seed): train.seed is set by the study"), m);
        m = error(GOOD.replace("train.epochs: 1", "model.init: tiny-demo"));
        assertTrue(m.contains("key tasks.mednli.set.model.init"), m);
    }

    @Test
    void theTemplateMustBeOfTheTask() {
        String m = error(GOOD.replace("experiments/demo.yaml", "experiments/demo-ner.yaml"));
        assertTrue(m.startsWith("s.yaml (line 6, key tasks.mednli.experiment): experiments/demo-ner.yaml is a "
                + "i2b2-2010 experiment, not mednli"), m);
        m = error(GOOD.replace("experiments/demo.yaml", "experiments/none.yaml"));
        assertTrue(m.contains("key tasks.mednli.experiment") && m.contains("not found"), m);
    }

    @Test
    void seedsAndMissingKeys() {
        String m = error(GOOD.replace("seeds: [1, 2]", "seeds: [1, 1]"));
        assertTrue(m.startsWith("s.yaml (line 3, key seeds): seed 1 is listed twice"), m);
        m = error(GOOD.replace("seeds: [1, 2]", "seeds: [one]"));
        assertTrue(m.startsWith("s.yaml (line 3, key seeds): expected an integer"), m);
        m = error(GOOD.replace("seeds: [1, 2]\n", ""));
        assertTrue(m.startsWith("s.yaml (key seeds): missing required key"), m);
        m = error(GOOD.replace("    score: dev.accuracy\n", ""));
        assertTrue(m.startsWith("s.yaml (line 5, key tasks.mednli): missing required key score"), m);
    }
}
