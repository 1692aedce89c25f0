package org.clinicalbert.workbench.experiment.config;

import static org.clinicalbert.workbench.experiment.config.ConfigKey.optional;
import static org.clinicalbert.workbench.experiment.config.ConfigKey.required;
import static org.clinicalbert.workbench.experiment.config.ConfigKey.section;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.clinicalbert.workbench.experiment.config.ConfigKey.Kind;
import org.clinicalbert.workbench.io.UserInputException;

/**
 * Maps initialisation names ({@code clinical-bert}, ...) to the checkpoint folders the user downloaded,
 * as listed in {@code config/models.yaml}. Registry folders live under the models directory: the
 * {@code --models-dir} option, else the {@code CLINICALBERT_MODELS_DIR} environment variable, else
 * {@code models/} in the working directory.
 */
public final class ModelRegistry {

    public static final String ENV_MODELS_DIR = "CLINICALBERT_MODELS_DIR";
    public static final Path DEFAULT_FILE = Path.of("config", "models.yaml");

    /** Files a checkpoint folder must hold for the workbench to build and tokenise for it. */
    private static final String[] REQUIRED_FILES = {"bert_config.json", "vocab.txt"};

    private static final ConfigKey ENTRY = section("", "a model",
            optional("folder", Kind.PATH, null, "checkpoint folder under the models directory"),
            optional("path", Kind.PATH, null, "folder relative to the working directory, instead of folder"),
            required("paper_name", Kind.STRING, "the results-table row name"),
            required("source", Kind.STRING, "where to get the checkpoint"),
            optional("casing", Kind.STRING, null, "cased or uncased; used when the folder has no "
                    + "tokenizer_config.json (default: from the vocabulary)").oneOf(List.of("cased", "uncased")));

    private final Path file;
    private final Path modelsDir;
    private final Path baseDir;
    private final Map<String, ModelEntry> entries;

    private ModelRegistry(Path file, Path modelsDir, Path baseDir, Map<String, ModelEntry> entries) {
        this.file = file;
        this.modelsDir = modelsDir;
        this.baseDir = baseDir;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** The models directory: option, else environment variable, else {@code <baseDir>/models}. */
    public static Path modelsDir(Path option, Map<String, String> env, Path baseDir) {
        if (option != null) {
            return option;
        }
        String fromEnv = env.get(ENV_MODELS_DIR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return baseDir.resolve("models");
    }

    /**
     * Reads a registry file.
     *
     * @param modelsDir where {@code folder} entries live
     * @param baseDir   what {@code path} entries are relative to (the working directory, normally the repo root)
     */
    public static ModelRegistry load(Path file, Path modelsDir, Path baseDir) {
        YamlFile yaml = YamlFile.read(file);
        ObjectNode root = yaml.tree();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("models")) {
                throw yaml.error(key, "unknown key" + Suggest.didYouMean(key, Set.of("models"))
                        + " The registry has one key: models");
            }
        }
        JsonNode models = root.get("models");
        if (models == null || !models.isObject() || models.isEmpty()) {
            throw yaml.error("models", "expected a mapping of model names to entries");
        }
        SchemaValidator validator = new SchemaValidator(file, yaml.locations());
        Map<String, ModelEntry> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String prefix = "models." + e.getKey();
            if (!e.getValue().isObject()) {
                throw yaml.error(prefix, "expected a mapping (folder or path, paper_name, source), got "
                        + YamlNode.describe(e.getValue()));
            }
            Map<String, Object> v = validator.validate(ENTRY, e.getValue(), prefix);
            Path folder = (Path) v.get("folder");
            Path path = (Path) v.get("path");
            if ((folder == null) == (path == null)) {
                throw yaml.error(prefix, "give exactly one of folder or path");
            }
            String casing = (String) v.get("casing");
            entries.put(e.getKey(), new ModelEntry(e.getKey(), folder, path, (String) v.get("paper_name"),
                    (String) v.get("source"), casing == null ? null : casing.equals("uncased")));
        }
        return new ModelRegistry(file, modelsDir, baseDir, entries);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(entries.keySet()));
    }

    public ModelEntry entry(String name) {
        ModelEntry e = entries.get(name);
        if (e == null) {
            throw new UserInputException("unknown model '" + name + "'" + Suggest.didYouMean(name, entries.keySet())
                    + " Models in " + file + ": " + String.join(", ", names()));
        }
        return e;
    }

    /** The entry's casing (true: uncased, lower-case the text), or null when the entry leaves it to the folder. */
    public Boolean casing(String name) {
        return entry(name).doLowerCase();
    }

    /** Where the model's checkpoint folder should be, whether or not it is there. */
    public Path location(String name) {
        ModelEntry e = entry(name);
        return e.folder() != null ? modelsDir.resolve(e.folder()) : baseDir.resolve(e.path());
    }

    /**
     * The model's checkpoint folder, checked to exist and hold bert_config.json (or config.json) and vocab.txt (or
     * tokenizer.json).
     *
     * @throws MissingCheckpointException saying where the folder should be and where to get it
     */
    public Path resolve(String name) {
        ModelEntry e = entry(name);
        Path dir = location(name);
        String fix = e.folder() != null
                ? " Get it from " + e.source() + ", unpack it so that the folder " + e.folder() + " is in " + modelsDir
                + " (or point --models-dir / " + ENV_MODELS_DIR + " at the folder that holds it)."
                : " " + e.source();
        if (!Files.isDirectory(dir)) {
            throw new MissingCheckpointException(dir, "checkpoint for '" + name + "' (" + e.paperName()
                    + ") not found: no folder " + dir + "." + fix);
        }
        for (String required : REQUIRED_FILES) {
            // a Hugging Face folder has config.json in place of bert_config.json, and transformers 5 writes
            // tokenizer.json in place of vocab.txt
            boolean hfConfig = required.equals("bert_config.json") && Files.isRegularFile(dir.resolve("config.json"));
            boolean hfTokenizer = required.equals("vocab.txt") && Files.isRegularFile(dir.resolve("tokenizer.json"));
            if (!hfConfig && !hfTokenizer && !Files.isRegularFile(dir.resolve(required))) {
                throw new MissingCheckpointException(dir, "checkpoint folder " + dir + " for '" + name + "' has no "
                        + required + "; is it the unpacked checkpoint?" + fix);
            }
        }
        return dir;
    }
}
