#!/usr/bin/python3
"""Writes the Hugging Face model-folder fixtures (src/test/resources/hf/) and their golden outputs.

An independent reference for the workbench's Hugging Face import/export: a tiny random BERT in transformers'
parameter names (nn.Linear weights [out, in], LayerNorm weight/bias), saved

  tiny-bin/pytorch_model.bin         torch.save(state_dict) zip format, legacy LayerNorm gamma/beta names,
                                     BertForPreTraining + classifier heads, decoder tied to the word embeddings
  tiny-legacy/pytorch_model.bin      the same state dict in torch's pre-1.6 (non-zip) format
  tiny-safetensors/model.safetensors the same tensors, modern names, written with the standard library
  tiny-sharded/                      the same tensors in two safetensors shards + model.safetensors.index.json
  dtypes.safetensors                 a few small tensors as F16 / BF16 / F32 with their float values in dtypes.json

and golden.json: inputs and the float64 forward (transformers' BertModel re-written in plain torch: embeddings,
post-LN encoder, pooler, classifier logits) for both GELU forms ("gelu" = erf, "gelu_new" = google's tanh),
plus per-tensor checks in google's names (sum and first values in TF layout, kernels transposed).

Run with Debian's /usr/bin/python3 (torch 1.13):  /usr/bin/python3 tools/hf/make_hf_fixtures.py [OUT_DIR]
"""
import collections
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F

SEED = 20201130
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "test", "resources", "hf")

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = ["the", "patient", "was", "admitted", "with", "chest", "pain", "and", "shortness", "of", "breath",
         "he", "she", "denies", "fever", "history", "hypertension", "diabetes", "on", "exam", "heart",
         "rate", "blood", "pressure", "normal", "no", "acute", "distress", "given", "aspirin", "mg", "daily",
         "discharged", "home", "follow", "up", "in", "clinic", "a", "to", "is", "for", "left", "right",
         "lung", "clear", "ct", "scan", "showed", "mass", "pneumonia", "sepsis", "renal", "failure",
         ".", ",", "(", ")", "-", "/", "1", "2", "3", "4", "5", "0", "Patient", "CT"]
PIECES = ["##s", "##ed", "##ing", "##ion", "##al", "##ly", "##ia", "##itis", "##emia", "##osis", "##ic"]
VOCAB = SPECIAL + WORDS + PIECES
LABELS = ["contradiction", "entailment", "neutral"]

H, L, NH, I, P, S = 32, 2, 4, 64, 32, 2
V = len(VOCAB)


def config(act):
    return {
        "architectures": ["BertForSequenceClassification"],
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": act,
        "hidden_dropout_prob": 0.1,
        "hidden_size": H,
        "id2label": {str(i): l for i, l in enumerate(LABELS)},
        "initializer_range": 0.02,
        "intermediate_size": I,
        "label2id": {l: i for i, l in enumerate(LABELS)},
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": P,
        "model_type": "bert",
        "num_attention_heads": NH,
        "num_hidden_layers": L,
        "pad_token_id": 0,
        "type_vocab_size": S,
        "vocab_size": V,
    }


def make_weights(gen):
    """transformers' names and layouts; values larger than initializer_range so every non-linearity works."""
    def rnd(*shape, std=0.3):
        return torch.randn(*shape, generator=gen, dtype=torch.float64) * std

    def gamma(n):
        return 1.0 + rnd(n, std=0.1)

    w = collections.OrderedDict()
    w["bert.embeddings.word_embeddings.weight"] = rnd(V, H, std=0.5)
    w["bert.embeddings.position_embeddings.weight"] = rnd(P, H, std=0.5)
    w["bert.embeddings.token_type_embeddings.weight"] = rnd(S, H, std=0.5)
    w["bert.embeddings.LayerNorm.weight"] = gamma(H)
    w["bert.embeddings.LayerNorm.bias"] = rnd(H, std=0.1)
    for l in range(L):
        p = "bert.encoder.layer.%d." % l
        for n in ("query", "key", "value"):
            w[p + "attention.self.%s.weight" % n] = rnd(H, H)
            w[p + "attention.self.%s.bias" % n] = rnd(H, std=0.1)
        w[p + "attention.output.dense.weight"] = rnd(H, H, std=0.2)
        w[p + "attention.output.dense.bias"] = rnd(H, std=0.1)
        w[p + "attention.output.LayerNorm.weight"] = gamma(H)
        w[p + "attention.output.LayerNorm.bias"] = rnd(H, std=0.1)
        w[p + "intermediate.dense.weight"] = rnd(I, H)
        w[p + "intermediate.dense.bias"] = rnd(I, std=0.1)
        w[p + "output.dense.weight"] = rnd(H, I, std=0.2)
        w[p + "output.dense.bias"] = rnd(H, std=0.1)
        w[p + "output.LayerNorm.weight"] = gamma(H)
        w[p + "output.LayerNorm.bias"] = rnd(H, std=0.1)
    w["bert.pooler.dense.weight"] = rnd(H, H)
    w["bert.pooler.dense.bias"] = rnd(H, std=0.1)
    w["cls.predictions.bias"] = rnd(V, std=0.1)
    w["cls.predictions.transform.dense.weight"] = rnd(H, H)
    w["cls.predictions.transform.dense.bias"] = rnd(H, std=0.1)
    w["cls.predictions.transform.LayerNorm.weight"] = gamma(H)
    w["cls.predictions.transform.LayerNorm.bias"] = rnd(H, std=0.1)
    w["cls.seq_relationship.weight"] = rnd(2, H)
    w["cls.seq_relationship.bias"] = rnd(2, std=0.1)
    w["classifier.weight"] = rnd(len(LABELS), H)
    w["classifier.bias"] = rnd(len(LABELS), std=0.1)
    return w


def gelu(x, act):
    if act == "gelu":
        return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3))))


def forward(w, ids, types, mask, act):
    """transformers' BertModel + BertForSequenceClassification in eval mode, float64."""
    B, T = ids.shape
    d = H // NH
    ln = lambda x, name: F.layer_norm(x, (H,), w[name + ".weight"], w[name + ".bias"], eps=1e-12)
    lin = lambda x, name: F.linear(x, w[name + ".weight"], w[name + ".bias"])
    x = (w["bert.embeddings.word_embeddings.weight"][ids] + w["bert.embeddings.token_type_embeddings.weight"][types]
         + w["bert.embeddings.position_embeddings.weight"][:T].unsqueeze(0))
    x = ln(x, "bert.embeddings.LayerNorm")
    ext = (1.0 - mask.to(torch.float64))[:, None, None, :] * -10000.0
    for l in range(L):
        p = "bert.encoder.layer.%d." % l
        heads = lambda t: t.view(B, T, NH, d).permute(0, 2, 1, 3)
        q, k, v = (heads(lin(x, p + "attention.self." + n)) for n in ("query", "key", "value"))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + ext
        ctx = (torch.softmax(scores, dim=-1) @ v).permute(0, 2, 1, 3).reshape(B, T, H)
        a = ln(lin(ctx, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        inter = gelu(lin(a, p + "intermediate.dense"), act)
        x = ln(lin(inter, p + "output.dense") + a, p + "output.LayerNorm")
    pooled = torch.tanh(lin(x[:, 0], "bert.pooler.dense"))
    logits = lin(pooled, "classifier")
    return x, pooled, logits


def inputs():
    """Batch of 2, T=9: two segments, padding in the second row."""
    tok = {t: i for i, t in enumerate(VOCAB)}
    rows = [["[CLS]", "the", "patient", "denies", "chest", "pain", "[SEP]", "no", "[SEP]"],
            ["[CLS]", "CT", "scan", "showed", "mass", "[SEP]"]]
    segs = [[0, 0, 0, 0, 0, 0, 0, 1, 1], [0, 0, 0, 0, 0, 0]]
    T = max(len(r) for r in rows)
    ids = [[tok[t] for t in r] + [0] * (T - len(r)) for r in rows]
    types = [s + [0] * (T - len(s)) for s in segs]
    mask = [[1] * len(r) + [0] * (T - len(r)) for r in rows]
    return dict(input_ids=ids, token_type_ids=types, input_mask=mask)


# ---------------------------------------------------------------- google names (independent of the Java mapping)

def tf_layout(w):
    """transformers' names -> google's names and [in, out] kernels, written out by hand."""
    out = collections.OrderedDict()
    for name, t in w.items():
        n = name
        if n == "classifier.weight":
            out["output_weights"] = t
            continue
        if n == "classifier.bias":
            out["output_bias"] = t
            continue
        if n == "cls.predictions.bias":
            out["cls/predictions/output_bias"] = t
            continue
        if n.startswith("cls.seq_relationship."):
            out["cls/seq_relationship/output_" + ("weights" if n.endswith("weight") else "bias")] = t
            continue
        n = n.replace("encoder.layer.", "encoder/layer_").replace(".", "/")
        if n.endswith("LayerNorm/weight"):
            out[n[:-len("weight")] + "gamma"] = t
        elif n.endswith("LayerNorm/bias"):
            out[n[:-len("bias")] + "beta"] = t
        elif n.endswith("_embeddings/weight"):
            out[n[:-len("/weight")]] = t
        elif n.endswith("/weight"):
            out[n[:-len("weight")] + "kernel"] = t.t()
        else:
            out[n] = t
    return out


# ---------------------------------------------------------------- writers

def safetensors_bytes(tensors, dtype_names=None):
    """safetensors by hand: u64 LE header length, JSON header, raw little-endian bytes (header padded to 8)."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        code = (dtype_names or {}).get(name, "F32")
        if code == "F32":
            raw = t.to(torch.float32).contiguous().numpy().tobytes()
        elif code == "F16":
            raw = t.to(torch.float16).contiguous().numpy().tobytes()
        elif code == "BF16":
            raw = t.to(torch.bfloat16).contiguous().view(torch.int16).numpy().tobytes()
        else:
            raise ValueError(code)
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def write_folder(name, act, files, tokenizer_config=None):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(config(act), f, indent=2, sort_keys=True)
        f.write("\n")
    with open(os.path.join(d, "vocab.txt"), "w") as f:
        f.write("\n".join(VOCAB) + "\n")
    if tokenizer_config is not None:
        with open(os.path.join(d, "tokenizer_config.json"), "w") as f:
            json.dump(tokenizer_config, f, indent=2, sort_keys=True)
            f.write("\n")
    for fname, data in files.items():
        if callable(data):
            data(os.path.join(d, fname))
        else:
            with open(os.path.join(d, fname), "wb") as f:
                f.write(data)


def main():
    gen = torch.Generator().manual_seed(SEED)
    w = make_weights(gen)
    w32 = collections.OrderedDict((k, v.to(torch.float32)) for k, v in w.items())
    # the float64 reference runs on the float32-rounded weights the files hold
    wr = collections.OrderedDict((k, v.to(torch.float64)) for k, v in w32.items())

    # pytorch_model.bin: legacy LayerNorm names, tied decoder (same storage as the word embeddings)
    legacy = collections.OrderedDict()
    for k, v in w32.items():
        k2 = k.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta")
        legacy[k2] = v
    legacy["cls.predictions.decoder.weight"] = legacy["bert.embeddings.word_embeddings.weight"]
    legacy["bert.embeddings.position_ids"] = torch.arange(P).unsqueeze(0)

    write_folder("tiny-bin", "gelu", {"pytorch_model.bin": lambda p: torch.save(legacy, p)})
    write_folder("tiny-legacy", "gelu", {
        "pytorch_model.bin": lambda p: torch.save(legacy, p, _use_new_zipfile_serialization=False)})
    write_folder("tiny-safetensors", "gelu_new", {"model.safetensors": safetensors_bytes(w32)},
                 tokenizer_config={"do_lower_case": False, "model_max_length": P,
                                   "tokenizer_class": "BertTokenizer"})
    names = list(w32.keys())
    half = len(names) // 2
    shard1 = collections.OrderedDict((k, w32[k]) for k in names[:half])
    shard2 = collections.OrderedDict((k, w32[k]) for k in names[half:])
    f1, f2 = "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"
    index = {"metadata": {"total_size": sum(v.numel() * 4 for v in w32.values())},
             "weight_map": {**{k: f1 for k in shard1}, **{k: f2 for k in shard2}}}
    write_folder("tiny-sharded", "gelu", {f1: safetensors_bytes(shard1), f2: safetensors_bytes(shard2),
                                          "model.safetensors.index.json": json.dumps(index, indent=2).encode()})

    # dtypes: values chosen exactly representable in each format
    vals = {"half": torch.tensor([[1.5, -2.25, 0.0], [65504.0, 6.103515625e-05, -0.099975586]]),
            "bf16": torch.tensor([[1.5, -2.25], [3.0e38, -1.1754944e-38], [0.1000976562, 7.0]]),
            "single": torch.tensor([0.1, -3.5, 1e-30])}
    codes = {"half": "F16", "bf16": "BF16", "single": "F32"}
    as_read = {}
    for k, v in vals.items():
        dt = {"F16": torch.float16, "BF16": torch.bfloat16, "F32": torch.float32}[codes[k]]
        as_read[k] = {"dtype": codes[k], "shape": list(v.shape),
                      "values": [float(x) for x in v.to(dt).to(torch.float64).reshape(-1)]}
    with open(os.path.join(OUT, "dtypes.safetensors"), "wb") as f:
        f.write(safetensors_bytes(vals, codes))
    with open(os.path.join(OUT, "dtypes.json"), "w") as f:
        json.dump(as_read, f, indent=1)

    inp = inputs()
    ids, types, mask = (torch.tensor(inp[k]) for k in ("input_ids", "token_type_ids", "input_mask"))
    outputs = {}
    for act in ("gelu", "gelu_new"):
        seq, pooled, logits = forward(wr, ids, types, mask, act)
        outputs[act] = {"sequence_output": seq.tolist(), "pooled_output": pooled.tolist(), "logits": logits.tolist()}
    checks = {}
    for name, t in tf_layout(wr).items():
        flat = t.contiguous().reshape(-1)
        checks[name] = {"shape": list(t.shape), "sum": float(flat.sum()), "first": [float(x) for x in flat[:4]],
                        "last": float(flat[-1])}
    golden = {"labels": LABELS, "inputs": inp, "outputs": outputs, "tf_tensors": checks}
    with open(os.path.join(OUT, "golden.json"), "w") as f:
        json.dump(golden, f)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
