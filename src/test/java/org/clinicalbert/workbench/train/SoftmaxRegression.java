package org.clinicalbert.workbench.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hand-differentiated softmax regression with input dropout drawn from ND4J's global RNG: small enough to
 * check the training loop's bookkeeping (accumulation, resume, RNG handling) without BERT.
 */
final class SoftmaxRegression implements StepModel {

    private final Map<String, INDArray> params = new LinkedHashMap<>();

    SoftmaxRegression(int features, int classes, long seed) {
        params.put("dense/kernel", Nd4j.rand(DataType.DOUBLE, features, classes).subi(0.5).muli(0.1));
        params.put("dense/bias", Nd4j.zeros(DataType.DOUBLE, classes));
    }

    @Override
    public Map<String, INDArray> parameters() {
        return params;
    }

    private INDArray probs(INDArray x) {
        INDArray logits = x.mmul(params.get("dense/kernel")).addiRowVector(params.get("dense/bias"));
        return Transforms.softmax(logits, true);
    }

    @Override
    public LossAndGradients lossAndGradients(Batch batch, long dropoutSeed) {
        Nd4j.getRandom().setSeed(dropoutSeed);
        INDArray x = batch.feeds().get("x");
        INDArray y = batch.feeds().get("y");
        INDArray keep = Nd4j.rand(DataType.DOUBLE, x.shape()).gt(0.1).castTo(DataType.DOUBLE).divi(0.9);
        INDArray xd = x.mul(keep);
        INDArray p = probs(xd);
        double loss = -Transforms.log(p.mul(y).sum(1), true).meanNumber().doubleValue();
        INDArray d = p.sub(y).divi(x.size(0));
        Map<String, INDArray> g = new LinkedHashMap<>();
        g.put("dense/kernel", xd.transpose().mmul(d));
        g.put("dense/bias", d.sum(0));
        return new LossAndGradients(loss, g);
    }

    @Override
    public Map<String, INDArray> predict(Batch batch) {
        return Map.of("probs", probs(batch.feeds().get("x")));
    }
}
