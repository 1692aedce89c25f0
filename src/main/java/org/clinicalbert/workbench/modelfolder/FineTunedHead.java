package org.clinicalbert.workbench.modelfolder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The task head a fine-tuned model folder holds, from its {@code labels.json} (written by {@link
 * ModelFolder#writeFineTuned}): a sentence(-pair) classifier or a token tagger, and its label names. The one
 * reader of that file, so every command that applies, exports or continues a fine-tuned model knows what kind of
 * input the model was trained on and can refuse another task's kind.
 *
 * @param file   the file that says so: labels.json, or a Hugging Face folder's config.json
 * @param field  where in it ("field kind", "field architectures")
 * @param kind   {@link #SEQUENCE} (a classifier: MedNLI) or {@link #TOKEN} (a tagger: the i2b2 tasks)
 * @param labels the label names in id order
 */
public record FineTunedHead(Path file, String field, String kind, List<String> labels) {

    public static final String FILE = "labels.json";
    public static final String SEQUENCE = "SEQUENCE";
    public static final String TOKEN = "TOKEN";

    /** {@code modelDir/labels.json} when there is one; an unknown kind is an error naming the file. */
    public static Optional<FineTunedHead> read(Path modelDir) {
        Path file = modelDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode l;
        try {
            l = Json.MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new InputFormatException(file, e.getLocation() == null ? null : "line "
                    + e.getLocation().getLineNr(), "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String kind = l == null ? "" : l.path("kind").asText();
        if (!kind.equals(SEQUENCE) && !kind.equals(TOKEN)) {
            throw new InputFormatException(file, "field kind", "unknown head kind '" + kind + "' (expected "
                    + SEQUENCE + " or " + TOKEN + ")");
        }
        List<String> labels = new ArrayList<>();
        l.path("labels").forEach(n -> labels.add(n.asText()));
        return Optional.of(new FineTunedHead(file, "field kind", kind, List.copyOf(labels)));
    }

    /**
     * The head of an opened model folder: its labels.json, or for a Hugging Face folder the classifier its
     * {@code architectures} names ({@code BertFor...Classification}); empty for a pretrained model.
     */
    public static Optional<FineTunedHead> of(ModelFolder folder) {
        Optional<FineTunedHead> own = read(folder.dir());
        if (own.isPresent() || folder.layout() != ModelLayout.HUGGING_FACE) {
            return own;
        }
        // the architecture ModelFolder.open read from config.json (not read a second time)
        Path config = folder.dir().resolve(ModelFolder.HF_CONFIG);
        return Optional.ofNullable(folder.classifierArchitecture())
                .map(a -> new FineTunedHead(config, "field architectures",
                        kindOf(a), folder.labels()));
    }

    /** The kind of head a Hugging Face classifier architecture ({@code BertFor...Classification}) holds. */
    public static String kindOf(String architecture) {
        return architecture.equals("BertForTokenClassification") ? TOKEN : SEQUENCE;
    }

    /** What this kind of model reads, for refusals: "a sentence-pair classifier" or "a token tagger". */
    public static String describe(String kind) {
        return SEQUENCE.equals(kind) ? "a sentence-pair classifier (MedNLI)" : "a token tagger (an i2b2 NER task)";
    }

    /**
     * Refuses to continue this head as a model of {@code wanted} kind: a classifier's output layer would be loaded
     * as a tagger's (or the reverse) whenever the label counts agree, silently.
     *
     * @param task the task that wants it, for the message
     */
    public void requireKind(String wanted, String task) {
        if (!kind.equals(wanted)) {
            throw new InputFormatException(file, field, "this model was fine-tuned as " + describe(kind)
                    + ", but task " + task + " needs " + describe(wanted) + ": initialise from its pretrained model "
                    + "folder, or from a run of a task of the same kind");
        }
    }
}
