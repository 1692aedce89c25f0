package org.clinicalbert.workbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.clinicalbert.workbench.checkpoint.BertHead;
import org.clinicalbert.workbench.checkpoint.CheckpointSummary;
import org.clinicalbert.workbench.checkpoint.TensorEntry;
import org.clinicalbert.workbench.checkpoint.TfCheckpointReader;
import org.clinicalbert.workbench.checkpoint.CheckpointLocator;
import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.modelfolder.ModelLayout;
import org.clinicalbert.workbench.hf.HfCheckpoint;
import org.clinicalbert.workbench.hf.HfSummary;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** {@code workbench checkpoint inspect DIR}: variables, parameter count, optimizer state and heads of a checkpoint. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "List a checkpoint's model variables (dtype, shape), parameter count, optimizer slots and BERT heads; "
                + "for a Hugging Face folder its tensors, the google names they load as, and dtype conversions.")
public final class CheckpointInspectCommand extends WorkbenchCommand {

    @Parameters(index = "0", paramLabel = "DIR",
            description = "Model folder (with *.index / `checkpoint` file, or Hugging Face model.safetensors / "
                    + "pytorch_model.bin) or a checkpoint prefix such as dir/model.ckpt-150000.")
    Path dir;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;


    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        // errors (a missing folder, a bad checkpoint) go to the one error line of ErrorReporter
        Optional<HfCheckpoint> hf = huggingFace(dir);
        if (hf.isPresent()) {
            HfSummary h = HfSummary.of(hf.get());
            if (json) {
                out.println(Json.PRETTY.writeValueAsString(toJson(h)));
            } else {
                printTable(h, out);
            }
            out.flush();
            return 0;
        }
        CheckpointSummary s = CheckpointSummary.of(TfCheckpointReader.openFolder(dir));
        if (json) {
            out.println(Json.PRETTY.writeValueAsString(toJson(s)));
        } else {
            printTable(s, out);
        }
        out.flush();
        return 0;
    }

    /** A folder with transformers' weights and no TF checkpoint is read as a Hugging Face folder. */
    private static Optional<HfCheckpoint> huggingFace(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Optional<HfCheckpoint> hf = HfCheckpoint.locate(dir);
        if (hf.isPresent() && Files.isRegularFile(dir.resolve(ModelFolder.TF_CONFIG))) {
            try {
                CheckpointLocator.locate(dir);
                return Optional.empty();
            } catch (IOException | InputFormatException e) {
                return hf;
            }
        }
        return hf;
    }

    private static void printTable(HfSummary s, PrintWriter out) {
        int width = s.tensors().stream().mapToInt(e -> e.name().length()).max().orElse(8);
        out.printf("layout: %s%n", ModelLayout.HUGGING_FACE.description());
        out.printf("weights: %s%n", s.weights());
        out.printf("%-" + width + "s  %-5s  %-14s  %s%n", "tensor", "dtype", "shape", "loads as");
        for (HfSummary.Row r : s.tensors()) {
            out.printf("%-" + width + "s  %-5s  %-14s  %s%n", r.name(), r.dtype(), Arrays.toString(r.shape()),
                    r.tfName().orElse(r.skipped()
                    ? "(not loaded: tied copy or index buffer)" : "(unknown: loading refuses it)"));
        }
        out.printf("tensors: %d, parameters: %,d%n", s.tensors().size(), s.parameterCount());
        out.printf("dtype conversion: %s%n", s.converted().isEmpty() ? "none (float32)"
                : s.converted() + " converted to float32 on load");
        out.printf("heads: %s%n", s.heads().isEmpty() ? "none" : s.heads());
    }

    private static ObjectNode toJson(HfSummary s) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("layout", ModelLayout.HUGGING_FACE.name());
        root.put("weights", s.weights());
        ArrayNode tensors = root.putArray("tensors");
        for (HfSummary.Row r : s.tensors()) {
            ObjectNode v = tensors.addObject();
            v.put("name", r.name());
            v.put("dtype", r.dtype().name());
            ArrayNode shape = v.putArray("shape");
            Arrays.stream(r.shape()).forEach(shape::add);
            if (r.tfName().isPresent()) {
                v.put("loadsAs", r.tfName().get());
            } else {
                v.putNull("loadsAs");
            }
        }
        root.put("parameterCount", s.parameterCount());
        ArrayNode conv = root.putArray("convertedToFloat32");
        s.converted().forEach(d -> conv.add(d.name()));
        ArrayNode heads = root.putArray("heads");
        s.heads().forEach(h -> heads.add(h.name()));
        return root;
    }

    private static void printTable(CheckpointSummary s, PrintWriter out) {
        int width = s.variables().stream().mapToInt(e -> e.name().length()).max().orElse(8);
        out.printf("layout: %s%n", ModelLayout.TENSORFLOW.description());
        out.printf("checkpoint %s (%d shard%s)%n", s.prefix(), s.numShards(), s.numShards() == 1 ? "" : "s");
        out.printf("%-" + width + "s  %-8s  %s%n", "variable", "dtype", "shape");
        for (TensorEntry e : s.variables()) {
            out.printf("%-" + width + "s  %-8s  %s%n", e.name(), e.dtype(), Arrays.toString(e.shape()));
        }
        out.printf("model variables: %d, parameters: %,d%n", s.variables().size(), s.parameterCount());
        out.printf("optimizer slots: %d%n", s.optimizerSlotCount());
        out.printf("global_step: %s%n", s.globalStep().isPresent() ? Long.toString(s.globalStep().getAsLong()) : "absent");
        out.printf("heads: %s%n", s.heads().isEmpty() ? "none" : s.heads());
    }

    private static ObjectNode toJson(CheckpointSummary s) {
        ObjectMapper m = Json.MAPPER;
        ObjectNode root = m.createObjectNode();
        root.put("layout", ModelLayout.TENSORFLOW.name());
        root.put("prefix", s.prefix());
        root.put("numShards", s.numShards());
        ArrayNode vars = root.putArray("variables");
        for (TensorEntry e : s.variables()) {
            ObjectNode v = vars.addObject();
            v.put("name", e.name());
            v.put("dtype", e.dtype().toString());
            ArrayNode shape = v.putArray("shape");
            Arrays.stream(e.shape()).forEach(shape::add);
        }
        root.put("parameterCount", s.parameterCount());
        root.put("optimizerSlotCount", s.optimizerSlotCount());
        if (s.globalStep().isPresent()) {
            root.put("globalStep", s.globalStep().getAsLong());
        } else {
            root.putNull("globalStep");
        }
        ArrayNode heads = root.putArray("heads");
        for (BertHead h : s.heads()) {
            heads.add(h.name());
        }
        return root;
    }
}
