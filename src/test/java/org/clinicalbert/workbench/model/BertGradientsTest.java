package org.clinicalbert.workbench.model;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gradients drive learning: plain SGD steps on the fixture batch lower the pretraining loss. */
class BertGradientsTest {

    @Test
    void sgdStepsLowerTheLoss() {
        BertGraph g = BertGraph.build(TinyBertFixture.config(), BertGraph.Mode.INFERENCE);
        SDVariable loss = MaskedLmHead.attach(g).loss().add(NextSentenceHead.attach(g).loss());
        BertWeights.load(g, TinyBertFixture.weights(), Path.of("weights.json"), 1);
        BertGradients gradients = new BertGradients(g, loss);
        Map<String, INDArray> feed = BertGraphGoldenTest.pretrainingFeed(g);

        double first = gradients.compute(feed).loss();
        double previous = first;
        for (int step = 0; step < 3; step++) {
            BertGradients.Result r = gradients.compute(feed);
            // parameters updated in place: the next compute must see them (no stale cached arrays)
            r.gradients().forEach((name, grad) -> g.sameDiff().getVariable(name).getArr().subi(grad.mul(0.05)));
            double now = gradients.compute(feed).loss();
            assertTrue(now < previous, "step " + step + ": loss " + now + " not below " + previous);
            previous = now;
        }
        assertTrue(previous < first - 0.1, "three steps lowered the loss from " + first + " to " + previous);
    }
}
