package org.clinicalbert.workbench.modelfolder;

import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.provenance.Provenance;
import org.clinicalbert.workbench.tokenize.Vocab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether a model's tokenizer lower-cases, and where that came from. The order: the caller's explicit choice
 * (a command-line option), else {@code do_lower_case} in the folder's {@code tokenizer_config.json} (which
 * transformers 5 also lets override the file below), else the {@code lowercase} of {@code tokenizer.json}'s
 * normalizer, else the casing its {@code provenance.json} records, else the
 * registry entry, else the vocabulary itself (one without any upper-case entry is uncased). transformers' own
 * tokenizer lower-cases cased models unless tokenizer_config.json says otherwise (clinicalBERT issue #26), so
 * guessing from the vocabulary is the safer default for folders without one.
 */
public record Casing(boolean lowerCase, Source source) {

    public enum Source {
        OPTION("the command line"),
        TOKENIZER_CONFIG("tokenizer_config.json"),
        TOKENIZER_JSON("tokenizer.json's normalizer"),
        PROVENANCE("provenance.json"),
        REGISTRY("the model registry"),
        VOCABULARY("the vocabulary");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** google's run_classifier.py {@code validate_case_matches_checkpoint} lists, by checkpoint folder name. */
    private static final List<String> GOOGLE_UNCASED = List.of("uncased_L-24_H-1024_A-16", "uncased_L-12_H-768_A-12",
            "multilingual_L-12_H-768_A-12", "chinese_L-12_H-768_A-12");
    private static final List<String> GOOGLE_CASED = List.of("cased_L-12_H-768_A-12", "cased_L-24_H-1024_A-16",
            "multi_cased_L-12_H-768_A-12");

    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";

    /** "do_lower_case=false (from tokenizer_config.json)": what encode and run print. */
    public String describe() {
        return "do_lower_case=" + lowerCase + " (from " + source.description() + ")";
    }

    /**
     * Resolves the casing of the model in {@code dir}.
     *
     * @param explicit a caller's choice, or null
     * @param registry the registry entry's casing, or null
     */
    public static Casing resolve(Path dir, Boolean explicit, Boolean registry, Vocab vocab) {
        return resolve(dir, explicit, registry, vocab, null);
    }

    /**
     * @param normalizerLowerCase the {@code lowercase} of the folder's tokenizer.json normalizer, or null without one
     */
    public static Casing resolve(Path dir, Boolean explicit, Boolean registry, Vocab vocab,
                                 Boolean normalizerLowerCase) {
        if (explicit != null) {
            return new Casing(explicit, Source.OPTION);
        }
        Optional<Boolean> fromFile = tokenizerConfig(dir.resolve(TOKENIZER_CONFIG));
        if (fromFile.isPresent()) {
            return new Casing(fromFile.get(), Source.TOKENIZER_CONFIG);
        }
        if (normalizerLowerCase != null) {
            return new Casing(normalizerLowerCase, Source.TOKENIZER_JSON);
        }
        // what the model was trained with, as recorded beside it (run, pretrain and export write both files, with
        // the same value; tokenizer_config.json is what other tools read, so it goes first)
        Boolean recorded = Provenance.read(dir).map(Provenance::doLowerCase).orElse(null);
        if (recorded != null) {
            return new Casing(recorded, Source.PROVENANCE);
        }
        if (registry != null) {
            return new Casing(registry, Source.REGISTRY);
        }
        return new Casing(!hasUpperCase(vocab), Source.VOCABULARY);
    }

    /** {@code do_lower_case} of a tokenizer_config.json, if the file exists and sets it. */
    static Optional<Boolean> tokenizerConfig(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InputFormatException(file, null, "not valid JSON: " + e.getMessage());
        }
        JsonNode v = root == null ? null : root.get("do_lower_case");
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw new InputFormatException(file, "field do_lower_case", "do_lower_case must be true or false, got " + v);
        }
        return Optional.of(v.booleanValue());
    }

    /** Any entry with an upper-case letter, leaving out bracketed specials such as [CLS] and [unused0]. */
    static boolean hasUpperCase(Vocab vocab) {
        for (String t : vocab.tokens()) {
            if (t.startsWith("[") && t.endsWith("]")) {
                continue;
            }
            if (t.codePoints().anyMatch(Character::isUpperCase)) {
                return true;
            }
        }
        return false;
    }

    /**
     * google's check: a TF folder named as one of google's checkpoints must be tokenized with that checkpoint's
     * casing; anything else is an error naming the folder and the fix.
     */
    public void checkKnownCheckpoint(Path dir) {
        String name = String.valueOf(dir.toAbsolutePath().normalize().getFileName());
        boolean knownLower = GOOGLE_UNCASED.contains(name);
        boolean knownCased = GOOGLE_CASED.contains(name);
        if ((knownLower && !lowerCase) || (knownCased && lowerCase)) {
            throw new InputFormatException(dir, null, "do_lower_case=" + lowerCase + " (from " + source.description()
                    + ") contradicts google's " + name + ", which is " + (knownLower ? "uncased" : "cased")
                    + ": use do_lower_case=" + knownLower + " (google's validate_case_matches_checkpoint)");
        }
    }
}
