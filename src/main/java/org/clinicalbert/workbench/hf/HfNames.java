package org.clinicalbert.workbench.hf;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parameter names between transformers' BERT ({@code bert.encoder.layer.0.attention.self.query.weight}, dense
 * weights {@code [out, in]}) and google's ({@code bert/encoder/layer_0/attention/self/query/kernel}, kernels
 * {@code [in, out]}), both ways. LayerNorm is {@code weight/bias} in transformers and {@code gamma/beta} in google's
 * names and in older transformers checkpoints. Heads: {@code cls.predictions.*} (MLM; its output bias is
 * {@code cls.predictions.bias}, its decoder weight is tied to the word embeddings), {@code cls.seq_relationship.*}
 * (NSP, {@code [2, H]} in both) and the task classifier {@code classifier.*} ({@code [labels, H]}, the
 * workbench's {@code output_weights}/{@code output_bias}).
 */
public final class HfNames {

    /** A google name and whether the tensor is a dense kernel whose two axes swap between the conventions. */
    public record TfName(String name, boolean transpose) {
    }

    /** transformers names the workbench does not load: tied copies and non-parameter buffers. */
    public enum Skipped {
        /** {@code cls.predictions.decoder.weight}: the word embeddings again (checked equal by the loader). */
        TIED_DECODER_WEIGHT,
        /** {@code cls.predictions.decoder.bias}: the MLM output bias again. */
        TIED_DECODER_BIAS,
        /** {@code embeddings.position_ids} / {@code token_type_ids}: index buffers, not weights. */
        BUFFER
    }

    private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.(.+)$");
    private static final Pattern TF_LAYER = Pattern.compile("^encoder/layer_(\\d+)/(.+)$");

    private HfNames() {
    }

    /** What a transformers name that maps to nothing is, if it is one the loader knows to skip. */
    public static Optional<Skipped> skipped(String hfName) {
        String n = hfName;
        if (n.equals("cls.predictions.decoder.weight")) {
            return Optional.of(Skipped.TIED_DECODER_WEIGHT);
        }
        if (n.equals("cls.predictions.decoder.bias")) {
            return Optional.of(Skipped.TIED_DECODER_BIAS);
        }
        if (n.endsWith("embeddings.position_ids") || n.endsWith("embeddings.token_type_ids")) {
            return Optional.of(Skipped.BUFFER);
        }
        return Optional.empty();
    }

    /** The google name of a transformers parameter, or empty if it is not a BERT parameter the workbench knows. */
    public static Optional<TfName> toTf(String hfName) {
        String n = hfName;
        switch (n) {
            case "classifier.weight":
                return Optional.of(new TfName("output_weights", false));
            case "classifier.bias":
                return Optional.of(new TfName("output_bias", false));
            case "cls.predictions.bias":
                return Optional.of(new TfName("cls/predictions/output_bias", false));
            case "cls.seq_relationship.weight":
                return Optional.of(new TfName("cls/seq_relationship/output_weights", false));
            case "cls.seq_relationship.bias":
                return Optional.of(new TfName("cls/seq_relationship/output_bias", false));
            default:
                break;
        }
        String scope;
        String rest;
        if (n.startsWith("bert.")) {
            scope = "bert/";
            rest = n.substring(5);
        } else if (n.startsWith("cls.predictions.transform.")) {
            rest = n.substring("cls.predictions.transform.".length());
            for (String known : new String[]{"dense.", "LayerNorm."}) {
                if (rest.startsWith(known)) {
                    return leaf("cls/predictions/transform/" + known.replace('.', '/'), rest.substring(known.length()));
                }
            }
            return Optional.empty();
        } else {
            return Optional.empty();
        }
        if (rest.startsWith("embeddings.")) {
            String e = rest.substring("embeddings.".length());
            for (String table : new String[]{"word_embeddings", "position_embeddings", "token_type_embeddings"}) {
                if (e.equals(table + ".weight")) {
                    return Optional.of(new TfName("bert/embeddings/" + table, false));
                }
            }
            return e.startsWith("LayerNorm.") ? leaf("bert/embeddings/LayerNorm/", e.substring("LayerNorm.".length()))
                    : Optional.empty();
        }
        Matcher m = LAYER.matcher(rest);
        if (m.matches()) {
            String p = "bert/encoder/layer_" + m.group(1) + "/";
            String r = m.group(2);
            for (String known : new String[]{"attention.self.query.", "attention.self.key.", "attention.self.value.",
                    "attention.output.dense.", "attention.output.LayerNorm.", "intermediate.dense.", "output.dense.",
                    "output.LayerNorm."}) {
                if (r.startsWith(known)) {
                    return leaf(p + known.replace('.', '/'), r.substring(known.length()));
                }
            }
            return Optional.empty();
        }
        if (rest.startsWith("pooler.dense.")) {
            return leaf("bert/pooler/dense/", rest.substring("pooler.dense.".length()));
        }
        return Optional.empty();
    }

    /** {@code weight|bias|gamma|beta} under a dense or LayerNorm scope. */
    private static Optional<TfName> leaf(String scope, String leaf) {
        boolean layerNorm = scope.endsWith("LayerNorm/");
        return switch (leaf) {
            case "weight" -> Optional.of(new TfName(scope + (layerNorm ? "gamma" : "kernel"), !layerNorm));
            case "bias" -> Optional.of(new TfName(scope + (layerNorm ? "beta" : "bias"), false));
            case "gamma" -> layerNorm ? Optional.of(new TfName(scope + "gamma", false)) : Optional.empty();
            case "beta" -> layerNorm ? Optional.of(new TfName(scope + "beta", false)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /**
     * The transformers name of a google variable (modern {@code LayerNorm.weight/bias}), and whether to transpose;
     * empty for optimizer state and other non-model names.
     */
    public static Optional<TfName> toHf(String tfName) {
        switch (tfName) {
            case "output_weights":
                return Optional.of(new TfName("classifier.weight", false));
            case "output_bias":
                return Optional.of(new TfName("classifier.bias", false));
            case "cls/predictions/output_bias":
                return Optional.of(new TfName("cls.predictions.bias", false));
            case "cls/seq_relationship/output_weights":
                return Optional.of(new TfName("cls.seq_relationship.weight", false));
            case "cls/seq_relationship/output_bias":
                return Optional.of(new TfName("cls.seq_relationship.bias", false));
            default:
                break;
        }
        if (tfName.startsWith("bert/embeddings/") && tfName.endsWith("_embeddings")) {
            return Optional.of(new TfName(tfName.replace('/', '.') + ".weight", false));
        }
        if (!tfName.startsWith("bert/") && !tfName.startsWith("cls/predictions/transform/")) {
            return Optional.empty();
        }
        String n = tfName;
        Matcher m = TF_LAYER.matcher(n.startsWith("bert/") ? n.substring(5) : n);
        if (m.matches()) {
            n = "bert/encoder.layer." + m.group(1) + "/" + m.group(2);
        }
        int slash = n.lastIndexOf('/');
        String scope = n.substring(0, slash).replace('/', '.');
        String leaf = n.substring(slash + 1);
        return switch (leaf) {
            case "kernel" -> Optional.of(new TfName(scope + ".weight", true));
            case "bias" -> Optional.of(new TfName(scope + ".bias", false));
            case "gamma" -> Optional.of(new TfName(scope + ".weight", false));
            case "beta" -> Optional.of(new TfName(scope + ".bias", false));
            default -> Optional.empty();
        };
    }
}
