package org.clinicalbert.workbench;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        List<String> rows = packageRows(Files.readString(Path.of("docs/architecture.md")));
        assertTrue(rows.size() > 15, "found only " + rows);
        List<String> problems = new ArrayList<>();
        for (String row : rows) {
            String pkg = row.endsWith(".*") ? row.substring(0, row.length() - 2) : row;
            if (!links.packages.contains(pkg)) {
                problems.add("architecture.md names package " + row + ", which does not exist");
            }
        }
        for (String pkg : links.packages) {
            boolean listed = rows.contains(pkg) || rows.stream().anyMatch(r -> r.endsWith(".*")
                    && pkg.startsWith(r.substring(0, r.length() - 1)));
            if (!pkg.isEmpty() && !listed) {
                problems.add("package " + pkg + " has no row in architecture.md's table");
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
                 * {@link RunLock#dir()}, {@link java.util.List#of}. */
                final class X {
                    static X open() { return null; }
                }
                """;
        assertEquals(List.of("runs.X: {@link #gone}: no such member",
                        "runs.X: {@link AtomicFiles#writeAll}: no such member"),
                links.checkJavadocLinks("runs.X", source));
    }

    @Test
    void theArchitectureTableIsReadByItsFirstColumn() {
        String md = """
                | package | holds | must not import |
                |---|---|---|
                | `io` | files | `model` |
                | `data.*` | corpora | `train` |
                
                | concept | one place |
                |---|---|
                | `notapackage` | x |
                """;
        assertEquals(List.of("io", "data.*"), packageRows(md));
    }

    /** The first cells of the table headed "| package |": the packages architecture.md describes. */
    static List<String> packageRows(String markdown) {
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        Matcher cell = Pattern.compile("^\\|\\s*`([a-z.*]+)`\\s*\\|").matcher("");
        for (String line : markdown.split("\\n")) {
            if (line.startsWith("| package |")) {
                inTable = true;
            } else if (!line.startsWith("|")) {
                inTable = false;
            } else if (inTable && cell.reset(line).find()) {
                rows.add(cell.group(1));
            }
        }
        return rows;
    }
}
