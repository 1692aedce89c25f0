package org.clinicalbert.workbench.runs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one place that writes the command continuing a run, a sweep or a study, as {@code status.json} names it and
 * {@code workbench status} shows it: the same command, file and results folder, repeating the options the first
 * command was given that decide what it reads ({@code --set}, {@code --models-dir}, {@code --registry},
 * {@code --spark}), every word quoted so that a POSIX shell reads it back unchanged.
 */
public final class ResumeCommand {

    /** Words a shell reads back unchanged without quotes. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /**
     * The options of the first command that its resume repeats.
     *
     * @param overrides    {@code --set KEY=VALUE}, in the order given
     * @param modelsDir    {@code --models-dir}, null when not given
     * @param registryFile {@code --registry}, null when not given (or given as the default)
     * @param sparkMaster  {@code --spark}, null when the command ran locally
     */
    public record Options(List<String> overrides, Path modelsDir, Path registryFile, String sparkMaster) {

        /** None given: a run resumed from its own config.yaml, a study run without options. */
        public static final Options NONE = new Options(List.of(), null, null, null);

        public Options {
            overrides = List.copyOf(overrides);
        }
    }

    private ResumeCommand() {
    }

    /** {@code ./workbench run EXPERIMENT [options] --resume}. */
    public static String run(Path experiment, Options options) {
        List<String> words = words("run", experiment.toString());
        options(words, options);
        words.add("--resume");
        return text(words);
    }

    /** {@code ./workbench sweep SWEEP --out WHERE [options] [--split-folds]}: a rerun skips finished candidates. */
    public static String sweep(Path sweepFile, String where, Options options, boolean splitFolds) {
        List<String> words = words("sweep", sweepFile.toString());
        words.addAll(List.of("--out", where));
        options(words, options);
        if (splitFolds) {
            words.add("--split-folds");
        }
        return text(words);
    }

    /** {@code ./workbench study STUDY --out DIR [options] --resume}. */
    public static String study(Path studyFile, Path outputDir, Options options) {
        List<String> words = words("study", studyFile.toString());
        words.addAll(List.of("--out", outputDir.toString()));
        options(words, options);
        words.add("--resume");
        return text(words);
    }

    /** A word as a POSIX shell reads it back unchanged: as it is when plain, else in single quotes. */
    private static String shellWord(String w) {
        return PLAIN.matcher(w).matches() ? w : "'" + w.replace("'", "'\\''") + "'";
    }

    private static List<String> words(String command, String file) {
        return new ArrayList<>(List.of("./workbench", command, file));
    }

    private static void options(List<String> words, Options o) {
        o.overrides().forEach(s -> words.addAll(List.of("--set", s)));
        if (o.modelsDir() != null) {
            words.addAll(List.of("--models-dir", o.modelsDir().toString()));
        }
        if (o.registryFile() != null) {
            words.addAll(List.of("--registry", o.registryFile().toString()));
        }
        if (o.sparkMaster() != null) {
            words.addAll(List.of("--spark", o.sparkMaster()));
        }
    }

    private static String text(List<String> words) {
        return String.join(" ", words.stream().map(ResumeCommand::shellWord).toList());
    }
}
