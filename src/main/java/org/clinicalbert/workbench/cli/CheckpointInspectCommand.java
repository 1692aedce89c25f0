package org.clinicalbert.workbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.clinicalbert.workbench.checkpoint.BertHead;
import org.clinicalbert.workbench.checkpoint.CheckpointSummary;
import org.clinicalbert.workbench.checkpoint.TensorEntry;
import org.clinicalbert.workbench.checkpoint.TfCheckpointReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code workbench checkpoint inspect DIR}: variables, parameter count, optimizer state and heads of a checkpoint. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "List a checkpoint's model variables (dtype, shape), parameter count, optimizer slots and BERT heads.")
public final class CheckpointInspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR",
            description = "Model folder (with *.index / `checkpoint` file) or a checkpoint prefix such as dir/model.ckpt-150000.")
    Path dir;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CheckpointSummary s = CheckpointSummary.of(TfCheckpointReader.openFolder(dir));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(s)));
        } else {
            printTable(s, out);
        }
        out.flush();
        return 0;
    }

    private static void printTable(CheckpointSummary s, PrintWriter out) {
        int width = s.variables().stream().mapToInt(e -> e.name().length()).max().orElse(8);
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
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
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
