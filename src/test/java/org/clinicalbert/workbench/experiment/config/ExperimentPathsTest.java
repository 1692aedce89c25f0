package org.clinicalbert.workbench.experiment.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every path key of the schema is listed, and the overrides make exactly the relative ones absolute. */
class ExperimentPathsTest {

    private static final Path FILE = Path.of("experiments", "x.yaml");
    private static final ConfigLoader LOADER = new ConfigLoader(Set.of("clinical-bert"));
    private static final Path BASE = Path.of("/work/repo");

    private static final String YAML = """
            name: demo
            task: mednli
            data:
              train: data/../data/train.jsonl
              dev: /shared/mednli/dev.jsonl
              test: data/test.jsonl
            model:
              path: models/tiny
            """;

    /** The keys of kind path in the schema, walked independently of the list in ExperimentPaths. */
    private static List<String> schemaPathKeys(ConfigKey key, String prefix, List<String> out) {
        for (ConfigKey child : key.children()) {
            String name = prefix.isEmpty() ? child.name() : prefix + "." + child.name();
            if (child.kind() == ConfigKey.Kind.SECTION) {
                schemaPathKeys(child, name, out);
            } else if (child.kind() == ConfigKey.Kind.PATH) {
                out.add(name);
            }
        }
        return out;
    }

    @Test
    void everyPathKeyOfTheSchemaIsListed() {
        ExperimentConfig c = LOADER.parse(FILE, YAML, List.of("data.corpus_dir=corpus", "data.train=null",
                "data.dev=null", "data.test=null", "output.dir=out"));
        List<String> listed = new ArrayList<>(ExperimentPaths.of(c).stream().map(ExperimentPaths.Entry::key).toList());
        ExperimentConfig explicit = LOADER.parse(FILE, YAML, List.of("output.dir=out"));
        ExperimentPaths.of(explicit).stream().map(ExperimentPaths.Entry::key).filter(k -> !listed.contains(k))
                .forEach(listed::add);
        List<String> schema = schemaPathKeys(ExperimentSchema.ROOT, "", new ArrayList<>());
        assertEquals(schema.stream().sorted().toList(), listed.stream().sorted().toList());
        assertEquals(List.of("output.dir"), ExperimentPaths.of(c).stream().filter(e -> !e.input())
                .map(ExperimentPaths.Entry::key).toList());
    }

    @Test
    void relativePathsBecomeAbsoluteOverridesAndAbsoluteOnesStayAsWritten() {
        ExperimentConfig c = LOADER.parse(FILE, YAML, List.of());
        List<String> sets = ExperimentPaths.absoluteOverrides(c, BASE);
        assertEquals(List.of("data.train=/work/repo/data/train.jsonl", "data.test=/work/repo/data/test.jsonl",
                "model.path=/work/repo/models/tiny", "output.dir=/work/repo/results/demo"), sets);

        ExperimentConfig shipped = LOADER.parse(FILE, YAML, sets);
        assertEquals(Path.of("/work/repo/data/train.jsonl"), shipped.data().train());
        assertEquals(Path.of("/shared/mednli/dev.jsonl"), shipped.data().dev());
        assertEquals(Path.of("/work/repo/models/tiny"), shipped.model().path());
        assertEquals(Path.of("/work/repo/results/demo"), shipped.output().dir());
        assertEquals(List.of(), ExperimentPaths.absoluteOverrides(shipped, Path.of("/elsewhere")),
                "nothing relative is left to resolve");
        // the rest of the config is untouched
        assertEquals(c.train(), shipped.train());
        assertEquals(c.data().splitSeed(), shipped.data().splitSeed());
    }
}
