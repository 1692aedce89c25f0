package org.clinicalbert.workbench.tokenize;

import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.UserInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT {@code vocab.txt}: one token per line, the id is the (0-based) line index, as google's
 * {@code load_vocab}. Each line is stripped of Python whitespace (so "\r\n" endings work). Unlike google, which
 * silently lets a later duplicate win, a duplicate token is an error: it would shift ids against the checkpoint's
 * embedding rows. A blank line is kept as the token "" so later ids stay aligned, as google does.
 */
public final class Vocab {

    public static final String UNK = "[UNK]";

    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final String unkToken;
    private final int unkId;
    /** {@link #sha256()}, hashed on first use: the tokens never change. */
    private volatile String sha256;

    private Vocab(List<String> tokens, Map<String, Integer> ids) {
        this(tokens, ids, UNK);
    }

    private Vocab(List<String> tokens, Map<String, Integer> ids, String unkToken) {
        this.tokens = Collections.unmodifiableList(tokens);
        this.ids = ids;
        this.unkToken = unkToken;
        this.unkId = ids.get(unkToken);
    }

    /**
     * A vocabulary given as token → id (a {@code tokenizer.json}'s): the ids are taken as given, and must run from 0
     * without gaps or repeats, as embedding rows do.
     *
     * @param file     the file the map came from, for errors
     * @param unkToken the unknown token's name ({@code unk_token}), which must be in the map
     */
    public static Vocab fromIds(Path file, Map<String, Integer> tokenIds, String unkToken) {
        String[] byId = new String[tokenIds.size()];
        for (Map.Entry<String, Integer> e : tokenIds.entrySet()) {
            int id = e.getValue();
            if (id < 0 || id >= byId.length) {
                throw new InputFormatException(file, "token " + PythonStrings.repr(e.getKey()), "id " + id
                        + " is outside 0.." + (byId.length - 1) + " (ids must run from 0 without gaps)");
            }
            if (byId[id] != null) {
                throw new InputFormatException(file, "token " + PythonStrings.repr(e.getKey()), "id " + id
                        + " is also the id of " + PythonStrings.repr(byId[id]));
            }
            byId[id] = e.getKey();
        }
        if (!tokenIds.containsKey(unkToken)) {
            throw new InputFormatException(file, null, "the vocabulary has no unk_token " + PythonStrings.repr(unkToken));
        }
        return new Vocab(new ArrayList<>(List.of(byId)), new HashMap<>(tokenIds), unkToken);
    }

    /** Reads a UTF-8 vocabulary file; every format problem is an {@link InputFormatException} naming the file. */
    public static Vocab load(Path vocabTxt) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(vocabTxt);
        } catch (NoSuchFileException e) {
            throw new InputFormatException(vocabTxt, null, "vocab file not found", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vocab file " + vocabTxt, e);
        }
        if (bytes.length == 0) {
            throw new InputFormatException(vocabTxt, null, "vocab file is empty");
        }
        List<String> tokens = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int lineNo = tokens.size() + 1;
            String token = PythonStrings.strip(decodeLine(vocabTxt, lineNo, bytes, start, end));
            Integer previous = ids.putIfAbsent(token, tokens.size());
            if (previous != null) {
                throw new InputFormatException(vocabTxt, "line " + lineNo,
                        "duplicate token '" + token + "' (first on line " + (previous + 1) + ")");
            }
            tokens.add(token);
            start = end + 1;
        }
        if (!ids.containsKey(UNK)) {
            throw new InputFormatException(vocabTxt, null, "vocab has no " + UNK + " token");
        }
        return new Vocab(tokens, ids);
    }

    /** Builds a vocabulary from tokens in id order (for tests and synthetic models). */
    public static Vocab of(List<String> tokens) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.putIfAbsent(tokens.get(i), i) != null) {
                throw new UserInputException("duplicate token '" + tokens.get(i) + "' at id " + i);
            }
        }
        if (!ids.containsKey(UNK)) {
            throw new UserInputException("vocab has no " + UNK + " token");
        }
        return new Vocab(new ArrayList<>(tokens), ids);
    }

    private static String decodeLine(Path file, int lineNo, byte[] bytes, int start, int end) {
        return org.clinicalbert.workbench.io.StrictUtf8.decodeLine(file, lineNo, start,
                ByteBuffer.wrap(bytes, start, end - start));
    }

    public int size() {
        return tokens.size();
    }

    /** The id of {@code token}, or -1 when it is not in the vocabulary. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IndexOutOfBoundsException("token id " + id + " outside vocab of size " + tokens.size());
        }
        return tokens.get(id);
    }

    /** All tokens in id order (unmodifiable). */
    public List<String> tokens() {
        return tokens;
    }

    /**
     * The SHA-256 of this vocabulary's tokens in id order: what manifests of data prepared with it record
     * ({@code vocab_sha256}), so that data is never read with another vocabulary of the same size.
     */
    public String sha256() {
        String h = sha256;
        if (h == null) {
            sha256 = h = sha256(tokens);
        }
        return h;
    }

    /** {@link #sha256()} of a vocabulary given as its tokens in id order. */
    public static String sha256(List<String> tokens) {
        return org.clinicalbert.workbench.io.Sha256.of(String.join("\n", tokens));
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The token a word the vocabulary cannot cover becomes: google's [UNK], or a tokenizer.json's unk_token. */
    public String unkToken() {
        return unkToken;
    }

    public int unkId() {
        return unkId;
    }

    /** Ids of {@code tokens}; a token not in the vocabulary maps to {@link #unkId()}. */
    public int[] ids(List<String> tokens) {
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.getOrDefault(tokens.get(i), unkId);
        }
        return out;
    }
}
