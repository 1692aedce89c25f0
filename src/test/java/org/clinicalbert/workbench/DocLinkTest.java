package org.clinicalbert.workbench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The docs stay true to the code: every class, member, package and command option that README.md and docs/*.md
 * name exists, every package is in docs/architecture.md's table, and the javadoc's {@code {@link X#member}} links
 * name members X declares. The rules are {@link DocLinks}'; the last tests show on made-up texts that a missing
 * name is caught.
 */
class DocLinkTest {

    private static DocLinks links;

    @BeforeAll
    static void index() {
        links = new DocLinks();
    }

    @Test
    void everyClassPackageAndOptionTheDocsNameExists() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> s = Files.list(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        assertTrue(docs.size() >= 4, "found only " + docs);
        List<String> problems = new ArrayList<>();
        for (Path doc : docs) {
            problems.addAll(links.checkMarkdown(doc.toString(), Files.readString(doc)));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyPackageHasARowInTheArchitectureTableAndEveryRowIsAPackage() throws IOException {
        List<PackageRow> rows = packageRows(Files.readString(Path.of("docs/architecture.md")));
        assertTrue(rows.size() > 15, "found only " + rows);
        List<String> problems = new ArrayList<>();
        for (PackageRow row : rows) {
            if (row.covered(links.packages).isEmpty()) {
                problems.add("architecture.md names package " + row.name() + ", which does not exist");
            }
        }
        for (String pkg : links.packages) {
            if (!pkg.isEmpty() && rows.stream().noneMatch(r -> r.covers(pkg))) {
                problems.add("package " + pkg + " has no row in architecture.md's table");
            }
        }
        assertEquals(List.of(), problems);
    }

    /** What the table says a package must not import, its package-info's checked rule forbids. */
    @Test
    void theArchitectureTableClaimsNoRuleThePackageInfoLacks() throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Path> folders = PackageRules.packages();
        for (PackageRow row : packageRows(Files.readString(Path.of("docs/architecture.md")))) {
            for (String pkg : row.covered(links.packages)) {
                List<String> rule = PackageRules.forbidden(Files.readString(folders.get(pkg).resolve("package-info.java")));
                for (String named : row.mustNotImport()) {
                    if (!links.packages.contains(named)) {
                        continue; // a class or a word in backticks, not a package
                    }
                    String full = PackageRules.ROOT_PACKAGE + "." + named;
                    if (rule == null || rule.stream().noneMatch(r -> PackageRules.covers(r, full))) {
                        problems.add(pkg + ": architecture.md says it must not import " + named
                                + ", its package-info does not forbid it");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void javadocLinksToMembersNameDeclaredMembers() {
        assertEquals(List.of(), links.checkJavadocLinks());
    }

    @Test
    void aMissingClassMemberPackageOrOptionIsCaught() {
        String text = """
                Files are written by `io/AtomicFiles` and `io/AtomicFolders`; `experiment.compare.RunScanner` moved,
                `RunFolder.claim` exists and `RunFolder.claimAll` does not, nor does `RunFolderz`.
                `AutoTokenizer` is Hugging Face's, `README.md` and `results/bench/x.json` are files.
                See org.clinicalbert.workbench.runs.RunLock and org.clinicalbert.workbench.nothere.
                Run `./workbench run x.yaml --resume --resum` or `bench --accum`, `bench --acum`,
                `mimic format --input X --spark local`, `mimic format --outt X`.
                ```
                OMP_NUM_THREADS=2 ./workbench status --json && ./workbench status --jsn
                tensorboard --logdir results/
                ```
                """;
        assertEquals(List.of(
                "t.md: `io/AtomicFolders`: no class AtomicFolders in package io",
                "t.md: `experiment.compare.RunScanner`: no package experiment.compare",
                "t.md: `RunFolder.claimAll`: RunFolder declares no claimAll",
                "t.md: `RunFolderz`: no class RunFolderz in the main or test sources",
                "t.md: `./workbench run x.yaml --resume --resum`: 'run' has no option --resum",
                "t.md: `bench --acum`: 'bench' has no option --acum",
                "t.md: `mimic format --outt X`: 'mimic format' has no option --outt",
                "t.md: org.clinicalbert.workbench.nothere: no such package or class",
                "t.md: OMP_NUM_THREADS=2 ./workbench status --json && ./workbench status --jsn: "
                        + "'status' has no option --jsn"),
                links.checkMarkdown("t.md", text));
    }

    @Test
    void aJavadocLinkToAMissingMemberIsCaught() {
        String source = """
                package org.clinicalbert.workbench.runs;
                import org.clinicalbert.workbench.io.AtomicFiles;
                /** {@link #open}, {@link #gone}, {@link AtomicFiles#writeString}, {@link AtomicFiles#writeAll},
                 * {@link RunLock#dir()}, {@link java.util.List#of}, {@link org.clinicalbert.workbench.runs.RunLock},
                 * {@link org.clinicalbert.workbench.runs.RunLocks#dir}, {@link
                 * org.clinicalbert.workbench.runs.RunLock#gone},
                 * {@link #predict} is inherited. */
                final class X implements org.clinicalbert.workbench.train.StepModel {
                    static X open() { return null; }
                }
                """;
        assertEquals(List.of("runs.X: {@link org.clinicalbert.workbench.runs.RunLocks}: no such class",
                        "runs.X: {@link #gone}: no such member",
                        "runs.X: {@link AtomicFiles#writeAll}: no such member",
                        "runs.X: {@link org.clinicalbert.workbench.runs.RunLock#gone}: no such member"),
                links.checkJavadocLinks("runs.X", source));
    }

    @Test
    void theArchitectureTableIsReadByItsFirstAndLastColumns() {
        String md = """
                | package | holds | must not import |
                |---|---|---|
                | `io` | files | any workbench package |
                | `data.*` | corpora (`CorpusReader`) | `train`, `model` and everything above (`io` is fine) |

                | concept | one place |
                |---|---|
                | `notapackage` | x |
                """;
        List<PackageRow> rows = packageRows(md);
        assertEquals(List.of(new PackageRow("io", List.of()), new PackageRow("data.*", List.of("train", "model"))),
                rows);
        assertEquals(List.of("data", "data.ner"), rows.get(1).covered(Set.of("data", "data.ner", "database", "io")));
    }

    /**
     * One row of architecture.md's package table: the package ("data.*": it and those below) and the names in
     * backticks of its last column, outside parentheses.
     */
    record PackageRow(String name, List<String> mustNotImport) {

        boolean covers(String pkg) {
            return name.endsWith(".*") ? PackageRules.covers(name.substring(0, name.length() - 2), pkg)
                    : name.equals(pkg);
        }

        /** The existing packages the row stands for, in order. */
        List<String> covered(Set<String> packages) {
            return packages.stream().filter(this::covers).sorted().toList();
        }
    }

    /** The rows of the table headed "| package |": the packages architecture.md describes. */
    static List<PackageRow> packageRows(String markdown) {
        List<PackageRow> rows = new ArrayList<>();
        boolean inTable = false;
        Pattern code = Pattern.compile("`([^`]+)`");
        for (String line : markdown.split("\\n")) {
            if (line.startsWith("| package |")) {
                inTable = true;
            } else if (!line.startsWith("|")) {
                inTable = false;
            } else if (inTable && !line.startsWith("|---")) {
                String[] cells = line.split("(?<!\\\\)\\|");
                Matcher first = code.matcher(cells[1]);
                if (!first.find()) {
                    continue;
                }
                List<String> names = new ArrayList<>();
                // a remark in parentheses may name what the package does import
                Matcher last = code.matcher(cells[cells.length - 1].replaceAll("\\([^)]*\\)", ""));
                while (last.find()) {
                    names.add(last.group(1));
                }
                rows.add(new PackageRow(first.group(1), names));
            }
        }
        return rows;
    }
}
