package org.clinicalbert.workbench.hf;

import com.fasterxml.jackson.databind.JsonNode;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The weights of a Hugging Face model folder, in the order transformers looks for them: {@code model.safetensors},
 * a sharded {@code model.safetensors.index.json}, {@code pytorch_model.bin} (zip or legacy torch.save), or a
 * sharded {@code pytorch_model.bin.index.json}. {@link #readTfTensors()} returns them under google's names and
 * layouts, ready for {@code BertWeights.load}.
 *
 * @param index the file that names the weights: the weights file itself, or the shard index
 * @param shards the weight files (one unless sharded)
 */
public record HfCheckpoint(Path index, List<Path> shards) {

    public static final String SAFETENSORS = "model.safetensors";
    public static final String SAFETENSORS_INDEX = "model.safetensors.index.json";
    public static final String TORCH_BIN = "pytorch_model.bin";
    public static final String TORCH_BIN_INDEX = "pytorch_model.bin.index.json";
    private static final List<String> WEIGHT_FILES = List.of(SAFETENSORS, SAFETENSORS_INDEX, TORCH_BIN,
            TORCH_BIN_INDEX);

    /** The weights in {@code dir}, if it holds any of the four files; nothing is read yet but a shard index. */
    public static Optional<HfCheckpoint> locate(Path dir) {
        for (String name : WEIGHT_FILES) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) {
                return Optional.of(name.endsWith(".index.json") ? sharded(f) : new HfCheckpoint(f, List.of(f)));
            }
        }
        return Optional.empty();
    }

    /** The names of the weight files a Hugging Face folder may hold, for messages. */
    public static List<String> weightFileNames() {
        return WEIGHT_FILES;
    }

    private static HfCheckpoint sharded(Path indexFile) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(indexFile.toFile());
        } catch (IOException e) {
            throw new InputFormatException(indexFile, null, "not a readable JSON shard index: " + e.getMessage());
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.size() == 0) {
            throw new InputFormatException(indexFile, "field weight_map", "shard index without a weight_map");
        }
        Set<Path> files = new LinkedHashSet<>();
        for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
            String shard = it.next().asText();
            Path p = indexFile.resolveSibling(shard).normalize();
            if (shard.contains("/") || shard.contains("\\") || !Files.isRegularFile(p)) {
                throw new InputFormatException(indexFile, "field weight_map", "shard '" + shard
                        + "' is not a file in the model folder");
            }
            files.add(p);
        }
        return new HfCheckpoint(indexFile, List.copyOf(files));
    }

    public boolean isSafetensors() {
        return shards.get(0).getFileName().toString().endsWith(".safetensors");
    }

    /** e.g. "model.safetensors", "model.safetensors.index.json (2 shards)". */
    public String describe() {
        String s = index.getFileName().toString();
        return shards.size() > 1 || !index.equals(shards.get(0)) ? s + " (" + shards.size() + " shard"
                + (shards.size() == 1 ? "" : "s") + ")" : s;
    }

    /** Every tensor of every shard as stored, in file order; a name in two shards is an error. */
    public List<RawTensor> readRaw() throws IOException {
        Map<String, RawTensor> byName = new LinkedHashMap<>();
        for (Path shard : shards) {
            List<RawTensor> tensors = isSafetensors() ? SafeTensors.read(shard) : TorchCheckpoint.read(shard);
            for (RawTensor t : tensors) {
                RawTensor before = byName.putIfAbsent(t.name(), t);
                if (before != null) {
                    throw new InputFormatException(shard, "tensor " + t.name(), "tensor also in " + before.source());
                }
            }
        }
        if (!index.equals(shards.get(0)) || shards.size() > 1) {
            checkIndex(byName.keySet());
        }
        return new ArrayList<>(byName.values());
    }

    private void checkIndex(Set<String> names) throws IOException {
        JsonNode map = Json.MAPPER.readTree(index.toFile()).get("weight_map");
        for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name)) {
                throw new InputFormatException(index, "tensor " + name, "the weight_map names tensor " + name
                        + " but its shard " + map.get(name).asText() + " does not hold it");
            }
        }
    }

    /** What {@link #readTfTensors()} read: google-named float32 tensors and the dtypes widened on the way. */
    public record TfTensors(Map<String, INDArray> tensors, Set<HfDtype> converted, List<String> skipped) {
    }

    /**
     * The tensors under google's names, dense kernels transposed to {@code [in, out]}, float16/bfloat16 widened to
     * float32. Tied copies are checked to equal what they copy, index buffers skipped; an unknown name, a name
     * given twice (e.g. both {@code LayerNorm.weight} and {@code LayerNorm.gamma}) or an unsupported dtype is an
     * error naming the tensor.
     */
    public TfTensors readTfTensors() throws IOException {
        List<RawTensor> raw = readRaw();
        boolean bare = isBareModel(raw);
        Map<String, INDArray> out = new LinkedHashMap<>();
        Map<String, String> fromHf = new LinkedHashMap<>();
        Set<HfDtype> converted = EnumSet.noneOf(HfDtype.class);
        List<String> problems = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        RawTensor tiedDecoder = null;
        RawTensor decoderBias = null;
        for (RawTensor t : raw) {
            String name = modelName(t.name(), bare);
            Optional<HfNames.Skipped> skip = HfNames.skipped(name);
            if (skip.isPresent()) {
                skipped.add(t.name());
                if (skip.get() == HfNames.Skipped.TIED_DECODER_WEIGHT) {
                    tiedDecoder = t;
                } else if (skip.get() == HfNames.Skipped.TIED_DECODER_BIAS) {
                    decoderBias = t;
                }
                continue;
            }
            Optional<HfNames.TfName> tf = HfNames.toTf(name);
            if (tf.isEmpty()) {
                problems.add("unexpected tensor " + t.name() + " " + Arrays.toString(t.shape())
                        + " (not a BERT parameter the workbench knows)");
                continue;
            }
            String tfName = tf.get().name();
            if (fromHf.containsKey(tfName)) {
                problems.add("tensors " + fromHf.get(tfName) + " and " + t.name() + " are both " + tfName);
                continue;
            }
            if (!t.dtype().loadable()) {
                problems.add("tensor " + t.name() + " has unsupported dtype " + t.dtype()
                        + " (supported: F32, F16, BF16)");
                continue;
            }
            if (tf.get().transpose() && t.shape().length != 2) {
                problems.add("tensor " + t.name() + " has shape " + Arrays.toString(t.shape())
                        + ", expected a 2-D dense weight [out, in]");
                continue;
            }
            if (t.dtype() != HfDtype.F32) {
                converted.add(t.dtype());
            }
            INDArray a = t.toFloat();
            out.put(tfName, tf.get().transpose() ? a.transpose().dup('c') : a);
            fromHf.put(tfName, t.name());
        }
        if (tiedDecoder != null) {
            INDArray words = out.get("bert/embeddings/word_embeddings");
            if (words != null && !tiedDecoder.dtype().loadable()) {
                problems.add("tensor " + tiedDecoder.name() + " has unsupported dtype " + tiedDecoder.dtype());
            } else if (words != null && !words.equals(tiedDecoder.toFloat())) {
                problems.add("tensor " + tiedDecoder.name() + " differs from the word embeddings: the workbench ties"
                        + " the MLM decoder to them, as google's BERT does");
            }
        }
        if (decoderBias != null && decoderBias.dtype().loadable()) {
            INDArray bias = out.get("cls/predictions/output_bias");
            if (bias == null) {
                out.put("cls/predictions/output_bias", decoderBias.toFloat());
            } else if (!bias.equals(decoderBias.toFloat())) {
                problems.add("tensor " + decoderBias.name() + " differs from cls.predictions.bias (they are tied)");
            }
        }
        if (!problems.isEmpty()) {
            throw new InputFormatException(index, problems.size() + " problem(s)",
                    "weights do not fit a BERT model:\n  " + String.join("\n  ", problems));
        }
        return new TfTensors(out, converted, skipped);
    }

    /** A bare {@code BertModel} saves its body without the {@code bert.} prefix. */
    static boolean isBareModel(List<RawTensor> raw) {
        return raw.stream().noneMatch(t -> t.name().startsWith("bert."));
    }

    /** The name with the {@code bert.} prefix a bare {@code BertModel}'s body lacks. */
    static String modelName(String name, boolean bare) {
        if (bare && (name.startsWith("embeddings.") || name.startsWith("encoder.") || name.startsWith("pooler."))) {
            return "bert." + name;
        }
        return name;
    }
}
