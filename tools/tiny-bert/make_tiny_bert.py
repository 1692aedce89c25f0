#!/usr/bin/python3
"""Writes the tiny-BERT test fixture (src/test/resources/tiny-bert/) and its golden outputs.

An independent reference for the Java graph: google's modeling.py / run_pretraining.py forward pass
re-written in plain torch (float64): tanh GELU, LayerNorm epsilon 1e-12, additive (1 - mask) * -10000
attention mask, pooler tanh on the first token, MLM head (gather -> dense+GELU -> LayerNorm -> tied
embeddings + output_bias, loss sum(w * -log p) / (sum(w) + 1e-5)), NSP head (output_weights [2, H]).
Gradients of (MLM loss + NSP loss) come from torch autograd.

Run with Debian's /usr/bin/python3 (torch 1.13):  /usr/bin/python3 tools/tiny-bert/make_tiny_bert.py
Format of weights.json / golden.json: see TINY_BERT_FORMAT (weights) and the keys written below.
"""
import json
import math
import os
import sys

import torch

SEED = 20191125
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "test", "resources", "tiny-bert")

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = ["the", "patient", "was", "admitted", "with", "chest", "pain", "and", "shortness", "of", "breath",
         "he", "she", "denies", "fever", "history", "hypertension", "diabetes", "on", "exam", "heart",
         "rate", "blood", "pressure", "normal", "no", "acute", "distress", "given", "aspirin", "mg", "daily",
         "discharged", "home", "follow", "up", "in", "clinic", "a", "to", "is", "for", "left", "right",
         "lung", "clear", "ct", "scan", "showed", "mass", "pneumonia", "sepsis", "renal", "failure",
         ".", ",", "(", ")", "-", "/", "1", "2", "3", "4", "5", "0",
         "hyper", "tens", "cardio", "my", "op", "athy", "pneum", "onia", "dys", "pnea"]
PIECES = ["##s", "##ed", "##ing", "##ion", "##al", "##ly", "##ia", "##itis", "##emia", "##osis", "##ic",
          "##a", "##e", "##o", "##i", "##n", "##r", "##t", "##y"]

CONFIG = {
    "attention_probs_dropout_prob": 0.1,
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1,
    "hidden_size": 32,
    "initializer_range": 0.02,
    "intermediate_size": 64,
    "max_position_embeddings": 64,
    "num_attention_heads": 4,
    "num_hidden_layers": 2,
    "type_vocab_size": 2,
    "vocab_size": len(SPECIAL) + len(WORDS) + len(PIECES),
}


def make_weights(gen):
    """Random weights with google's names and shapes; larger than initializer_range on purpose so that
    every non-linearity (GELU, tanh, softmax, LayerNorm) is exercised away from its linear regime."""
    c = CONFIG
    V, H, I, P, S = (c["vocab_size"], c["hidden_size"], c["intermediate_size"],
                     c["max_position_embeddings"], c["type_vocab_size"])

    def rnd(*shape, std=0.3):
        return torch.randn(*shape, generator=gen, dtype=torch.float64) * std

    def gamma(n):
        return 1.0 + rnd(n, std=0.1)

    w = {}
    w["bert/embeddings/word_embeddings"] = rnd(V, H, std=0.5)
    w["bert/embeddings/token_type_embeddings"] = rnd(S, H, std=0.5)
    w["bert/embeddings/position_embeddings"] = rnd(P, H, std=0.5)
    w["bert/embeddings/LayerNorm/gamma"] = gamma(H)
    w["bert/embeddings/LayerNorm/beta"] = rnd(H, std=0.1)
    for l in range(c["num_hidden_layers"]):
        p = "bert/encoder/layer_%d/" % l
        for n in ("query", "key", "value"):
            w[p + "attention/self/%s/kernel" % n] = rnd(H, H)
            w[p + "attention/self/%s/bias" % n] = rnd(H, std=0.1)
        w[p + "attention/output/dense/kernel"] = rnd(H, H, std=0.2)
        w[p + "attention/output/dense/bias"] = rnd(H, std=0.1)
        w[p + "attention/output/LayerNorm/gamma"] = gamma(H)
        w[p + "attention/output/LayerNorm/beta"] = rnd(H, std=0.1)
        w[p + "intermediate/dense/kernel"] = rnd(H, I)
        w[p + "intermediate/dense/bias"] = rnd(I, std=0.1)
        w[p + "output/dense/kernel"] = rnd(I, H, std=0.2)
        w[p + "output/dense/bias"] = rnd(H, std=0.1)
        w[p + "output/LayerNorm/gamma"] = gamma(H)
        w[p + "output/LayerNorm/beta"] = rnd(H, std=0.1)
    w["bert/pooler/dense/kernel"] = rnd(H, H)
    w["bert/pooler/dense/bias"] = rnd(H, std=0.1)
    w["cls/predictions/transform/dense/kernel"] = rnd(H, H)
    w["cls/predictions/transform/dense/bias"] = rnd(H, std=0.1)
    w["cls/predictions/transform/LayerNorm/gamma"] = gamma(H)
    w["cls/predictions/transform/LayerNorm/beta"] = rnd(H, std=0.1)
    w["cls/predictions/output_bias"] = rnd(V, std=0.1)
    w["cls/seq_relationship/output_weights"] = rnd(2, H)
    w["cls/seq_relationship/output_bias"] = rnd(2, std=0.1)
    return w


def gelu(x):
    # modeling.py gelu: the tanh approximation
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3))))


def layer_norm(x, g, b):
    # tf.contrib.layers.layer_norm over the last axis, variance_epsilon 1e-12
    mean = x.mean(dim=-1, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + 1e-12) * g + b


def dense(x, w, name):
    return x @ w[name + "/kernel"] + w[name + "/bias"]


def bert(w, ids, types, mask):
    c = CONFIG
    B, T = ids.shape
    H, nh = c["hidden_size"], c["num_attention_heads"]
    d = H // nh
    x = (w["bert/embeddings/word_embeddings"][ids] + w["bert/embeddings/token_type_embeddings"][types]
         + w["bert/embeddings/position_embeddings"][:T].unsqueeze(0))
    x = layer_norm(x, w["bert/embeddings/LayerNorm/gamma"], w["bert/embeddings/LayerNorm/beta"])
    adder = (1.0 - mask.to(torch.float64))[:, None, None, :] * -10000.0
    for l in range(c["num_hidden_layers"]):
        p = "bert/encoder/layer_%d/" % l

        def heads(t):
            return t.view(B, T, nh, d).permute(0, 2, 1, 3)

        q = heads(dense(x, w, p + "attention/self/query"))
        k = heads(dense(x, w, p + "attention/self/key"))
        v = heads(dense(x, w, p + "attention/self/value"))
        scores = q @ k.transpose(-1, -2) * (1.0 / math.sqrt(d)) + adder
        ctx = (torch.softmax(scores, dim=-1) @ v).permute(0, 2, 1, 3).reshape(B, T, H)
        a = dense(ctx, w, p + "attention/output/dense")
        a = layer_norm(a + x, w[p + "attention/output/LayerNorm/gamma"], w[p + "attention/output/LayerNorm/beta"])
        i = gelu(dense(a, w, p + "intermediate/dense"))
        o = dense(i, w, p + "output/dense")
        x = layer_norm(o + a, w[p + "output/LayerNorm/gamma"], w[p + "output/LayerNorm/beta"])
    pooled = torch.tanh(dense(x[:, 0, :], w, "bert/pooler/dense"))
    return x, pooled


def mlm(w, seq, positions, label_ids, label_weights):
    B, T, H = seq.shape
    flat = (positions + torch.arange(B).unsqueeze(1) * T).reshape(-1)
    x = seq.reshape(B * T, H)[flat]
    x = gelu(dense(x, w, "cls/predictions/transform/dense"))
    x = layer_norm(x, w["cls/predictions/transform/LayerNorm/gamma"], w["cls/predictions/transform/LayerNorm/beta"])
    logits = x @ w["bert/embeddings/word_embeddings"].T + w["cls/predictions/output_bias"]
    logp = torch.log_softmax(logits, dim=-1)
    per_example = -logp.gather(1, label_ids.reshape(-1, 1)).reshape(-1)
    weights = label_weights.reshape(-1)
    loss = (weights * per_example).sum() / (weights.sum() + 1e-5)
    return logits, loss


def nsp(w, pooled, labels):
    logits = pooled @ w["cls/seq_relationship/output_weights"].T + w["cls/seq_relationship/output_bias"]
    loss = -torch.log_softmax(logits, dim=-1).gather(1, labels.reshape(-1, 1)).mean()
    return logits, loss


def inputs():
    """Batch of 3, T=12: two segments, padding in two rows, token ids repeated within and across rows."""
    V = CONFIG["vocab_size"]
    CLS, SEP = 2, 3
    rows = [
        ([CLS, 6, 7, 8, 9, 10, SEP, 6, 7, 16, 20, SEP], 7),  # no padding; 6,7 repeated
        ([CLS, 6, 11, 4, SEP, 17, 18, 4, SEP], 5),            # padding; [MASK]=4 twice
        ([CLS, V - 1, 30, 30, 30, SEP, 40, SEP], 6),          # padding; 30 three times; last vocab id
    ]
    T = 12
    ids, types, mask = [], [], []
    for toks, seg_b in rows:
        n = len(toks)
        ids.append(toks + [0] * (T - n))
        types.append([0] * seg_b + [1] * (n - seg_b) + [0] * (T - n))
        mask.append([1] * n + [0] * (T - n))
    positions = [[2, 7, 9], [3, 7, 0], [2, 4, 0]]
    label_ids = [[7, 6, 16], [11, 18, 0], [30, 31, 0]]
    label_weights = [[1.0, 1.0, 1.0], [1.0, 1.0, 0.0], [1.0, 1.0, 0.0]]
    nsp_labels = [0, 1, 0]
    return dict(input_ids=ids, token_type_ids=types, input_mask=mask, masked_lm_positions=positions,
                masked_lm_ids=label_ids, masked_lm_weights=label_weights, next_sentence_labels=nsp_labels)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def tensor_entry(t):
    return {"shape": list(t.shape), "values": flat(t)}


def main():
    gen = torch.Generator().manual_seed(SEED)
    os.makedirs(OUT, exist_ok=True)
    vocab = SPECIAL + WORDS + PIECES
    assert len(vocab) == CONFIG["vocab_size"]
    w = make_weights(gen)
    # weights are stored as float32: the golden pass uses exactly those rounded values
    w = {k: v.to(torch.float32).to(torch.float64) for k, v in w.items()}

    inp = inputs()
    ids = torch.tensor(inp["input_ids"])
    types = torch.tensor(inp["token_type_ids"])
    mask = torch.tensor(inp["input_mask"])
    positions = torch.tensor(inp["masked_lm_positions"])
    label_ids = torch.tensor(inp["masked_lm_ids"])
    label_weights = torch.tensor(inp["masked_lm_weights"], dtype=torch.float64)
    nsp_labels = torch.tensor(inp["next_sentence_labels"])

    grad_names = ["bert/embeddings/word_embeddings", "bert/embeddings/position_embeddings",
                  "bert/embeddings/token_type_embeddings", "bert/embeddings/LayerNorm/gamma",
                  "bert/encoder/layer_0/attention/self/query/kernel",
                  "bert/encoder/layer_1/attention/output/LayerNorm/gamma",
                  "bert/encoder/layer_1/intermediate/dense/kernel",
                  "cls/predictions/transform/LayerNorm/gamma", "cls/predictions/output_bias",
                  "cls/seq_relationship/output_weights"]
    wg = {k: (v.clone().requires_grad_(True) if k in grad_names else v) for k, v in w.items()}
    seq, pooled = bert(wg, ids, types, mask)
    mlm_logits, mlm_loss = mlm(wg, seq, positions, label_ids, label_weights)
    nsp_logits, nsp_loss = nsp(wg, pooled, nsp_labels)
    total = mlm_loss + nsp_loss
    total.backward()

    # classification heads (run_classifier.py names output_weights [L, H] / output_bias [L]); not part of
    # the pretraining checkpoint, so they live in golden.json
    L_seq, L_tok = 3, 5
    cls_w = torch.randn(L_seq, CONFIG["hidden_size"], generator=gen, dtype=torch.float64).float().double() * 0.3
    cls_b = torch.randn(L_seq, generator=gen, dtype=torch.float64).float().double() * 0.1
    tok_w = torch.randn(L_tok, CONFIG["hidden_size"], generator=gen, dtype=torch.float64).float().double() * 0.3
    tok_b = torch.randn(L_tok, generator=gen, dtype=torch.float64).float().double() * 0.1
    cls_w, cls_b, tok_w, tok_b = (t.to(torch.float32).to(torch.float64) for t in (cls_w, cls_b, tok_w, tok_b))
    seq_labels = torch.tensor([2, 0, 1])
    seq_logits = pooled.detach() @ cls_w.T + cls_b
    seq_loss = -torch.log_softmax(seq_logits, -1).gather(1, seq_labels.reshape(-1, 1)).mean()
    B, T = ids.shape
    tok_labels = torch.tensor([[0, 1, 2, 3, 4, 0, 0, 1, 2, 3, 4, 0],
                               [0, 1, 1, 2, 0, 3, 4, 2, 0, 0, 0, 0],
                               [0, 4, 3, 3, 3, 0, 1, 0, 0, 0, 0, 0]])
    tok_weights = mask.to(torch.float64).clone()
    tok_weights[:, 0] = 0.0          # [CLS]
    tok_weights[0, 3] = 0.0          # a "##piece": only first word pieces count
    tok_weights[2, 3:5] = 0.0
    tok_logits = seq.detach().reshape(B * T, -1) @ tok_w.T + tok_b
    tok_ce = -torch.log_softmax(tok_logits, -1).gather(1, tok_labels.reshape(-1, 1)).reshape(-1)
    tw = tok_weights.reshape(-1)
    tok_loss = (tw * tok_ce).sum() / (tw.sum() + 1e-5)

    with open(os.path.join(OUT, "bert_config.json"), "w") as f:
        json.dump(CONFIG, f, indent=2, sort_keys=True)
        f.write("\n")
    with open(os.path.join(OUT, "vocab.txt"), "w") as f:
        f.write("\n".join(vocab) + "\n")
    # shortest decimal that round-trips each float32 (numpy's float32 repr): about half the file size
    tensors = [{"name": k, "dtype": "float32", "shape": list(v.shape),
                "values": [float(repr(x)) for x in v.to(torch.float32).reshape(-1).numpy()]} for k, v in w.items()]
    tensors.append({"name": "global_step", "dtype": "int64", "shape": [], "values": [0]})
    with open(os.path.join(OUT, "weights.json"), "w") as f:
        json.dump({"tensors": tensors}, f)
    golden = {
        "description": "torch float64 re-implementation of google modeling.py (make_tiny_bert.py), inference mode",
        "inputs": inp,
        "sequence_output": tensor_entry(seq),
        "pooled_output": tensor_entry(pooled),
        "mlm_logits": tensor_entry(mlm_logits),
        "mlm_loss": float(mlm_loss),
        "nsp_logits": tensor_entry(nsp_logits),
        "nsp_loss": float(nsp_loss),
        "total_loss": float(total),
        "gradients_of_total_loss": {k: tensor_entry(wg[k].grad) for k in grad_names},
        "sequence_classifier": {"output_weights": tensor_entry(cls_w), "output_bias": tensor_entry(cls_b),
                                "label_ids": seq_labels.tolist(), "logits": tensor_entry(seq_logits),
                                "loss": float(seq_loss)},
        "token_classifier": {"output_weights": tensor_entry(tok_w), "output_bias": tensor_entry(tok_b),
                             "label_ids": tok_labels.tolist(), "label_weights": tok_weights.tolist(),
                             "logits": tensor_entry(tok_logits), "loss": float(tok_loss)},
    }
    with open(os.path.join(OUT, "golden.json"), "w") as f:
        json.dump(golden, f)


if __name__ == "__main__":
    main()
