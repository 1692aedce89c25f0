package org.clinicalbert.workbench.hf;

import org.clinicalbert.workbench.checkpoint.BertHead;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the weights of a Hugging Face folder hold, for {@code workbench checkpoint inspect}: each tensor as stored
 * (name, dtype, shape) with the google name it loads as, the parameter count, the dtypes that loading widens to
 * float32, and the BERT heads present.
 */
public record HfSummary(String weights, List<Row> tensors, long parameterCount, Set<HfDtype> converted,
                        Set<BertHead> heads) {

    /**
     * One stored tensor; {@code tfName} empty for tied copies and buffers the workbench does not load, and for
     * unknown names (which loading refuses), told apart by {@code skipped}.
     */
    public record Row(String name, HfDtype dtype, long[] shape, Optional<String> tfName, boolean skipped) {
    }

    public static HfSummary of(HfCheckpoint checkpoint) throws IOException {
        List<Row> rows = new ArrayList<>();
        long params = 0;
        Set<HfDtype> converted = EnumSet.noneOf(HfDtype.class);
        Set<BertHead> heads = EnumSet.noneOf(BertHead.class);
        List<RawTensor> raw = checkpoint.readRaw();
        boolean bare = HfCheckpoint.isBareModel(raw);
        for (RawTensor t : raw) {
            String name = HfCheckpoint.modelName(t.name(), bare);
            boolean skipped = HfNames.skipped(name).isPresent();
            Optional<String> tf = skipped ? Optional.empty() : HfNames.toTf(name).map(HfNames.TfName::name);
            rows.add(new Row(t.name(), t.dtype(), t.shape(), tf, skipped));
            if (tf.isPresent()) {
                params += t.numElements();
                if (t.dtype() != HfDtype.F32) {
                    converted.add(t.dtype());
                }
                for (BertHead h : BertHead.values()) {
                    if (h.owns(tf.get())) {
                        heads.add(h);
                    }
                }
            }
        }
        return new HfSummary(checkpoint.describe(), rows, params, converted, heads);
    }
}
