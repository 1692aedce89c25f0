package org.clinicalbert.workbench.modelfolder;

import org.clinicalbert.workbench.data.features.PairFeatures;
import org.clinicalbert.workbench.data.features.SentencePairEncoder;
import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.model.BertConfig;
import org.clinicalbert.workbench.model.BertGraph;
import org.clinicalbert.workbench.model.BertWeights;
import org.clinicalbert.workbench.tokenize.Vocab;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Contextual embeddings of a text (pair) from a pre-trained model folder: google's tokenisation and
 * {@code [CLS] a [SEP] b [SEP]} encoding, then the BERT body in inference mode (no dropout) with the
 * checkpoint's weights. The graph is built and loaded once; {@link #encode} may be called many times.
 */
public final class TextEncoder {

    /** run_classifier.py's largest usual max_seq_length; capped by the model's position table. */
    public static final int DEFAULT_MAX_SEQ_LENGTH = 512;

    private final ModelFolder folder;
    private final int maxSeqLength;
    private final SentencePairEncoder pairs;
    private final BertGraph graph;

    private TextEncoder(ModelFolder folder, int maxSeqLength, BertGraph graph) {
        this.folder = folder;
        this.maxSeqLength = maxSeqLength;
        this.pairs = new SentencePairEncoder(folder.tokenizer(), maxSeqLength);
        this.graph = graph;
    }

    /**
     * Opens the folder (config, vocabulary, checkpoint) and loads the weights into an inference graph.
     *
     * @param maxSeqLength word pieces per input including [CLS]/[SEP]; null means
     *                     min({@value #DEFAULT_MAX_SEQ_LENGTH}, max_position_embeddings)
     * @throws org.clinicalbert.workbench.io.InputFormatException naming the file for a missing folder, config,
     *                                                            vocabulary or checkpoint, or a checkpoint that does not fit the config
     */
    public static TextEncoder open(ModelFolder folder, Integer maxSeqLength) {
        BertConfig config = folder.config();
        int length = maxSeqLength == null ? Math.min(DEFAULT_MAX_SEQ_LENGTH, config.maxPositionEmbeddings())
                : maxSeqLength;
        if (length > config.maxPositionEmbeddings()) {
            throw new UserInputException("max_seq_length " + length + " exceeds max_position_embeddings "
                    + config.maxPositionEmbeddings() + " of " + folder.dir().resolve("bert_config.json"));
        }
        BertGraph graph = BertGraph.build(config, BertGraph.Mode.INFERENCE);
        // the index file names the checkpoint in a mismatch report; the seed is unused (no head to initialise)
        BertWeights.load(graph, folder.readWeights(), folder.weightsSource(), 0L);
        return new TextEncoder(folder, length, graph);
    }

    public ModelFolder folder() {
        return folder;
    }

    public int maxSeqLength() {
        return maxSeqLength;
    }

    /** Encodes {@code a} (and {@code b} when not null), truncating as google does, and runs the model. */
    public TextEncoding encode(String a, String b) {
        PairFeatures features = pairs.encode(a, b);
        int untruncated = folder.tokenizer().tokenize(a).size() + 2
                + (b == null ? 0 : folder.tokenizer().tokenize(b).size() + 1);
        Vocab vocab = folder.tokenizer().vocab();
        List<String> tokens = new ArrayList<>(features.length());
        for (int id : features.inputIds()) {
            tokens.add(vocab.token(id));
        }
        return run(tokens, features.inputIds(), features.segmentIds(), untruncated > features.length());
    }

    private TextEncoding run(List<String> tokens, int[] ids, int[] segments, boolean truncated) {
        int t = ids.length;
        INDArray idArray = Nd4j.createFromArray(new int[][]{ids});
        INDArray segmentArray = Nd4j.createFromArray(new int[][]{segments});
        // one unpadded sequence: every position is attended
        INDArray mask = Nd4j.ones(DataType.INT32, 1, t);
        Map<String, INDArray> out = graph.output(graph.feed(idArray, segmentArray, mask),
                BertGraph.SEQUENCE_OUTPUT, BertGraph.POOLED_OUTPUT);
        INDArray sequence = out.get(BertGraph.SEQUENCE_OUTPUT).castTo(DataType.FLOAT).reshape(t, -1);
        float[][] vectors = new float[t][];
        for (int i = 0; i < t; i++) {
            vectors[i] = sequence.getRow(i).dup().toFloatVector();
        }
        float[] pooled = out.get(BertGraph.POOLED_OUTPUT).castTo(DataType.FLOAT).reshape(-1).toFloatVector();
        return new TextEncoding(List.copyOf(tokens), ids.clone(), segments.clone(), vectors, pooled, truncated);
    }
}
