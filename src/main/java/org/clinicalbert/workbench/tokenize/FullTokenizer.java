package org.clinicalbert.workbench.tokenize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * google BERT's {@code FullTokenizer}: {@link BasicTokenizer} then {@link WordPieceTokenizer}, reproducing
 * google's {@code tokenization.py} token for token (checked against it on golden files in the tests); or, for a
 * folder with a {@code tokenizer.json}, the tokenizers library's BERT pipeline ({@link TokenizerJson}), checked
 * against transformers' fast tokenizer the same way.
 *
 * <p>Written here rather than using DL4J's {@code BertWordPieceTokenizerFactory} (deeplearning4j-nlp
 * 1.0.0-M2.1) because that one does not reproduce google's output: on the 361 golden lines in
 * {@code src/test/resources/tokenizer/} it differs on 145 (cased) and 107 (uncased), see
 * {@code Dl4jBertTokenizerDivergenceTest}. Causes seen there:
 * <ul>
 *   <li>a word the vocabulary cannot cover is not [UNK]: DL4J drops the uncovered characters, e.g.
 *       "unknown☃word" gives un ##k ##no ##w ##n ##w ##or ##d instead of [UNK];</li>
 *   <li>no 200-character limit: "x" × 201 gives 201 pieces instead of [UNK];</li>
 *   <li>U+2028/U+2029 do not split words ("line", U+2028, "separator" gives lin ##e ##s ##e ##pa ##r ##at ##or,
 *       google lin ##e separator);</li>
 *   <li>lower-casing per character, without the final-sigma rule ("ΣΟΦΙΑΣ" gives σοφια ##σ, google σοφιας).</li>
 * </ul>
 * Wrong or missing [UNK]s shift every later position, so DL4J's output would not match a google-trained
 * checkpoint.
 *
 * <p>Immutable and thread-safe.
 */
public final class FullTokenizer {

    /** What runs before WordPiece: google's basic tokenizer, or a tokenizer.json's normalizer and pre-tokenizer. */
    interface Pretokenization {
        /** Appends the tokens of {@code text} to {@code out}, handing each word to {@code wordPiece}. */
        void tokenize(String text, WordPieceTokenizer wordPiece, List<String> out);
    }

    private final Vocab vocab;
    private final boolean doLowerCase;
    private final Pretokenization pretokenization;
    private final WordPieceTokenizer wordPiece;

    /** google's tokenizer over a vocab.txt. */
    public FullTokenizer(Vocab vocab, boolean doLowerCase) {
        this.vocab = vocab;
        this.doLowerCase = doLowerCase;
        BasicTokenizer basic = new BasicTokenizer(doLowerCase);
        this.pretokenization = (text, wp, out) -> {
            for (String word : basic.tokenize(text)) {
                wp.tokenizeWord(word, out);
            }
        };
        this.wordPiece = new WordPieceTokenizer(vocab);
    }

    /** The tokenizers library's BERT pipeline, as a {@link TokenizerJson} describes it. */
    FullTokenizer(Vocab vocab, Pretokenization pretokenization, WordPieceTokenizer wordPiece, boolean doLowerCase) {
        this.vocab = vocab;
        this.doLowerCase = doLowerCase;
        this.pretokenization = pretokenization;
        this.wordPiece = wordPiece;
    }

    /** Clinical/BioBERT vocabularies are cased: pass {@code doLowerCase=false} for them. */
    public static FullTokenizer fromVocabFile(Path vocabTxt, boolean doLowerCase) {
        return new FullTokenizer(Vocab.load(vocabTxt), doLowerCase);
    }

    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        pretokenization.tokenize(text, wordPiece, out);
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
