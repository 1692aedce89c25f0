package org.clinicalbert.workbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.model.BertConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code tools/bench/torch_bert_bench.py} (the same model and step in PyTorch) as a subprocess with the same
 * size, batch, length, iterations and threads, and reads its one-line JSON answer. Skipped, with the reason, when
 * the interpreter is missing ({@link TorchPython} chooses it and checks that it imports torch): the baseline is
 * optional, the workbench figures stand alone.
 */
public final class TorchBaseline {

    public static final Path DEFAULT_SCRIPT = Path.of("tools/bench/torch_bert_bench.py");
    private static final ObjectMapper JSON = Json.MAPPER;

    /** Either the script's JSON answer or why there is none. */
    public record Outcome(JsonNode result, String note) {
        public boolean ran() {
            return result != null;
        }

        /** The torch version the script reported, null when it did not run (or an old script said none). */
        public String torchVersion() {
            return ran() && result.hasNonNull("torch_version") ? result.get("torch_version").asText() : null;
        }

        /** Its warm-up and timed iterations, null when it did not run or reported none (the embed script). */
        public StepTimes stepTimes() {
            if (!ran() || !result.has("times") || result.get("times").isEmpty()) {
                return null;
            }
            return new StepTimes(doubles(result.path("warmup_times")), doubles(result.get("times")));
        }

        /**
         * Its profile grouped as the workbench's is, null without one: the script reports each op's self time,
         * input shapes and scope summed over the profiled steps ({@code op_table} in the script).
         */
        public CategoryProfile profile(ProfileCategory.Dimensions dimensions) {
            JsonNode p = ran() ? result.get("profile") : null;
            if (p == null) {
                return null;
            }
            List<OpTime> ops = new ArrayList<>();
            for (JsonNode op : p.get("ops")) {
                List<List<Long>> shapes = new ArrayList<>();
                for (JsonNode shape : op.path("input_shapes")) {
                    List<Long> dims = new ArrayList<>();
                    shape.forEach(d -> dims.add(d.asLong()));
                    shapes.add(dims);
                }
                ops.add(new OpTime(new OpKind(op.get("op").asText(), shapes,
                        op.hasNonNull("scope") ? op.get("scope").asText() : null),
                        op.get("self_s").asDouble(), op.get("calls").asLong()));
            }
            return CategoryProfile.of(dimensions, ops, p.get("steps").asInt(), p.get("wall_s").asDouble(), 0);
        }

        private static List<Double> doubles(JsonNode array) {
            List<Double> out = new ArrayList<>();
            array.forEach(v -> out.add(v.asDouble()));
            return out;
        }
    }

    private final Path python;
    private final Path script;
    private final long timeoutMinutes;

    public TorchBaseline(Path python, Path script, long timeoutMinutes) {
        this.python = python;
        this.script = script;
        this.timeoutMinutes = timeoutMinutes;
    }

    /** The command line for {@code settings}; with {@code profile}, torch.profiler records the timed steps. */
    public List<String> command(BenchSettings settings, boolean profile) {
        BertConfig c = settings.size().config();
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(),
                "--layers", "" + c.numHiddenLayers(), "--hidden", "" + c.hiddenSize(),
                "--heads", "" + c.numAttentionHeads(), "--intermediate", "" + c.intermediateSize(),
                "--vocab", "" + c.vocabSize(), "--batch", "" + settings.batch(), "--seq", "" + settings.seq(),
                "--iters", "" + settings.iters(), "--warmup", "" + settings.warmup(),
                "--threads", "" + settings.threads(), "--mode", settings.mode().label()));
        if (profile) {
            cmd.add("--profile");
        }
        return cmd;
    }

    public Outcome run(BenchSettings settings, boolean profile) throws InterruptedException {
        return run(command(settings, profile), settings.threads());
    }

    /** The script with its own arguments ({@code command}: interpreter, script, arguments), on {@code threads}. */
    public List<String> command(List<String> arguments) {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString()));
        cmd.addAll(arguments);
        return cmd;
    }

    /** Runs {@code command} (from {@link #command}) with {@code threads} OpenMP/MKL threads. */
    public Outcome run(List<String> command, int threads) throws InterruptedException {
        if (!Files.isExecutable(python)) {
            return new Outcome(null, "torch baseline skipped: " + python + " not found");
        }
        if (!Files.isRegularFile(script)) {
            return new Outcome(null, "torch baseline skipped: script " + script + " not found (run from the repository root)");
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            // torch.set_num_threads covers intra-op; OMP_NUM_THREADS also caps the OpenMP pool it starts with
            pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
            pb.environment().put("MKL_NUM_THREADS", Integer.toString(threads));
            Path stderr = Files.createTempFile("torch-bench", ".err");
            try {
                pb.redirectError(stderr.toFile());
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    return new Outcome(null, "torch baseline timed out after " + timeoutMinutes + " min");
                }
                if (p.exitValue() != 0) {
                    return new Outcome(null, "torch baseline failed (exit " + p.exitValue() + "): "
                            + tail(Files.readString(stderr)));
                }
                return parse(out);
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            return new Outcome(null, "torch baseline could not run: " + e.getMessage());
        }
    }

    /** The last line of {@code stdout} that is a JSON object with tokens_per_s. */
    static Outcome parse(String stdout) {
        String[] lines = stdout.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].trim();
            if (line.startsWith("{")) {
                try {
                    JsonNode node = JSON.readTree(line);
                    if (node.hasNonNull("tokens_per_s")) {
                        return new Outcome(node, null);
                    }
                } catch (IOException e) {
                    // not the result line; keep looking
                }
            }
        }
        return new Outcome(null, "torch baseline printed no result line: " + tail(stdout));
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 400 ? "..." + t.substring(t.length() - 400) : t;
    }
}
