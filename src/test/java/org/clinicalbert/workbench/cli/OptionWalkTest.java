package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.data.synth.SyntheticCorpora;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every option and positional parameter of every command, read from picocli's {@link CommandSpec} (so a new option
 * is walked without touching this test), given a wrong value on an otherwise valid command line: a number below
 * its range, a word the option does not know, a missing input, a folder where a file is read, a file where a
 * folder is read or written. Each must end in the one error contract: exit 2, exactly one line on standard error,
 * starting {@code error:} and naming the option or the value, no exception name or stack frame, and nothing new
 * left in the folders the command was pointed at.
 *
 * <p>What is wrong for an option is derived from its type and label (a Path labelled FILE, DIR or PATH; {@code
 * --out} is written, everything else read; a number must be at least 1); the few exceptions are listed below with
 * the reason, and an option the walk cannot derive a wrong value for fails {@link #everyOptionIsWalked}.
 */
class OptionWalkTest {

    @TempDir
    static Path tmp;
    /** Where the commands are pointed; nothing may appear or change under it after a refused command line. */
    static Path work;
    static Path run;

    /** Numbers that may be 0: a count of optional things or a step interval where 0 means "none". */
    private static final Set<String> ZERO_ALLOWED = Set.of("synth --mimic-notes", "pretrain --save-every",
            "pretrain --warmup-steps", "data stats --max-issues", "bench --warmup", "pretrain-data --short-seq-prob");
    /** Numbers that may be anything: random seeds. */
    private static final Set<String> ANY_NUMBER = Set.of("compare --seed", "synth --seed", "pretrain-data --seed",
            "pretrain --seed", "new-model --seed");
    /** Texts the user writes freely (query and input texts, field and category names matched against the data). */
    private static final Set<String> FREE_TEXT = Set.of("encode --text", "encode --text-b", "neighbors --query",
            "embed --field", "embed --id-field", "embed --categories", "mimic format --categories");
    /**
     * Not walked yet, with the reason: {@code compare --metric} takes any name and shows an empty column for one no
     * run has; refusing it belongs to the compare rework of issue 24's other half.
     */
    private static final Set<String> NOT_WALKED = Set.of("compare --metric");
    /** Words each word-valued option refuses (an enum-typed option gets "bogus" without being listed). */
    private static final Map<String, String> WRONG_WORD = Map.ofEntries(
            Map.entry("--set", "train.lr"), // no '='
            Map.entry("--spark", "lokal[2]"),
            Map.entry("compare --split", "validation"),
            Map.entry("embed --format", "xml"),
            Map.entry("embed --pooling", "max"),
            Map.entry("embed --layers", "last"),
            Map.entry("bench --pooling", "max"),
            Map.entry("data stats CORPUS", "i2b2-2099"),
            Map.entry("data stats --encoding", "klingon"),
            Map.entry("mimic format --encoding", "klingon"));
    /** What a Path's label says it is: a file, a folder, or either. */
    private static final Map<String, String> PATH_KINDS = Map.of("FILE", "FILE", "EXPERIMENT", "FILE",
            "SWEEP", "FILE", "STUDY", "FILE", "DIR", "DIR", "RUN", "DIR", "RUN_DIR", "DIR", "RESULTS_DIR", "DIR", "PATH", "PATH");
    /** Options that exclude another one of the baseline (picocli argument groups). */
    private static final Map<String, String> EXCLUDES = Map.of("neighbors --query-file", "--query",
            "pretrain --epochs", "--steps");

    /** A valid command line per command, the walked option taken out of it and given the wrong value. */
    private static Map<String, List<String>> baselines;

    @BeforeAll
    static void fixtures() throws IOException {
        work = Files.createDirectories(tmp.resolve("work"));
        Path data = tmp.resolve("data");
        SyntheticCorpora.write(data, 4, 7);
        Path yaml = Files.writeString(tmp.resolve("tiny.yaml"), """
                name: walk
                task: i2b2-2010
                data: {format: original, corpus_dir: %s}
                model: {init: tiny-demo, max_seq_length: 24}
                train: {lr: 1.0e-3, batch_size: 16, grad_accum_steps: 1, epochs: 1, seed: 3}
                eval: {split: test}
                output: {dir: %s}
                """.formatted(data.resolve("i2b2-2010"), tmp.resolve("results")));
        CliRun trained = CliRun.of("run", yaml.toString(), "--no-progress");
        assertEquals(0, trained.code(), trained.err());
        try (Stream<Path> runs = Files.list(tmp.resolve("results"))) {
            run = runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Path lines = Files.writeString(tmp.resolve("lines.txt"), "the patient was seen\nno fever today\n");
        Path index = tmp.resolve("index");
        CliRun embedded = CliRun.of("embed", "--model", "config/models/tiny-demo", "--input", lines.toString(),
                "--out", index.toString());
        assertEquals(0, embedded.code(), embedded.err());
        Path sentences = Files.createDirectories(tmp.resolve("sentences"));
        Files.writeString(sentences.resolve("notes.txt"), "the patient was seen today .\nno fever .\n\n"
                + "she is well .\nhe went home .\n");
        Path instances = tmp.resolve("instances");
        CliRun prepared = CliRun.of("pretrain-data", "--input", sentences.toString(), "--vocab",
                "config/models/tiny-demo/vocab.txt", "--out", instances.toString(), "--max-seq-length", "32",
                "--dupe-factor", "1");
        assertEquals(0, prepared.code(), prepared.err());
        Path conll = Files.writeString(tmp.resolve("tags.conll"), "John B-PER B-PER\nran O O\n");
        String w = work.toString();
        baselines = new LinkedHashMap<>();
        baselines.put("run", List.of("experiments/demo.yaml", "--set", "output.dir=" + w + "/run", "--no-progress"));
        baselines.put("status", List.of(tmp.resolve("results").toString()));
        baselines.put("predict", List.of("--model", run.toString(), "--input", lines.toString(),
                "--out", w + "/predicted.jsonl"));
        baselines.put("sweep", List.of("experiments/sweeps/demo-grid.yaml", "--dry-run", "--out", w + "/sweep"));
        baselines.put("study", List.of("experiments/study/demo.yaml", "--dry-run", "--out", w + "/study"));
        baselines.put("compare", List.of(tmp.resolve("results").toString(), "--out", w + "/compare"));
        baselines.put("report", List.of(tmp.resolve("results").toString(), "--out", w + "/report"));
        baselines.put("check-config", List.of("experiments/demo.yaml"));
        baselines.put("encode", List.of("--model", "config/models/tiny-demo", "--text", "no fever",
                "--out", w + "/encoded.json"));
        baselines.put("embed", List.of("--model", "config/models/tiny-demo", "--input", lines.toString(),
                "--out", w + "/embedded"));
        baselines.put("neighbors", List.of("--index", index.toString(), "--query", "fever"));
        baselines.put("export", List.of("--run", run.toString(), "--format", "hf", "--out", w + "/exported"));
        baselines.put("synth", List.of("--out", w + "/synth", "--size", "1", "--mimic-notes", "1"));
        baselines.put("data stats", List.of("i2b2-2010", data.resolve("i2b2-2010").toString()));
        baselines.put("mimic format", List.of("--input", "src/test/resources/mimic/noteevents-sample.csv",
                "--out", w + "/notes"));
        baselines.put("pretrain-data", List.of("--input", sentences.toString(), "--vocab",
                "config/models/tiny-demo/vocab.txt", "--out", w + "/instances"));
        baselines.put("pretrain", List.of("--model", "config/models/tiny-demo", "--data", instances.toString(),
                "--out", w + "/pretrained", "--steps", "1", "--batch", "2", "--warmup-steps", "0", "--no-progress"));
        baselines.put("checkpoint inspect", List.of("config/models/tiny-demo"));
        baselines.put("new-model", List.of("--corpus", lines.toString(), "--out", w + "/new-model"));
        baselines.put("conlleval", List.of(conll.toString()));
        baselines.put("bench", List.of("forward", "--size", "tiny", "--iters", "1", "--warmup", "0", "--batch", "1",
                "--seq", "8", "--out", w + "/bench"));
    }

    /** One walked case: the command, the option (or positional label), the wrong value and why it is wrong. */
    record Case(String command, String option, String value, String why, List<String> args) {
        String name() {
            return command + " " + option + " " + value + " (" + why + ")";
        }
    }

    @Test
    void everyOptionIsWalked() {
        List<String> unwalked = new ArrayList<>();
        for (CommandLine cl : leafCommands()) {
            String command = name(cl);
            if (!baselines.containsKey(command)) {
                unwalked.add(command + ": no baseline command line");
                continue;
            }
            for (ArgSpec arg : args(cl)) {
                String key = command + " " + label(arg);
                if (walked(arg) && !FREE_TEXT.contains(key) && !NOT_WALKED.contains(key) && !ANY_NUMBER.contains(key)
                        && wrongValues(command, arg).isEmpty()) {
                    unwalked.add(command + " " + label(arg) + ": no wrong value derived (type "
                            + arg.type().getSimpleName() + ", label " + arg.paramLabel() + ")");
                }
            }
        }
        assertEquals(List.of(), unwalked, String.join("\n", unwalked));
    }

    @TestFactory
    Stream<DynamicTest> everyWrongValueIsOneLineAndExitTwo() {
        List<Case> cases = new ArrayList<>();
        for (CommandLine cl : leafCommands()) {
            String command = name(cl);
            List<String> baseline = baselines.get(command);
            if (baseline == null) {
                continue;
            }
            for (ArgSpec arg : args(cl)) {
                for (Map.Entry<String, String> wrong : wrongValues(command, arg).entrySet()) {
                    cases.add(new Case(command, label(arg), wrong.getKey(), wrong.getValue(),
                            withWrong(command, baseline, cl.getCommandSpec(), arg, wrong.getKey())));
                }
            }
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(Case c) throws IOException {
        Set<String> before = tree(tmp);
        CliRun r = CliRun.of(c.args().toArray(String[]::new));
        String where = String.join(" ", c.args()) + "\n--- stderr:\n" + r.err() + "--- stdout:\n" + r.out();
        assertEquals(2, r.code(), where);
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), where);
        assertTrue(lines.get(0).startsWith("error: "), where);
        assertTrue(lines.get(0).contains(c.option()) || lines.get(0).contains(c.value()),
                "the line names the option or the value: " + where);
        String all = r.err() + r.out();
        assertFalse(all.contains("Exception") || all.contains("at org.") || all.contains("\tat "), where);
        assertEquals(before, tree(tmp), "nothing left behind: " + where);
    }

    /** The wrong values of one argument and why each is wrong; empty when the walk derives none. */
    private static Map<String, String> wrongValues(String command, ArgSpec arg) {
        String key = command + " " + label(arg);
        Map<String, String> wrong = new LinkedHashMap<>();
        if (!walked(arg) || FREE_TEXT.contains(key) || NOT_WALKED.contains(key)) {
            return wrong;
        }
        Class<?> type = arg.auxiliaryTypes()[0];
        String word = WRONG_WORD.getOrDefault(key, WRONG_WORD.get(label(arg)));
        if (word != null) {
            wrong.put(word, "a word it does not know");
        } else if (type.isEnum() || isConverted(arg)) {
            wrong.put("bogus", "not one of its values");
        } else if (Number.class.isAssignableFrom(boxed(type))) {
            if (!ANY_NUMBER.contains(key)) {
                wrong.put("-1", "negative");
                if (!ZERO_ALLOWED.contains(key)) {
                    wrong.put("0", "zero");
                }
            }
        } else if (type == Path.class || (label(arg).equals("--out") && type == String.class)) {
            boolean written = label(arg).equals("--out");
            switch (PATH_KINDS.getOrDefault(arg.paramLabel(), "")) {
                case "FILE" -> {
                    if (!written) {
                        wrong.put(tmp.resolve("missing.txt").toString(), "a missing file");
                    }
                    wrong.put(tmp.toString(), "a folder where a file is needed");
                }
                case "DIR" -> {
                    if (!written) {
                        wrong.put(tmp.resolve("missing-folder").toString(), "a missing folder");
                    }
                    wrong.put(tmp.resolve("lines.txt").toString(), "a file where a folder is needed");
                }
                case "PATH" -> wrong.put(tmp.resolve("missing").toString(), "a missing file or folder");
                default -> {
                    // no wrong value: everyOptionIsWalked reports the label to fix
                }
            }
        }
        return wrong;
    }

    private static boolean isConverted(ArgSpec arg) {
        return arg.converters().length > 0 && arg.auxiliaryTypes()[0] != String.class;
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return type == int.class ? Integer.class : type == long.class ? Long.class
                : type == double.class ? Double.class : type == boolean.class ? Boolean.class : type;
    }

    /** Flags, help and the standard options take no value to get wrong. */
    private static boolean walked(ArgSpec arg) {
        if (arg instanceof OptionSpec o) {
            return o.arity().max() > 0 && !o.usageHelp() && !o.versionHelp() && !o.hidden();
        }
        return true;
    }

    private static List<String> withWrong(String command, List<String> baseline, CommandSpec spec, ArgSpec arg,
                                          String value) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        List<String> rest = new ArrayList<>(baseline);
        if (arg instanceof OptionSpec o) {
            remove(rest, o.longestName());
            String excluded = EXCLUDES.get(command + " " + o.longestName());
            if (excluded != null) {
                remove(rest, excluded);
            }
            rest.add(o.longestName());
            rest.add(value);
            if (o.arity().min() == 2) {
                rest.add(run.toString()); // --bootstrap RUN_A RUN_B: the other run valid
            }
        } else {
            int index = ((PositionalParamSpec) arg).index().min();
            List<Integer> positions = positionals(rest, spec);
            if (index < positions.size()) {
                rest.set(positions.get(index), value);
            } else {
                rest.add(value);
            }
        }
        args.addAll(rest);
        return args;
    }

    private static void remove(List<String> args, String option) {
        int i = args.indexOf(option);
        if (i >= 0) {
            args.remove(i);
            args.remove(i);
        }
    }

    /** Indexes in {@code args} of the positional parameters (everything that is neither an option nor its value). */
    private static List<Integer> positionals(List<String> args, CommandSpec spec) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            OptionSpec o = spec.findOption(args.get(i));
            if (o != null) {
                i += o.arity().max();
            } else {
                at.add(i);
            }
        }
        return at;
    }

    private static List<ArgSpec> args(CommandLine cl) {
        List<ArgSpec> all = new ArrayList<>(cl.getCommandSpec().options());
        all.addAll(cl.getCommandSpec().positionalParameters());
        return all;
    }

    private static String label(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
    }

    private static String name(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName().replaceFirst("^workbench ", "");
    }

    /** The commands that do something: every leaf below {@code workbench} but picocli's own {@code help}. */
    private static List<CommandLine> leafCommands() {
        List<CommandLine> leaves = new ArrayList<>();
        collect(Workbench.commandLine(), leaves);
        return leaves;
    }

    private static void collect(CommandLine cl, List<CommandLine> into) {
        if (cl.getSubcommands().isEmpty()) {
            if (!(cl.getCommand() instanceof CommandLine.HelpCommand)) {
                into.add(cl);
            }
            return;
        }
        cl.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    private static Set<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            Set<String> files = new TreeSet<>();
            s.forEach(p -> files.add(root.relativize(p) + (Files.isRegularFile(p) ? "@" + p.toFile().length()
                    + "@" + p.toFile().lastModified() : "")));
            return files;
        }
    }
}
