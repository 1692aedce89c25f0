package org.clinicalbert.workbench;

import org.clinicalbert.workbench.cli.Workbench;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the Markdown docs and the javadoc name of the workbench, checked against the source tree and the command
 * line: the classes (bare, package-qualified or as paths), their members, the packages and the options of each
 * command. Each check returns one line per name that does not exist, so a test can assert the list is empty and a
 * negative test can feed it a made-up text.
 *
 * <p>The rules, chosen so that names of other projects (Hugging Face, TensorFlow, ND4J) are not taken for ours:
 * <ul>
 *   <li>a name in backticks qualified by a workbench package ({@code io/AtomicFiles}, {@code eval.ConllEval},
 *       {@code data/ner/SpanTagger.java}, {@code org.clinicalbert.workbench.x.Y}) must be a class of that package;</li>
 *   <li>a bare CamelCase name in backticks ({@code RunFolder}, {@code BertGraph.output}) must be a class of the
 *       main or test sources, or one of the few outside names the docs mention ({@link #FOREIGN});</li>
 *   <li>what follows a class ({@code .member}, {@code #member}, a nested type) must be declared in its source;</li>
 *   <li>{@code workbench COMMAND [SUBCOMMAND] ... --option} (in backticks, or a {@code ./workbench} line of a code
 *       block) must be an option of that command, as picocli's spec of {@link Workbench} has it;</li>
 *   <li>{@code {@link X#member}} in the main sources, X a workbench class (or the file's own), must name a member
 *       declared in X's source, and {@code {@link org.clinicalbert.workbench.x.Y}} a class that exists.</li>
 * </ul>
 */
final class DocLinks {

    static final Path MAIN = Path.of("src/main/java");
    static final Path TEST = Path.of("src/test/java");
    private static final String ROOT = PackageRules.ROOT_PACKAGE;

    /**
     * Names of other projects the docs write in backticks: the check cannot tell them from a renamed class of
     * ours, so they are listed. Add one here only when the docs mean that project's name.
     */
    static final Set<String> FOREIGN = Set.of(
            // Hugging Face transformers and tokenizers
            "AutoTokenizer", "BertTokenizer", "BertForTokenClassification", "BertPreTokenizer", "BertProcessing",
            "BertWordPieceTokenizer", "PreTrainedTokenizerFast", "TemplateProcessing", "WordPiece", "OrderedDict",
            // TensorFlow
            "BundleEntryProto", "GraphDef",
            // ND4J, SameDiff, DataVec, Arbiter
            "SameDiff", "InferenceSession", "RandomBernoulli", "LayerNorm", "TransformProcess",
            "MaxCandidatesCondition",
            // Hadoop
            "FileSystem");

    private static final Pattern BACKTICKED = Pattern.compile("`([^`\\n]+)`");
    /** package prefix (dots or slashes), a class, then members; {@code .java}/{@code ()} allowed at the end. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "((?:[a-z][a-z0-9]*[./])*)([A-Z][A-Za-z0-9]*)((?:[.#][A-Za-z_][A-Za-z0-9_]*)*)(?:\\(\\))?(\\.java)?");
    /** CamelCase with at least two humps: {@code RunFolder}, not {@code README} or {@code Html}. */
    private static final Pattern CAMEL = Pattern.compile("[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+");
    private static final Pattern FULL_NAME = Pattern.compile(
            "\\borg\\.clinicalbert\\.workbench((?:\\.[a-z][a-z0-9]*)*)(?:\\.([A-Z]\\w*))?");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--([a-z][a-z0-9-]*)");
    private static final Pattern COMMAND_START = Pattern.compile("(?:^|\\s)(?:\\./workbench|workbench|\\$JAR)\\s+");
    private static final Pattern JAVADOC_LINK = Pattern.compile(
            "\\{@link(?:plain)?\\s+([A-Za-z_][\\w.]*)?#(\\w+)");
    /** The types after a declaration's {@code extends} / {@code implements}, up to its body's brace. */
    private static final Pattern SUPERTYPES = Pattern.compile("\\b(?:extends|implements)\\s+([\\w.,\\s<>?]+?)\\{");
    /** A javadoc link to a workbench class by its full name: {@code {@link org.clinicalbert.workbench.x.Y}}. */
    private static final Pattern QUALIFIED_LINK = Pattern.compile(
            "\\{@link(?:plain)?\\s+org\\.clinicalbert\\.workbench\\.((?:[a-z]\\w*\\.)*[A-Z]\\w*)[\\s}#]");

    /** Every class file of the main and test sources: package-qualified name (relative to the root) to file. */
    final Map<String, Path> classes = new TreeMap<>();
    /** Simple name to the files that declare it. */
    final Map<String, List<Path>> bySimpleName = new HashMap<>();
    /** The main sources' packages, relative to the root ("" for the root). */
    final Set<String> packages;
    private final CommandLine workbench;
    private final Map<Path, String> sourceCache = new HashMap<>();

    DocLinks() {
        packages = PackageRules.packages().keySet();
        index(MAIN);
        index(TEST);
        workbench = Workbench.commandLine();
    }

    private void index(Path sources) {
        Path base = sources.resolve(ROOT.replace('.', '/'));
        try (Stream<Path> s = Files.walk(base)) {
            s.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().equals("package-info.java"))
                    .forEach(p -> {
                        String rel = base.relativize(p).toString().replace('\\', '/');
                        String name = rel.substring(0, rel.length() - ".java".length()).replace('/', '.');
                        classes.putIfAbsent(name, p);
                        String simple = p.getFileName().toString().replace(".java", "");
                        bySimpleName.computeIfAbsent(simple, k -> new ArrayList<>()).add(p);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class names, members and options of one Markdown text that do not exist. */
    List<String> checkMarkdown(String doc, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = BACKTICKED.matcher(text);
        while (m.find()) {
            String code = m.group(1).trim();
            String problem = checkClassName(code);
            if (problem != null) {
                out.add(doc + ": `" + code + "`: " + problem);
            }
            for (String p : checkOptions(code, true)) {
                out.add(doc + ": `" + code + "`: " + p);
            }
        }
        Matcher full = FULL_NAME.matcher(text);
        while (full.find()) {
            String pkg = full.group(1).isEmpty() ? "" : full.group(1).substring(1);
            boolean exists = full.group(2) != null
                    ? classes.containsKey((pkg.isEmpty() ? "" : pkg + ".") + full.group(2))
                    : pkg.isEmpty() || packages.contains(pkg);
            if (!exists) {
                out.add(doc + ": " + full.group() + ": no such package or class");
            }
        }
        for (String block : codeBlocks(text)) {
            for (String line : block.replaceAll("\\\\\\n", " ").split("\\n")) {
                for (String p : checkOptions(line, false)) {
                    out.add(doc + ": " + line.trim() + ": " + p);
                }
            }
        }
        return out.stream().distinct().toList();
    }

    /** Why a backticked text that names a workbench class does not exist, or null (fine, or not such a name). */
    String checkClassName(String code) {
        Matcher m = CLASS_NAME.matcher(code);
        if (!m.matches()) {
            return null;
        }
        String prefix = m.group(1).replace('/', '.');
        String simple = m.group(2);
        List<String> members = m.group(3).isEmpty() ? List.of()
                : List.of(m.group(3).substring(1).split("[.#]"));
        if (!prefix.isEmpty()) {
            String pkg = prefix.substring(0, prefix.length() - 1);
            if (pkg.startsWith(ROOT + ".")) {
                pkg = pkg.substring(ROOT.length() + 1);
            } else if (pkg.equals(ROOT)) {
                pkg = "";
            }
            String top = pkg.split("\\.")[0];
            if (!packages.contains(top) && !pkg.isEmpty()) {
                return null; // a path or name outside the workbench (results/..., tf.train....)
            }
            if (!packages.contains(pkg)) {
                return "no package " + pkg;
            }
            Path file = classes.get((pkg.isEmpty() ? "" : pkg + ".") + simple);
            if (file == null) {
                return "no class " + simple + " in package " + pkg;
            }
            return missingMember(List.of(file), simple, members);
        }
        List<Path> files = bySimpleName.get(simple);
        if (files == null) {
            if (!CAMEL.matcher(simple).matches() || FOREIGN.contains(simple)) {
                return null;
            }
            return "no class " + simple + " in the main or test sources";
        }
        return missingMember(files, simple, members);
    }

    /** The first member (nested type, method, field, constant) no declaring file of {@code simple} has. */
    private String missingMember(List<Path> files, String simple, List<String> members) {
        for (String member : members) {
            Pattern declared = Character.isUpperCase(member.charAt(0)) && !member.equals(member.toUpperCase())
                    ? Pattern.compile("\\b(?:class|record|enum|interface)\\s+" + member + "\\b")
                    : Pattern.compile("\\b" + member + "\\b");
            if (files.stream().noneMatch(f -> declared.matcher(stripComments(source(f))).find())) {
                return simple + " declares no " + member;
            }
        }
        return null;
    }

    /**
     * The options of a command line that its command does not have. {@code inline}: a backticked text, which may
     * start with the command's name; otherwise a code-block line, checked only from {@code ./workbench}.
     */
    List<String> checkOptions(String text, boolean inline) {
        List<String> out = new ArrayList<>();
        for (String segment : text.split("&&|;|\\s\\|\\s|\\|\\|")) {
            Matcher start = COMMAND_START.matcher(segment);
            String rest;
            if (start.find()) {
                rest = segment.substring(start.end());
            } else if (inline) {
                rest = segment.trim();
            } else {
                continue;
            }
            String[] words = rest.trim().split("\\s+");
            CommandLine command = workbench.getSubcommands().get(words[0]);
            if (command == null) {
                continue;
            }
            String path = words[0];
            for (int i = 1; i < words.length && command.getSubcommands().containsKey(words[i]); i++) {
                command = command.getSubcommands().get(words[i]);
                path += " " + words[i];
            }
            Matcher o = OPTION.matcher(rest);
            while (o.find()) {
                if (command.getCommandSpec().findOption("--" + o.group(1)) == null) {
                    out.add("'" + path + "' has no option --" + o.group(1));
                }
            }
        }
        return out;
    }

    /** The {@code {@link X#member}} links of the main sources whose member is not declared in X. */
    List<String> checkJavadocLinks() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Path> e : classes.entrySet()) {
            if (!e.getValue().startsWith(MAIN)) {
                continue;
            }
            out.addAll(checkJavadocLinks(e.getKey(), source(e.getValue())));
        }
        return out;
    }

    /**
     * The broken {@code {@link X#member}} and fully qualified {@code {@link}} links of one source, {@code self} its
     * class (package-qualified).
     */
    List<String> checkJavadocLinks(String self, String source) {
        List<String> out = new ArrayList<>();
        String pkg = self.contains(".") ? self.substring(0, self.lastIndexOf('.')) : "";
        // a link whose target starts on the next comment line: "{@link\n * org...}"
        String links = source.replaceAll("\\{@link(plain)?\\s*\\n\\s*\\*\\s*", "{@link$1 ");
        Matcher m = JAVADOC_LINK.matcher(links);
        Matcher qualified = QUALIFIED_LINK.matcher(links);
        while (qualified.find()) {
            if (!classes.containsKey(qualified.group(1))) {
                out.add(self + ": {@link " + ROOT + "." + qualified.group(1) + "}: no such class");
            }
        }
        while (m.find()) {
            String target = m.group(1);
            String member = m.group(2);
            String body = source;
            String bodyPackage = pkg;
            if (target != null) {
                Path file = resolve(target, pkg, source);
                if (file == null) {
                    continue; // not a workbench class: the JDK's, ND4J's, ...
                }
                body = source(file);
                bodyPackage = packageOf(file);
            }
            if (!declares(body, bodyPackage, member, 4)) {
                out.add(self + ": {@link " + (target == null ? "" : target) + "#" + member + "}: no such member");
            }
        }
        return out;
    }

    /**
     * Whether a source, or a workbench type it extends or implements (as javadoc resolves inherited members, up to
     * {@code depth} levels), has the member's name outside comments.
     */
    private boolean declares(String source, String pkg, String member, int depth) {
        String code = stripComments(source);
        if (Pattern.compile("\\b" + member + "\\b").matcher(code).find()) {
            return true;
        }
        if (depth == 0) {
            return false;
        }
        Matcher supers = SUPERTYPES.matcher(code);
        while (supers.find()) {
            for (String name : supers.group(1).replaceAll("<[^<>]*>", "").split("[,\\s]+")) {
                if (name.isEmpty() || name.equals("implements") || name.equals("extends")) {
                    continue;
                }
                Path file = resolve(name, pkg, source);
                if (file != null && declares(source(file), packageOf(file), member, depth - 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The package (relative to the root) a source file of the index is in. */
    private String packageOf(Path file) {
        return classes.entrySet().stream().filter(e -> e.getValue().equals(file)).map(Map.Entry::getKey)
                .map(n -> n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : "").findFirst().orElse("");
    }

    /** The file of a javadoc link's class as the source names it (qualified, imported or in its package). */
    private Path resolve(String target, String pkg, String source) {
        if (target.startsWith(ROOT + ".")) {
            return classes.get(target.substring(ROOT.length() + 1));
        }
        String outer = target.contains(".") ? target.substring(0, target.indexOf('.')) : target;
        Matcher imported = Pattern.compile("import\\s+" + Pattern.quote(ROOT) + "\\.([\\w.]+)\\." + outer + ";")
                .matcher(source);
        if (imported.find()) {
            return classes.get(imported.group(1) + "." + outer);
        }
        return classes.get((pkg.isEmpty() ? "" : pkg + ".") + outer);
    }

    private static List<String> codeBlocks(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?ms)^```[^\\n]*\\n(.*?)^```").matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String stripComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", " ");
    }

    private String source(Path file) {
        return sourceCache.computeIfAbsent(file, f -> {
            try {
                return Files.readString(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
