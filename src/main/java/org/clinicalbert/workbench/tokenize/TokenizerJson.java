package org.clinicalbert.workbench.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code tokenizer.json} (the tokenizers library's file, which transformers 5 writes instead of vocab.txt), read
 * only where it is BERT's tokenizer exactly: a {@code WordPiece} model, the {@code BertNormalizer}, the
 * {@code BertPreTokenizer}, and a post-processor that is [CLS] A [SEP] B [SEP] with type ids 0/1 (the only layout
 * the workbench's encoders write). Anything else is refused by name: tokenizing almost like the model was trained
 * is worse than not at all.
 *
 * @param vocab     every id: the WordPiece entries and the added tokens, ids as the file gives them
 * @param pieces    the WordPiece model's entries by id, null at ids that are only added tokens
 * @param normalizer the file's normalizer settings (a casing chosen elsewhere replaces its {@code lowercase})
 */
public record TokenizerJson(Path file, Vocab vocab, List<String> pieces, String continuingSubwordPrefix,
                            int maxInputCharsPerWord, BertNormalizer normalizer, List<AddedToken> addedTokens) {

    public static final String FILE = "tokenizer.json";
    /** transformers' default for BERT; google's tokenization.py has 200. */
    public static final int HF_MAX_INPUT_CHARS_PER_WORD = 100;
    private static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
    private static final String SUPPORTED = " (the workbench reads a WordPiece model with BertNormalizer, "
            + "BertPreTokenizer and [CLS] A [SEP] B [SEP] only)";

    /** The tokenizer this file describes, lower-casing as {@code lowerCase} says (which may be another source's). */
    public FullTokenizer tokenizer(boolean lowerCase) {
        BertNormalizer n = normalizer.withLowercase(lowerCase);
        WordPieceTokenizer wp = new WordPieceTokenizer(vocab, pieces, continuingSubwordPrefix, maxInputCharsPerWord);
        return new FullTokenizer(vocab, new HfBertPipeline(n, addedTokens), wp, lowerCase);
    }

    public static TokenizerJson load(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new InputFormatException(file, null, "tokenizer file not found", e);
        } catch (IOException e) {
            throw new InputFormatException(file, null, "not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new InputFormatException(file, null, "not a tokenizer.json: expected a JSON object");
        }
        JsonNode model = root.get("model");
        requireType(file, "model", model, "WordPiece");
        JsonNode norm = root.get("normalizer");
        requireType(file, "normalizer", norm, "BertNormalizer");
        requireType(file, "pre_tokenizer", root.get("pre_tokenizer"), "BertPreTokenizer");

        String unk = text(file, model, "model", "unk_token");
        String prefix = text(file, model, "model", "continuing_subword_prefix");
        int maxChars = integer(file, model, "model", "max_input_chars_per_word");
        JsonNode vocabNode = model.get("vocab");
        if (vocabNode == null || !vocabNode.isObject() || vocabNode.isEmpty()) {
            throw new InputFormatException(file, "model.vocab", "expected the WordPiece vocabulary (token to id)");
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToExactIntegral() || !e.getValue().canConvertToInt()) {
                throw new InputFormatException(file, "model.vocab", "the id of " + PythonStrings.repr(e.getKey())
                        + " is not an integer: " + e.getValue());
            }
            ids.put(e.getKey(), e.getValue().intValue());
        }
        Map<Integer, String> pieceIds = new LinkedHashMap<>();
        ids.forEach((t, i) -> pieceIds.put(i, t));
        List<AddedToken> added = addedTokens(file, root.get("added_tokens"));
        for (AddedToken t : added) {
            Integer existing = ids.get(t.content());
            if (existing != null && existing != t.id()) {
                throw new InputFormatException(file, "added_tokens", "added token " + PythonStrings.repr(t.content())
                        + " has id " + t.id() + " but the vocabulary gives it " + existing);
            }
            if (existing == null) {
                if (pieceIds.containsKey(t.id())) {
                    throw new InputFormatException(file, "added_tokens", "added token "
                            + PythonStrings.repr(t.content()) + " has id " + t.id() + ", which is "
                            + PythonStrings.repr(pieceIds.get(t.id())) + " in the vocabulary");
                }
                ids.put(t.content(), t.id());
            }
        }
        Vocab vocab = Vocab.fromIds(file, ids, unk);
        String[] pieces = new String[vocab.size()];
        pieceIds.forEach((i, t) -> pieces[i] = t);
        checkPostProcessor(file, root.get("post_processor"), vocab);
        BertNormalizer normalizer = new BertNormalizer(bool(file, norm, "normalizer", "clean_text"),
                bool(file, norm, "normalizer", "handle_chinese_chars"), optionalBool(file, norm, "strip_accents"),
                bool(file, norm, "normalizer", "lowercase"));
        return new TokenizerJson(file, vocab, Arrays.asList(pieces), prefix, maxChars, normalizer, List.copyOf(added));
    }

    /**
     * Google's tokenizer over {@code vocab} written as a tokenizer.json: BertNormalizer with the casing, google's
     * 200-character word limit, and the special tokens of the vocabulary as added tokens, as transformers writes
     * them. The tokenizers library differs from google's tokenization.py on rare characters only
     * ({@link BertNormalizer}).
     */
    public static TokenizerJson forVocab(Path file, Vocab vocab, boolean lowerCase) {
        List<AddedToken> specials = new ArrayList<>();
        for (String s : SPECIALS) {
            if (vocab.contains(s)) {
                specials.add(AddedToken.special(vocab.id(s), s));
            }
        }
        specials.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return new TokenizerJson(file, vocab, vocab.tokens(), WordPieceTokenizer.CONTINUATION,
                WordPieceTokenizer.MAX_INPUT_CHARS_PER_WORD, new BertNormalizer(true, true, null, lowerCase),
                List.copyOf(specials));
    }

    /** The same file with another casing in its normalizer (the casing a run tokenized with). */
    public TokenizerJson withLowercase(boolean lowerCase) {
        return new TokenizerJson(file, vocab, pieces, continuingSubwordPrefix, maxInputCharsPerWord,
                normalizer.withLowercase(lowerCase), addedTokens);
    }

    /**
     * Checks a vocab.txt beside this file gives every id the same token (a vocab.txt may leave out added tokens
     * after the WordPiece entries, as transformers' slow tokenizer writes it).
     */
    public void checkAgrees(Vocab vocabTxt, Path vocabFile) {
        int wordPieceEnd = 0;
        for (int i = 0; i < pieces.size(); i++) {
            if (pieces.get(i) != null) {
                wordPieceEnd = i + 1;
            }
        }
        int n = Math.max(vocabTxt.size(), wordPieceEnd);
        for (int i = 0; i < n; i++) {
            String a = i < vocabTxt.size() ? vocabTxt.token(i) : null;
            String b = i < vocab.size() ? vocab.token(i) : null;
            if (a == null || !a.equals(b)) {
                throw new InputFormatException(vocabFile, "line " + (i + 1), "vocab.txt and " + file.getFileName()
                        + " disagree: id " + i + " is " + describe(a) + " in vocab.txt but " + describe(b) + " in "
                        + file.getFileName() + "; remove the stale one");
            }
        }
    }

    private static String describe(String token) {
        return token == null ? "absent" : PythonStrings.repr(token);
    }

    /** The file as the tokenizers library writes it (the fields in its order, the vocabulary by id). */
    public String toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (AddedToken t : addedTokens) {
            added.addObject().put("id", t.id()).put("content", t.content()).put("single_word", t.singleWord())
                    .put("lstrip", t.lstrip()).put("rstrip", t.rstrip()).put("normalized", t.normalized())
                    .put("special", t.special());
        }
        ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "BertNormalizer").put("clean_text", normalizer.cleanText())
                .put("handle_chinese_chars", normalizer.handleChineseChars());
        if (normalizer.stripAccents() == null) {
            norm.putNull("strip_accents");
        } else {
            norm.put("strip_accents", normalizer.stripAccents());
        }
        norm.put("lowercase", normalizer.lowercase());
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        root.set("post_processor", template(vocab));
        root.putObject("decoder").put("type", "WordPiece").put("prefix", continuingSubwordPrefix).put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece").put("unk_token", vocab.unkToken())
                .put("continuing_subword_prefix", continuingSubwordPrefix)
                .put("max_input_chars_per_word", maxInputCharsPerWord);
        ObjectNode v = model.putObject("vocab");
        for (int i = 0; i < pieces.size(); i++) {
            if (pieces.get(i) != null) {
                v.put(pieces.get(i), i);
            }
        }
        try {
            return Json.PRETTY.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** transformers' BERT post-processor: [CLS] A [SEP] for one text, [CLS] A [SEP] B [SEP] (types 0, 1) for two. */
    private static ObjectNode template(Vocab vocab) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode p = f.objectNode();
        p.put("type", "TemplateProcessing");
        ArrayNode single = p.putArray("single");
        special(single, "[CLS]", 0);
        sequence(single, "A", 0);
        special(single, "[SEP]", 0);
        ArrayNode pair = p.putArray("pair");
        special(pair, "[CLS]", 0);
        sequence(pair, "A", 0);
        special(pair, "[SEP]", 0);
        sequence(pair, "B", 1);
        special(pair, "[SEP]", 1);
        ObjectNode specials = p.putObject("special_tokens");
        for (String s : List.of("[CLS]", "[SEP]")) {
            ObjectNode e = specials.putObject(s);
            e.put("id", s);
            e.putArray("ids").add(vocab.id(s));
            e.putArray("tokens").add(s);
        }
        return p;
    }

    private static void special(ArrayNode a, String token, int type) {
        a.addObject().putObject("SpecialToken").put("id", token).put("type_id", type);
    }

    private static void sequence(ArrayNode a, String which, int type) {
        a.addObject().putObject("Sequence").put("id", which).put("type_id", type);
    }

    private static void checkPostProcessor(Path file, JsonNode p, Vocab vocab) {
        for (String s : List.of("[CLS]", "[SEP]")) {
            if (!vocab.contains(s)) {
                throw new InputFormatException(file, "model.vocab", "no " + s + " token" + SUPPORTED);
            }
        }
        String type = typeOf(p);
        if ("BertProcessing".equals(type)) {
            // the older form of the same template: cls and sep as [token, id] pairs
            if (!pairIs(p.get("cls"), "[CLS]", vocab) || !pairIs(p.get("sep"), "[SEP]", vocab)) {
                throw new InputFormatException(file, "post_processor", "BertProcessing with other tokens than "
                        + "[CLS] and [SEP] at their vocabulary ids" + SUPPORTED);
            }
            return;
        }
        if (!"TemplateProcessing".equals(type)) {
            throw unsupported(file, "post_processor", type);
        }
        ObjectNode expected = template(vocab);
        for (String field : List.of("single", "pair", "special_tokens")) {
            if (!expected.get(field).equals(p.get(field))) {
                throw new InputFormatException(file, "post_processor." + field, "TemplateProcessing is not "
                        + "[CLS] A [SEP] B [SEP] with type ids 0/1 and the vocabulary's [CLS]/[SEP] ids" + SUPPORTED);
            }
        }
    }

    private static boolean pairIs(JsonNode pair, String token, Vocab vocab) {
        return pair != null && pair.isArray() && pair.size() == 2 && token.equals(pair.get(0).asText())
                && pair.get(1).isIntegralNumber() && pair.get(1).intValue() == vocab.id(token);
    }

    private static List<AddedToken> addedTokens(Path file, JsonNode node) {
        List<AddedToken> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw new InputFormatException(file, "added_tokens", "expected a list");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            String where = "added_tokens[" + i + "]";
            out.add(new AddedToken(integer(file, t, where, "id"), text(file, t, where, "content"),
                    bool(file, t, where, "single_word"), bool(file, t, where, "lstrip"), bool(file, t, where, "rstrip"),
                    bool(file, t, where, "normalized"), bool(file, t, where, "special")));
        }
        return out;
    }

    private static void requireType(Path file, String field, JsonNode node, String expected) {
        String type = typeOf(node);
        if (!expected.equals(type)) {
            throw unsupported(file, field, type);
        }
    }

    private static InputFormatException unsupported(Path file, String field, String type) {
        return new InputFormatException(file, field, "unsupported tokenizer: " + field + " "
                + (type == null ? "none" : type) + SUPPORTED);
    }

    private static String typeOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode t = node.get("type");
        return t == null || !t.isTextual() ? "without a type" : t.asText();
    }

    private static JsonNode field(Path file, JsonNode node, String where, String name) {
        JsonNode v = node == null ? null : node.get(name);
        if (v == null || v.isNull()) {
            throw new InputFormatException(file, where + "." + name, "missing " + name);
        }
        return v;
    }

    private static String text(Path file, JsonNode node, String where, String name) {
        JsonNode v = field(file, node, where, name);
        if (!v.isTextual()) {
            throw new InputFormatException(file, where + "." + name, name + " must be a string, got " + v);
        }
        return v.asText();
    }

    private static int integer(Path file, JsonNode node, String where, String name) {
        JsonNode v = field(file, node, where, name);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            throw new InputFormatException(file, where + "." + name, name + " must be a whole number, got " + v);
        }
        return v.intValue();
    }

    private static boolean bool(Path file, JsonNode node, String where, String name) {
        JsonNode v = field(file, node, where, name);
        if (!v.isBoolean()) {
            throw new InputFormatException(file, where + "." + name, name + " must be true or false, got " + v);
        }
        return v.booleanValue();
    }

    private static Boolean optionalBool(Path file, JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        return bool(file, node, "normalizer", name);
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }
}
