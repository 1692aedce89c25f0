package org.clinicalbert.workbench.checkpoint;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a checkpoint holds, for {@code workbench checkpoint inspect}: its variables, how many parameters the
 * model variables have, how much optimizer state rides along, and which BERT heads are present.
 */
public record CheckpointSummary(String prefix, int numShards, List<TensorEntry> variables, long parameterCount,
                                int optimizerSlotCount, OptionalLong globalStep, Set<BertHead> heads) {

    public static CheckpointSummary of(TfCheckpointReader reader) throws IOException {
        List<TensorEntry> vars = reader.variables();
        // numeric tensors only: a string table in a checkpoint is not a parameter
        long params = vars.stream().filter(e -> e.dtype().byteSize() > 0).mapToLong(TensorEntry::numElements).sum();
        int slots = (int) reader.entries().stream().filter(e -> e.kind() == VariableKind.OPTIMIZER_SLOT).count();
        OptionalLong step = OptionalLong.empty();
        for (TensorEntry e : reader.entries()) {
            if (e.kind() == VariableKind.GLOBAL_STEP && e.dtype() == TfDataType.INT64 && e.numElements() == 1) {
                step = OptionalLong.of(reader.readLongs(e.name())[0]);
            }
        }
        Set<BertHead> heads = EnumSet.noneOf(BertHead.class);
        for (TensorEntry e : vars) {
            for (BertHead h : BertHead.values()) {
                if (h.owns(e.name())) {
                    heads.add(h);
                }
            }
        }
        return new CheckpointSummary(reader.prefix().toString(), reader.index().header().numShards(), vars, params,
                slots, step, heads);
    }
}
