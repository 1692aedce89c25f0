package org.clinicalbert.workbench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one-way flow of imports (docs/architecture.md): no source file refers to a package that its own package's
 * package-info.java says it must not import. Imports and fully qualified names count; comments do not.
 */
class ArchitectureRulesTest {

    @Test
    void noPackageImportsWhatItsPackageInfoForbids() throws IOException {
        List<String> violations = new ArrayList<>();
        int rules = 0;
        for (Map.Entry<String, Path> e : PackageRules.packages().entrySet()) {
            Path info = e.getValue().resolve("package-info.java");
            if (!Files.isRegularFile(info)) {
                continue; // PackageInfoTest reports it
            }
            List<String> forbidden = PackageRules.forbidden(Files.readString(info));
            if (forbidden == null || forbidden.isEmpty()) {
                continue;
            }
            rules++;
            String self = PackageRules.ROOT_PACKAGE + (e.getKey().isEmpty() ? "" : "." + e.getKey());
            try (Stream<Path> files = Files.list(e.getValue())) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    for (String ref : PackageRules.references(Files.readString(f))) {
                        if (PackageRules.covers(self, ref)) {
                            continue;
                        }
                        for (String rule : forbidden) {
                            if (PackageRules.covers(rule, ref)) {
                                violations.add(f.getFileName() + " (" + e.getKey() + ") refers to " + ref);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(rules > 15, "only " + rules + " packages state a rule");
        assertEquals(List.of(), violations.stream().distinct().toList());
    }

    @Test
    void referencesAreFoundInImportsAndQualifiedNamesButNotInComments() {
        String source = """
                package org.clinicalbert.workbench.eval;
                import org.clinicalbert.workbench.io.AtomicFiles;
                import static org.clinicalbert.workbench.experiment.config.ConfigKey.optional;
                /** {@link org.clinicalbert.workbench.cli.Workbench} */
                class X { // org.clinicalbert.workbench.train.TrainingStep
                    Object o = new org.clinicalbert.workbench.model.BertConfig();
                }
                """;
        assertEquals(List.of("org.clinicalbert.workbench.io", "org.clinicalbert.workbench.experiment.config",
                "org.clinicalbert.workbench.model"), PackageRules.references(source));
        assertTrue(PackageRules.covers("org.clinicalbert.workbench.data", "org.clinicalbert.workbench.data.ner"));
        assertTrue(!PackageRules.covers("org.clinicalbert.workbench.data", "org.clinicalbert.workbench.database"));
    }
}
