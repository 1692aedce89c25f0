package org.clinicalbert.workbench.export;

import org.clinicalbert.workbench.runs.FolderStatus;
import org.clinicalbert.workbench.runs.RunFolder;
import org.clinicalbert.workbench.runs.RunMetrics;
import org.clinicalbert.workbench.modelfolder.Casing;
import org.clinicalbert.workbench.modelfolder.FineTunedHead;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.ModelLayout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.clinicalbert.workbench.checkpoint.TfCheckpointWriter;
import org.clinicalbert.workbench.hf.HfCheckpoint;
import org.clinicalbert.workbench.hf.HfConfig;
import org.clinicalbert.workbench.hf.HfNames;
import org.clinicalbert.workbench.hf.SafeTensors;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.FileTrees;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.io.Sha256;
import org.clinicalbert.workbench.model.BertConfig;
import org.clinicalbert.workbench.provenance.Provenance;
import org.clinicalbert.workbench.tokenize.TokenizerJson;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Hands back a fine-tuned run (or a pretraining output folder) as a model folder others can use: a Hugging Face
 * folder (config.json with the architecture, labels and the activation that reproduces the workbench's outputs,
 * model.safetensors, tokenizer.json, vocab.txt, tokenizer_config.json, a README.md model card) or a google-style TensorFlow
 * folder. The folder is built under a temporary name beside the target and renamed into place at the end, so a
 * failed export leaves nothing behind.
 */
public final class ModelExport {

    public enum Format { HF, TF }

    /** What is exported: the task head the run trained, or the pretraining heads. */
    public enum Kind {
        SEQUENCE("BertForSequenceClassification"),
        TOKEN("BertForTokenClassification"),
        PRETRAINING("BertForPreTraining"),
        ENCODER("BertModel");

        private final String architecture;

        Kind(String architecture) {
            this.architecture = architecture;
        }

        public String architecture() {
            return architecture;
        }
    }

    /** What an export wrote. */
    public record Result(Path out, Kind kind, List<String> labels, int tensors) {
    }

    private static final ObjectMapper JSON = Json.MAPPER;

    private ModelExport() {
    }

    /**
     * @param runDir a run or fold folder written by {@code workbench run} (holding model/), its model/ folder, or a
     *               model folder written by {@code workbench pretrain}
     */
    public static Result export(Path runDir, Format format, Path out) throws IOException {
        FolderStatus.requireFinished(runDir);
        Path modelDir = Files.isDirectory(runDir.resolve("model")) ? runDir.resolve("model") : runDir;
        if (!Files.isDirectory(modelDir)) {
            throw new InputFormatException(runDir, null, "run folder not found");
        }
        if (Files.exists(out)) {
            throw new InputFormatException(out, null, "output folder already exists: choose a new --out");
        }
        ModelFolder folder = ModelFolder.open(modelDir);
        Optional<Provenance> source = Provenance.read(modelDir);
        Map<String, INDArray> weights = folder.readWeights();
        List<String> labels = new ArrayList<>();
        Kind kind = kind(modelDir, folder, weights, labels);
        if (kind == Kind.SEQUENCE || kind == Kind.TOKEN) {
            INDArray w = weights.get("output_weights");
            if (w == null || !weights.containsKey("output_bias") || w.size(0) != labels.size()) {
                throw new InputFormatException(folder.weightsSource(), "variable output_weights", "the run's "
                        + labels.size() + " labels need a classifier output_weights [" + labels.size() + ", H] and "
                        + "output_bias, got " + (w == null ? "none" : java.util.Arrays.toString(w.shape())));
            }
        }
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // not createTempDirectory: its owner-only permissions would stay on the renamed folder
        Path tmp = Files.createDirectory(parent.resolve("." + out.getFileName() + ".tmp-" + System.nanoTime()));
        try {
            int tensors = format == Format.HF ? writeHf(tmp, folder, weights, kind, labels, runDir)
                    : writeTf(tmp, folder, weights, kind, labels);
            folder.writeTokenizerFiles(tmp);
            TokenizerJson tokenizerJson = folder.tokenizerJson();
            if (format == Format.HF) {
                // what transformers 5 reads (AutoTokenizer gives the fast tokenizer); vocab.txt stays for older readers
                AtomicFiles.writeString(tmp.resolve(TokenizerJson.FILE), tokenizerJson.toJson());
            }
            ObjectNode tok = JSON.createObjectNode();
            tok.put("do_lower_case", folder.doLowerCase());
            // BertTokenizer.from_pretrained rebuilds the normalizer from these init arguments: they repeat tokenizer.json's
            if (tokenizerJson.normalizer().stripAccents() == null) {
                tok.putNull("strip_accents");
            } else {
                tok.put("strip_accents", tokenizerJson.normalizer().stripAccents());
            }
            tok.put("tokenize_chinese_chars", tokenizerJson.normalizer().handleChineseChars());
            tok.put("model_max_length", folder.config().maxPositionEmbeddings());
            // not "BertTokenizer": transformers 5's BertTokenizer rebuilds the WordPiece model with its defaults
            // (max_input_chars_per_word 100, where google's and so the run's is 200); the generic fast tokenizer
            // takes tokenizer.json as written. BertTokenizer.from_pretrained still reads the folder.
            tok.put("tokenizer_class", "PreTrainedTokenizerFast");
            // which BertTokenizer names itself; without it the generic tokenizer gives no token_type_ids
            tok.putArray("model_input_names").add("input_ids").add("token_type_ids").add("attention_mask");
            for (String[] special : new String[][] {{"unk_token", tokenizerJson.vocab().unkToken()},
                    {"sep_token", "[SEP]"}, {"pad_token", "[PAD]"}, {"cls_token", "[CLS]"}, {"mask_token", "[MASK]"}}) {
                if (tokenizerJson.vocab().contains(special[1])) {
                    tok.put(special[0], special[1]);
                }
            }
            AtomicFiles.writeString(tmp.resolve(Casing.TOKENIZER_CONFIG), tok.toPrettyString() + "\n");
            Provenance.start("export", "format " + format.name().toLowerCase() + " of " + modelDir.toAbsolutePath(),
                    null, maxSeqLength(source), folder.doLowerCase(), folder.checkpointPrefix(),
                    folder.weightsSource(), List.of(), Path.of("")).derivedFrom(source.orElse(null)).writeTo(tmp);
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out);
            }
            return new Result(out, kind, List.copyOf(labels), tensors);
        } finally {
            FileTrees.deleteTree(tmp);
        }
    }

    /** The sequence length the exported model was trained with, from its provenance; null for an older folder. */
    private static Integer maxSeqLength(Optional<Provenance> source) {
        return source.map(Provenance::maxSeqLength).orElse(null);
    }

    /** The head the folder holds: labels.json (a fine-tuned run), id2label (a Hugging Face classifier), else MLM+NSP. */
    private static Kind kind(Path modelDir, ModelFolder folder, Map<String, INDArray> weights, List<String> labels)
            throws IOException {
        Optional<FineTunedHead> head = FineTunedHead.read(modelDir);
        if (head.isPresent()) {
            requireTaskKind(head.get(), modelDir);
            labels.addAll(head.get().labels());
            return Kind.valueOf(head.get().kind());
        }
        if (weights.containsKey("output_weights")) {
            if (folder.layout() == ModelLayout.HUGGING_FACE) {
                HfConfig hf = HfConfig.load(modelDir.resolve(ModelFolder.HF_CONFIG));
                if (hf.classificationArchitecture().isPresent() && !folder.labels().isEmpty()) {
                    labels.addAll(folder.labels());
                    return Kind.valueOf(FineTunedHead.kindOf(hf.classificationArchitecture().get()));
                }
            }
            throw new InputFormatException(modelDir, null, "the weights hold a classifier but no labels.json names "
                    + "its labels");
        }
        boolean mlm = weights.keySet().stream().anyMatch(n -> n.startsWith("cls/predictions/"));
        boolean nsp = weights.keySet().stream().anyMatch(n -> n.startsWith("cls/seq_relationship/"));
        return mlm && nsp ? Kind.PRETRAINING : Kind.ENCODER;
    }

    /** The tensors the exported model holds: the body, the pooler and the kind's head(s), nothing else. */
    private static Map<String, INDArray> modelTensors(Map<String, INDArray> weights, Kind kind) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : weights.entrySet()) {
            String n = e.getKey();
            boolean keep = n.startsWith("bert/")
                    || ((kind == Kind.SEQUENCE || kind == Kind.TOKEN) && (n.equals("output_weights") || n.equals("output_bias")))
                    || (kind == Kind.PRETRAINING && n.startsWith("cls/"));
            if (keep) {
                out.put(n, e.getValue());
            }
        }
        return out;
    }

    private static int writeHf(Path dir, ModelFolder folder, Map<String, INDArray> weights, Kind kind,
                               List<String> labels, Path runDir) throws IOException {
        Map<String, INDArray> hf = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : modelTensors(weights, kind).entrySet()) {
            if (kind == Kind.TOKEN && e.getKey().startsWith("bert/pooler/")) {
                continue; // transformers' BertForTokenClassification has no pooler (add_pooling_layer=False)
            }
            HfNames.TfName name = HfNames.toHf(e.getKey()).orElseThrow(() -> new InputFormatException(
                    folder.weightsSource(), "variable " + e.getKey(), "no Hugging Face name for this variable"));
            hf.put(name.name(), name.transpose() ? e.getValue().transpose().dup('c') : e.getValue());
        }
        SafeTensors.write(dir.resolve(HfCheckpoint.SAFETENSORS), hf, Map.of("format", "pt"));
        AtomicFiles.writeString(dir.resolve(ModelFolder.HF_CONFIG),
                HfConfig.toJson(folder.config(), kind.architecture(), labels));
        AtomicFiles.writeString(dir.resolve("README.md"), modelCard(folder, kind, labels, runDir));
        return hf.size();
    }

    private static int writeTf(Path dir, ModelFolder folder, Map<String, INDArray> weights, Kind kind,
                               List<String> labels) throws IOException {
        Map<String, INDArray> tf = modelTensors(weights, kind);
        AtomicFiles.writeString(dir.resolve(ModelFolder.TF_CONFIG), folder.config().toJson());
        TfCheckpointWriter.create().write(dir.resolve("model.ckpt-0"), tf, 0);
        AtomicFiles.writeString(dir.resolve("checkpoint"), "model_checkpoint_path: \"model.ckpt-0\"\n"
                + "all_model_checkpoint_paths: \"model.ckpt-0\"\n");
        if (kind == Kind.SEQUENCE || kind == Kind.TOKEN) {
            ObjectNode l = JSON.createObjectNode();
            l.put("kind", kind.name());
            labels.forEach(l.putArray("labels")::add);
            AtomicFiles.writeString(dir.resolve("labels.json"), JSON.writeValueAsString(l));
        }
        return tf.size();
    }

    /** How a token-classification export labels words: what predict and the run's scoring do. */
    static final String TOKEN_LABELLING = """
            ## How words are labelled

            Labels are BIO tags (`B-type` starts an entity, `I-type` continues it, `O` is outside any). The model \
            labels words, not word pieces: split a sentence into words at whitespace, tokenize them with \
            `tokenizer(words, is_split_into_words=True)`, and read each word's label at its **first** word piece \
            (`word_ids()`); the labels at later pieces of a word, at [CLS] and at [SEP] are ignored, as they were in \
            training.

            """;

    /**
     * The run's config.yaml beside the model folder ({@code run/config.yaml} for {@code run/model}), when there is
     * one: a pretraining output or a copied model folder has none.
     */
    private static Optional<Path> runConfig(Path modelDir) {
        Path run = modelDir.toAbsolutePath().getParent();
        Path config = run == null ? null : run.resolve(RunFolder.CONFIG_FILE);
        return config != null && Files.isRegularFile(config) ? Optional.of(config) : Optional.empty();
    }

    /**
     * A head of one kind exported as a model of the other task's kind would be served to the wrong input, so
     * labels.json must agree with the task the run's config.yaml names. The rule is the task list's: mednli is the
     * sentence-pair classifier, every i2b2 task a token tagger. It is read here from the file rather than through
     * experiment.config's Task, which this package must not import (export sits below the experiment runner); a
     * task this rule does not know is left to the run's own checks.
     */
    private static void requireTaskKind(FineTunedHead head, Path modelDir) throws IOException {
        Optional<Path> config = runConfig(modelDir);
        if (config.isEmpty()) {
            return;
        }
        JsonNode task;
        try {
            task = new YAMLMapper().readTree(config.get().toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputFormatException(config.get(), null, "not valid YAML: " + e.getOriginalMessage(), e);
        }
        String id = task == null ? "" : task.path("task").asText("");
        String wanted = id.equals("mednli") ? FineTunedHead.SEQUENCE : id.startsWith("i2b2") ? FineTunedHead.TOKEN
                : null;
        if (wanted != null && !wanted.equals(head.kind())) {
            throw new InputFormatException(head.file(), head.field(), "the head is " + FineTunedHead.describe(
                    head.kind()) + ", but the run's " + config.get() + " says task " + id + ", which needs "
                    + FineTunedHead.describe(wanted) + ": the model folder and its run do not belong together");
        }
    }

    /** A README.md model card: task, labels, metrics, data hashes, training config, activation and casing. */
    static String modelCard(ModelFolder folder, Kind kind, List<String> labels, Path runDir) throws IOException {
        Path run = Files.isDirectory(runDir.resolve("model")) ? runDir : runDir.getParent();
        Path configYaml = run == null ? null : run.resolve("config.yaml");
        Path metricsJson = run == null ? null : run.resolve("metrics.json");
        JsonNode config = configYaml != null && Files.exists(configYaml) ? new YAMLMapper().readTree(configYaml.toFile())
                : null;
        StringBuilder md = new StringBuilder();
        String name = config != null ? config.path("name").asText("model") : folder.dir().getFileName().toString();
        md.append("---\nlibrary_name: transformers\ntags:\n- bert\n- clinical\n---\n\n");
        md.append("# ").append(name).append("\n\n");
        md.append("Exported by the Clinical BERT workbench (`workbench export`) as `").append(kind.architecture())
                .append("`.\n\n");
        md.append("- task: ").append(config != null ? config.path("task").asText("?") : kind.name().toLowerCase())
                .append('\n');
        if (!labels.isEmpty()) {
            md.append("- labels (id order): ").append(String.join(", ", labels)).append('\n');
        }
        md.append("- hidden_act: `").append(HfConfig.hfActivation(folder.config().hiddenAct())).append("` (")
                .append(folder.config().hiddenAct().equals(BertConfig.GELU_TANH)
                        ? "google's tanh GELU, which the workbench computes" : "exact erf GELU").append(")\n");
        md.append("- tokenizer: ").append(folder.casing().describe()).append("; `AutoTokenizer.from_pretrained(DIR)` "
                + "gives the fast tokenizer from tokenizer.json with this casing (vocab.txt is there for older "
                + "readers)\n\n");
        if (kind == Kind.TOKEN) {
            md.append(TOKEN_LABELLING);
        }
        if (metricsJson != null && Files.exists(metricsJson)) {
            RunMetrics m = RunMetrics.read(metricsJson);
            md.append("## Metrics\n\n");
            for (String split : List.of("dev", "test")) {
                // a cross-validation summary's folder has no model/ of its own, so this is one run's scores
                if (m instanceof RunMetrics.Single single && single.has(split) && single.split(split).metrics() != null) {
                    List<String> parts = new ArrayList<>();
                    single.scores(split).forEach((metric, v) -> parts.add(metric + " " + v));
                    md.append("- ").append(split).append(": ").append(String.join(", ", parts)).append('\n');
                }
            }
            md.append('\n');
        }
        if (config != null) {
            md.append("## Data (SHA-256)\n\n");
            Map<String, String> hashes = dataHashes(config.path("data"), run);
            if (hashes.isEmpty()) {
                md.append("(data files not found from ").append(run).append(")\n");
            }
            hashes.forEach((file, hash) -> md.append("- `").append(file).append("` ").append(hash).append('\n'));
            md.append("\n## Training config\n\n```yaml\n")
                    .append(Files.readString(configYaml, StandardCharsets.UTF_8).stripTrailing()).append("\n```\n");
        }
        return md.toString();
    }

    /** sha256 of every data file the config names (folders: every file in them), as found from the working dir. */
    private static Map<String, String> dataHashes(JsonNode data, Path run) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String key : List.of("train", "dev", "test", "corpus_dir")) {
            JsonNode p = data.get(key);
            if (p == null || !p.isTextual()) {
                continue;
            }
            Path path = Path.of(p.asText());
            if (Files.isRegularFile(path)) {
                out.put(path.toString(), Sha256.of(path));
            } else if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        out.put(f.toString(), Sha256.of(f));
                    }
                }
            }
        }
        return out;
    }
}
