package org.clinicalbert.workbench.checkpoint;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointSummaryTest {

    @Test
    void countsParametersOfModelVariablesOnly() throws IOException {
        Map<String, ReferenceTensors.Tensor> ref = ReferenceTensors.load(ReferenceTensors.resource("tensors.json"));
        long params = 0;
        int slots = 0;
        for (ReferenceTensors.Tensor t : ref.values()) {
            if (t.name().endsWith("/adam_m") || t.name().endsWith("/adam_v")) {
                slots++;
            } else if (!t.name().equals("global_step")) {
                params += t.floats() != null ? t.floats().length : t.longs().length;
            }
        }
        CheckpointSummary s = CheckpointSummary.of(
                TfCheckpointReader.openFolder(ReferenceTensors.resource("tf")));
        assertEquals(params, s.parameterCount());
        assertEquals(slots, s.optimizerSlotCount());
        assertEquals(150000L, s.globalStep().orElseThrow());
        assertEquals(EnumSet.allOf(BertHead.class), s.heads());
        assertTrue(s.variables().stream().allMatch(e -> e.kind() == VariableKind.MODEL));
    }

    @Test
    void encoderOnlyCheckpointHasNoHeadsButPooler() throws IOException {
        CheckpointSummary s = CheckpointSummary.of(
                TfCheckpointReader.openFolder(ReferenceTensors.resource("odd-dtype")));
        assertEquals(Set.of(BertHead.POOLER), s.heads());
        assertEquals(2, s.parameterCount(), "the string tensor is listed but holds no parameters");
        assertTrue(s.globalStep().isEmpty());
        assertEquals(0, s.optimizerSlotCount());
    }

    @Test
    void classifiesOptimizerStateByName() {
        assertEquals(VariableKind.OPTIMIZER_SLOT, VariableKind.of("bert/pooler/dense/kernel/adam_m"));
        assertEquals(VariableKind.OPTIMIZER_SLOT, VariableKind.of("bert/pooler/dense/kernel/adam_v"));
        assertEquals(VariableKind.OPTIMIZER_SLOT, VariableKind.of("output_weights/Adam_1"));
        assertEquals(VariableKind.OPTIMIZER_SLOT, VariableKind.of("beta1_power"));
        assertEquals(VariableKind.GLOBAL_STEP, VariableKind.of("global_step"));
        assertEquals(VariableKind.MODEL, VariableKind.of("bert/encoder/layer_0/attention/self/query/kernel"));
        assertEquals(VariableKind.MODEL, VariableKind.of("cls/predictions/output_bias"));
        // a word that merely contains "adam" is not a slot
        assertEquals(VariableKind.MODEL, VariableKind.of("bert/adam_mixer/kernel"));
    }

    @Test
    void headsByName() {
        assertTrue(BertHead.SEQUENCE_CLASSIFIER.owns("output_weights"));
        assertTrue(!BertHead.SEQUENCE_CLASSIFIER.owns("cls/seq_relationship/output_weights"));
        assertTrue(BertHead.NSP.owns("cls/seq_relationship/output_weights"));
        assertTrue(BertHead.MLM.owns("cls/predictions/transform/dense/kernel"));
        assertTrue(BertHead.POOLER.owns("bert/pooler/dense/bias"));
    }
}
