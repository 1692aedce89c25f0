package org.clinicalbert.workbench.tokenize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * google BERT's {@code FullTokenizer}: {@link BasicTokenizer} then {@link WordPieceTokenizer}, reproducing
 * google's {@code tokenization.py} token for token (checked against it on golden files in the tests).
 *
 * <p>Written here rather than using DL4J's {@code BertWordPieceTokenizerFactory} (deeplearning4j-nlp
 * 1.0.0-M2.1) because that one does not reproduce google's output. Measured on the 3xx golden lines in
 * {@code src/test/resources/tokenizer/} (see {@code Dl4jBertTokenizerDivergenceTest}): DIVERGENCE_SUMMARY
 */
public final class FullTokenizer {

    private final Vocab vocab;
    private final boolean doLowerCase;
    private final BasicTokenizer basic;
    private final WordPieceTokenizer wordPiece;

    public FullTokenizer(Vocab vocab, boolean doLowerCase) {
        this.vocab = vocab;
        this.doLowerCase = doLowerCase;
        this.basic = new BasicTokenizer(doLowerCase);
        this.wordPiece = new WordPieceTokenizer(vocab);
    }

    /** Clinical/BioBERT vocabularies are cased: pass {@code doLowerCase=false} for them. */
    public static FullTokenizer fromVocabFile(Path vocabTxt, boolean doLowerCase) {
        return new FullTokenizer(Vocab.load(vocabTxt), doLowerCase);
    }

    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String word : basic.tokenize(text)) {
            wordPiece.tokenizeWord(word, out);
        }
        return out;
    }

    /** Ids of {@code tokens}; unknown tokens map to [UNK] (google would raise a KeyError). */
    public int[] convertTokensToIds(List<String> tokens) {
        return vocab.ids(tokens);
    }

    public Vocab vocab() {
        return vocab;
    }

    public boolean doLowerCase() {
        return doLowerCase;
    }
}
