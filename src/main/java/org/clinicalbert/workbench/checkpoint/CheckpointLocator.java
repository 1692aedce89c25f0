package org.clinicalbert.workbench.checkpoint;

import org.clinicalbert.workbench.io.StrictUtf8;
import org.clinicalbert.workbench.io.InputFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the checkpoint prefix in a model folder, the way people pass them around: google's
 * {@code bert_model.ckpt.*}, BioBERT v1.0's {@code biobert_model.ckpt.*} (v1.1: {@code model.ckpt-1000000.*}),
 * Clinical BERT's {@code model.ckpt-150000.*} / {@code model.ckpt-100000.*}, or a training output folder
 * with TF's {@code checkpoint} state file.
 */
public final class CheckpointLocator {

    private static final Pattern STATE_LINE = Pattern.compile("^\\s*model_checkpoint_path\\s*:\\s*\"(.*)\"\\s*$");
    private static final Pattern NUMBERED = Pattern.compile("^(.*)-(\\d+)$");
    private static final String INDEX_SUFFIX = ".index";
    /** Files of a checkpoint that people pass instead of its prefix (a common BioBERT / BERT mistake). */
    private static final Pattern CHECKPOINT_FILE = Pattern.compile("^(.+)\\.(index|meta|data-\\d{5}-of-\\d{5})$");

    private CheckpointLocator() {
    }

    /**
     * The prefix (path without {@code .index}) of the checkpoint in {@code dirOrPrefix}: a prefix given directly
     * (or one of its {@code .index}, {@code .meta}, {@code .data-*} files), else the one named by a {@code checkpoint} state file, else the single {@code *.index}, else the
     * {@code <name>-N} with the highest N.
     */
    public static Path locate(Path dirOrPrefix) throws IOException {
        if (Files.isRegularFile(indexFile(dirOrPrefix))) {
            return dirOrPrefix;
        }
        Matcher file = CHECKPOINT_FILE.matcher(String.valueOf(dirOrPrefix.getFileName()));
        if (Files.isRegularFile(dirOrPrefix) && file.matches()) {
            Path prefix = dirOrPrefix.resolveSibling(file.group(1));
            if (Files.isRegularFile(indexFile(prefix))) {
                return prefix;
            }
        }
        if (!Files.isDirectory(dirOrPrefix)) {
            throw new InputFormatException(dirOrPrefix, null, "neither a model folder nor a checkpoint prefix");
        }
        Path state = dirOrPrefix.resolve("checkpoint");
        if (Files.isRegularFile(state)) {
            return fromStateFile(dirOrPrefix, state);
        }
        List<Path> prefixes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dirOrPrefix)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(INDEX_SUFFIX))
                    .sorted()
                    .forEach(n -> prefixes.add(dirOrPrefix.resolve(n.substring(0, n.length() - INDEX_SUFFIX.length()))));
        }
        if (prefixes.isEmpty()) {
            throw new InputFormatException(dirOrPrefix, null, "no TensorFlow checkpoint (*.index) in this folder");
        }
        if (prefixes.size() == 1) {
            return prefixes.get(0);
        }
        List<Path> numbered = prefixes.stream().filter(p -> NUMBERED.matcher(p.getFileName().toString()).matches()).toList();
        if (numbered.size() != prefixes.size()) {
            throw new InputFormatException(dirOrPrefix, null, "several checkpoints and no `checkpoint` file to choose: "
                    + prefixes.stream().map(p -> p.getFileName().toString()).toList());
        }
        return numbered.stream().max(Comparator.comparing(CheckpointLocator::step)).orElseThrow();
    }

    /** {@code <prefix>.data-0000K-of-0000N} for every shard K of N, as tensor_bundle.cc names them. */
    public static List<Path> dataShards(Path prefix, int numShards) {
        List<Path> out = new ArrayList<>();
        for (int k = 0; k < numShards; k++) {
            out.add(prefix.resolveSibling(String.format("%s.data-%05d-of-%05d", prefix.getFileName(), k, numShards)));
        }
        return out;
    }

    public static Path indexFile(Path prefix) {
        return prefix.resolveSibling(prefix.getFileName() + INDEX_SUFFIX);
    }

    private static Path fromStateFile(Path dir, Path state) throws IOException {
        List<String> lines = StrictUtf8.readAllLines(state);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = STATE_LINE.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            Path named = Path.of(m.group(1));
            // absolute paths in the state file usually point at the machine that trained; look beside it too
            Path prefix = named.isAbsolute() ? named : dir.resolve(named);
            if (!Files.isRegularFile(indexFile(prefix))) {
                prefix = dir.resolve(named.getFileName());
            }
            if (!Files.isRegularFile(indexFile(prefix))) {
                throw new InputFormatException(state, "line " + (i + 1),
                        "names checkpoint " + m.group(1) + " but " + indexFile(prefix).getFileName() + " is not in " + dir);
            }
            return prefix;
        }
        throw new InputFormatException(state, null, "no model_checkpoint_path line");
    }

    private static long step(Path prefix) {
        Matcher m = NUMBERED.matcher(prefix.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(2)) : -1;
    }
}
