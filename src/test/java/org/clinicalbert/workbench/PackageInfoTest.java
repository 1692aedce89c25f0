package org.clinicalbert.workbench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every package of the workbench says, in its package-info.java, what it holds and what it must not import. */
class PackageInfoTest {

    @Test
    void everyPackageHasAPackageInfoStatingItsImportRule() throws IOException {
        Map<String, Path> packages = PackageRules.packages();
        assertTrue(packages.size() > 20, "found only " + packages.keySet());
        List<String> lacking = new ArrayList<>();
        for (var e : packages.entrySet()) {
            Path info = e.getValue().resolve("package-info.java");
            if (!Files.isRegularFile(info)) {
                lacking.add(e.getKey() + ": no package-info.java");
                continue;
            }
            String text = Files.readString(info);
            if (!text.contains("/**") || !text.contains("package " + PackageRules.ROOT_PACKAGE
                    + (e.getKey().isEmpty() ? "" : "." + e.getKey()) + ";")) {
                lacking.add(e.getKey() + ": package-info.java has no javadoc for this package");
            } else if (!text.toLowerCase().contains("must not import")) {
                lacking.add(e.getKey() + ": package-info.java does not say what the package must not import");
            }
        }
        assertEquals(List.of(), lacking);
    }

    @Test
    void theRuleParagraphIsReadAsPackageNames() {
        String info = "/**\n * Holds x.\n *\n * <p>Must not import: {@code model}, {@code\n * data.ner}, "
                + "{@code org.nd4j} (because {@code train} says so).\n */\npackage a;";
        assertEquals(List.of("org.clinicalbert.workbench.model", "org.clinicalbert.workbench.data.ner", "org.nd4j"),
                PackageRules.forbidden(info));
        assertEquals(null, PackageRules.forbidden("/** Holds x. */"));
    }
}
