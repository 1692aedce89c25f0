package org.clinicalbert.workbench.modelfolder;

import org.clinicalbert.workbench.checkpoint.CheckpointLocator;
import org.clinicalbert.workbench.checkpoint.TfCheckpointReader;
import org.clinicalbert.workbench.hf.HfCheckpoint;
import org.clinicalbert.workbench.hf.HfConfig;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.model.BertConfig;
import org.clinicalbert.workbench.tokenize.FullTokenizer;
import org.clinicalbert.workbench.tokenize.TokenizerJson;
import org.clinicalbert.workbench.tokenize.Vocab;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A downloaded BERT folder in either layout ({@link ModelLayout}): google's, as BioBERT and Clinical BERT ship
 * their TensorFlow checkpoints ({@code bert_config.json}, {@code vocab.txt}, checkpoint), or transformers', as the
 * Hugging Face hub serves them ({@code config.json}, {@code vocab.txt}, {@code model.safetensors} /
 * {@code pytorch_model.bin}). The layout is detected from the files; opening checks config and vocabulary, the
 * (large) weights are read only when asked for, always under google's names.
 *
 * @param labels  the label names of a fine-tuned head a Hugging Face config carries ({@code id2label}); else empty
 * @param ownTokenizerJson the folder's tokenizer.json as read, or null when it tokenizes with a vocab.txt
 * @param classifierArchitecture the fine-tuned head a Hugging Face config's {@code architectures} names
 *                ({@code BertFor...Classification}), or null (none, or google's layout)
 */
public record ModelFolder(Path dir, ModelLayout layout, BertConfig config, FullTokenizer tokenizer, Casing casing,
                          List<String> labels, TokenizerJson ownTokenizerJson, String classifierArchitecture) {

    private static final Logger log = LoggerFactory.getLogger(ModelFolder.class);
    public static final String TF_CONFIG = "bert_config.json";
    public static final String HF_CONFIG = "config.json";
    public static final String VOCAB = "vocab.txt";

    /** Opens {@code dir} with an explicit casing (a command-line choice). */
    public static ModelFolder open(Path dir, boolean doLowerCase) {
        return open(dir, doLowerCase, null);
    }

    /** Opens {@code dir} with the casing its files say ({@link Casing#resolve}). */
    public static ModelFolder open(Path dir) {
        return open(dir, null, null);
    }

    /**
     * @param explicitLowerCase the caller's casing choice, or null to follow the folder
     * @param registryLowerCase the registry entry's casing, or null
     */
    public static ModelFolder open(Path dir, Boolean explicitLowerCase, Boolean registryLowerCase) {
        if (!Files.isDirectory(dir)) {
            throw new InputFormatException(dir, null, "model folder not found");
        }
        ModelLayout layout = detect(dir);
        BertConfig config;
        List<String> labels = List.of();
        String classifierArchitecture = null;
        Path configFile;
        if (layout == ModelLayout.HUGGING_FACE) {
            configFile = dir.resolve(HF_CONFIG);
            HfConfig hf = HfConfig.load(configFile);
            config = hf.bert();
            labels = hf.hasNamedLabels() ? hf.labels() : List.of();
            classifierArchitecture = hf.classificationArchitecture().orElse(null);
        } else {
            configFile = dir.resolve(TF_CONFIG);
            config = BertConfig.load(configFile);
        }
        TokenizerJson tokenizerJson = readTokenizerJson(dir);
        Path vocabFile = tokenizerJson != null ? tokenizerJson.file() : dir.resolve(VOCAB);
        Vocab vocab = tokenizerJson != null ? tokenizerJson.vocab() : Vocab.load(vocabFile);
        // fewer words than embedding rows is harmless (padded vocabularies); more would index past the table
        if (vocab.size() > config.vocabSize()) {
            throw new InputFormatException(vocabFile, null, "vocabulary has " + vocab.size()
                    + " entries but " + configFile.getFileName() + " says vocab_size " + config.vocabSize());
        }
        Casing casing = Casing.resolve(dir, explicitLowerCase, registryLowerCase, vocab,
                tokenizerJson == null ? null : tokenizerJson.normalizer().lowercase());
        if (layout == ModelLayout.TENSORFLOW) {
            casing.checkKnownCheckpoint(dir);
        }
        if (BertConfig.GELU_ERF.equals(config.hiddenAct())) {
            log.info("{}: hidden_act \"gelu\" is transformers' exact erf GELU (google's tanh form is \"gelu_new\")",
                    configFile);
        }
        FullTokenizer tokenizer = tokenizerJson != null ? tokenizerJson.tokenizer(casing.lowerCase())
                : new FullTokenizer(vocab, casing.lowerCase());
        return new ModelFolder(dir, layout, config, tokenizer, casing, List.copyOf(labels), tokenizerJson,
                classifierArchitecture);
    }

    /**
     * The folder's tokenizer.json (transformers 5 writes it instead of vocab.txt), or null without one; when a
     * vocab.txt is beside it, the two must give every id the same token.
     */
    static TokenizerJson readTokenizerJson(Path dir) {
        Path file = dir.resolve(TokenizerJson.FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        TokenizerJson json = TokenizerJson.load(file);
        Path vocabTxt = dir.resolve(VOCAB);
        if (Files.isRegularFile(vocabTxt)) {
            json.checkAgrees(Vocab.load(vocabTxt), vocabTxt);
        }
        return json;
    }

    /**
     * The tokenizer.json of this folder's tokenizer with the casing it tokenizes with: the folder's own file, or
     * one written for its vocab.txt.
     */
    public TokenizerJson tokenizerJson() {
        return ownTokenizerJson != null ? ownTokenizerJson.withLowercase(doLowerCase())
                : TokenizerJson.forVocab(dir.resolve(TokenizerJson.FILE), tokenizer.vocab(), doLowerCase());
    }

    /**
     * The layout of {@code dir}: TensorFlow when it has {@code bert_config.json}, Hugging Face when it has
     * {@code config.json} and one of transformers' weight files; otherwise an error saying what is missing.
     */
    public static ModelLayout detect(Path dir) {
        boolean tf = Files.isRegularFile(dir.resolve(TF_CONFIG));
        boolean hf = Files.isRegularFile(dir.resolve(HF_CONFIG)) && HfCheckpoint.locate(dir).isPresent();
        if (tf && (!hf || hasTfCheckpoint(dir))) {
            return ModelLayout.TENSORFLOW;
        }
        if (Files.isRegularFile(dir.resolve(HF_CONFIG))) {
            if (HfCheckpoint.locate(dir).isEmpty()) {
                throw new InputFormatException(dir, null, "Hugging Face config.json found but no weights: expected one of "
                        + HfCheckpoint.weightFileNames());
            }
            return ModelLayout.HUGGING_FACE;
        }
        // BertConfig.load would report a bare NoSuchFileException
        throw new InputFormatException(dir.resolve(TF_CONFIG), null, "BERT config not found in the model folder "
                + "(neither a TensorFlow folder with bert_config.json nor a Hugging Face folder with config.json)");
    }

    private static boolean hasTfCheckpoint(Path dir) {
        try {
            CheckpointLocator.locate(dir);
            return true;
        } catch (IOException | InputFormatException e) {
            return false;
        }
    }

    public boolean doLowerCase() {
        return casing.lowerCase();
    }

    /** The model variables under google's names (optimizer slots and global_step left out). */
    public Map<String, INDArray> readWeights() {
        try {
            Map<String, INDArray> tensors;
            if (layout == ModelLayout.HUGGING_FACE) {
                HfCheckpoint.TfTensors t = hfCheckpoint().readTfTensors();
                if (!t.converted().isEmpty()) {
                    log.info("{}: converted {} tensors to float32", weightsSource(), t.converted());
                }
                tensors = t.tensors();
            } else {
                tensors = TfCheckpointReader.openFolder(dir).readAllVariables();
            }
            ConfigAgreement.check(dir.resolve(layout == ModelLayout.HUGGING_FACE ? HF_CONFIG : TF_CONFIG), config,
                    tensors, weightsSource());
            return tensors;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the weights in " + dir, e);
        }
    }

    /** The Hugging Face weights of this folder (Hugging Face layout only). */
    public HfCheckpoint hfCheckpoint() {
        return HfCheckpoint.locate(dir).orElseThrow(() -> new InputFormatException(dir, null,
                "no Hugging Face weights file"));
    }

    /** The file that names the weights, for error messages and provenance: a TF index file or the HF weights file. */
    public Path weightsSource() {
        return layout == ModelLayout.HUGGING_FACE ? hfCheckpoint().index()
                : CheckpointLocator.indexFile(checkpointPrefix());
    }

    /** Where the weights come from: the TF checkpoint prefix, or the Hugging Face weights file. */
    public Path checkpointPrefix() {
        if (layout == ModelLayout.HUGGING_FACE) {
            return hfCheckpoint().index();
        }
        try {
            return CheckpointLocator.locate(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes this folder's tokenizer into {@code out}: vocab.txt (copied, or the ids in order when the folder has only
     * a tokenizer.json, for google's readers) and, when the folder has one, its tokenizer.json.
     */
    public void writeTokenizerFiles(Path out) throws IOException {
        if (Files.isRegularFile(dir.resolve(VOCAB))) {
            Files.copy(dir.resolve(VOCAB), out.resolve(VOCAB), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } else {
            AtomicFiles.writeString(out.resolve(VOCAB), String.join("\n", tokenizer.vocab().tokens()) + "\n");
        }
        if (ownTokenizerJson != null) {
            AtomicFiles.writeString(out.resolve(TokenizerJson.FILE), tokenizerJson().toJson());
        }
    }

    /**
     * Writes a model fine-tuned from this folder as a google-style folder {@code out}: this folder's
     * bert_config.json and vocab.txt, the casing the run tokenized with (so that predict and export use the same),
     * labels.json (head kind and label names), the TF checkpoint at {@code step} and provenance.json.
     */
    public void writeFineTuned(Path out, org.clinicalbert.workbench.train.BertTaskModel model, List<String> labels,
                               long step, org.clinicalbert.workbench.provenance.Provenance.Recorder provenance)
            throws IOException {
        Files.createDirectories(out);
        AtomicFiles.writeString(out.resolve(TF_CONFIG), config.toJson());
        writeTokenizerFiles(out);
        AtomicFiles.writeString(out.resolve(Casing.TOKENIZER_CONFIG), "{\"do_lower_case\": " + doLowerCase() + "}\n");
        Map<String, Object> head = new java.util.LinkedHashMap<>();
        head.put("kind", model.kind().name());
        head.put("labels", labels);
        AtomicFiles.writeString(out.resolve("labels.json"), Json.MAPPER.writeValueAsString(head));
        long at = Math.max(step, 0);
        org.clinicalbert.workbench.checkpoint.TfCheckpointWriter.create().write(out.resolve("model.ckpt-" + at),
                model.parameters(), at);
        provenance.writeTo(out);
    }
}
