#!/usr/bin/python3
"""Golden values for two fine-tuning optimiser steps on the tiny-BERT fixture, computed independently of the
Java code: the torch float64 BERT of tools/tiny-bert/make_tiny_bert.py (imported, not copied) plus a classifier
head, torch autograd, and google's optimization.py written out in torch:

  * learning rate: polynomial_decay(power=1, end 0) over TOTAL_STEPS, overridden by linear warm-up
    peak * step / WARMUP while step < WARMUP; steps 1 and 2 are run (step 0 would have lr 0), so one step is
    in warm-up and one in decay;
  * tf.clip_by_global_norm(grads, 1.0): g * 1 / max(norm, 1) over every variable that has a gradient
    (None gradients, e.g. the pooler under a token loss, are left out and the variable is not updated);
  * AdamWeightDecayOptimizer: m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2, update = m / (sqrt(v) + eps)
    (no bias correction) + decay * param unless the name contains LayerNorm, layer_norm or bias;
    param -= lr * update.

No dropout: the Java test runs the TRAINING graph with every dropout mask fed as ones, which equals this
dropout-free forward pass.

Run with Debian's python3 (torch 1.13):
    /usr/bin/python3 tools/golden/finetune_step_golden.py src/test/resources/train/finetune-step-golden.json
"""
import importlib.util
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
TINY = os.path.join(ROOT, "src", "test", "resources", "tiny-bert")

_spec = importlib.util.spec_from_file_location("make_tiny_bert", os.path.join(ROOT, "tools", "tiny-bert",
                                                                              "make_tiny_bert.py"))
tb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tb)

HEAD_SEED = 20191126
PEAK_LR, WARMUP_STEPS, TOTAL_STEPS = 1e-2, 2, 10
STEPS = [1, 2]
BETA1, BETA2, EPS, DECAY, CLIP = 0.9, 0.999, 1e-6, 0.01, 1.0
DIGITS = 10  # weights are written rounded to 1e-10: far below every tolerance, and keeps the file small


def lr_at(step):
    decayed = PEAK_LR * (1.0 - min(step, TOTAL_STEPS) / TOTAL_STEPS)
    return PEAK_LR * step / WARMUP_STEPS if step < WARMUP_STEPS else decayed


def decays(name):
    return not any(s in name for s in ("LayerNorm", "layer_norm", "bias"))


def load_weights():
    with open(os.path.join(TINY, "weights.json")) as f:
        tensors = json.load(f)["tensors"]
    out = {}
    for t in tensors:
        if t["dtype"] != "float32" or t["name"].startswith("cls/"):
            continue  # global_step and the pretraining heads are not in a fine-tuning graph
        # the shortest decimals of float32 values: rounding back gives the exact float32 the checkpoint holds
        out[t["name"]] = f32(torch.tensor(t["values"], dtype=torch.float64).reshape(t["shape"]))
    return out


def f32(t):
    """Values Java can hold exactly (it loads the head as float32)."""
    return t.to(torch.float32).to(torch.float64)


def batch():
    inp = tb.inputs()  # B=3, T=12: two segments, padding in rows 1 and 2, repeated ids
    ids = torch.tensor(inp["input_ids"])
    types = torch.tensor(inp["token_type_ids"])
    mask = torch.tensor(inp["input_mask"])
    token_labels = torch.tensor([[0, 1, 2, 3, 4, 0, 0, 1, 2, 3, 4, 0],
                                 [0, 1, 1, 2, 0, 3, 4, 2, 0, 0, 0, 0],
                                 [0, 4, 3, 3, 3, 0, 1, 0, 0, 0, 0, 0]])
    token_weights = mask.to(torch.float64).clone()
    token_weights[:, 0] = 0.0  # [CLS]
    token_weights[0, 3] = 0.0  # a non-first word piece
    token_weights[2, 3:5] = 0.0
    return dict(input_ids=ids, token_type_ids=types, input_mask=mask, seq_labels=torch.tensor([2, 0, 1]),
                token_labels=token_labels, token_weights=token_weights)


def sequence_loss(w, b):
    _, pooled = tb.bert(w, b["input_ids"], b["token_type_ids"], b["input_mask"])
    logits = pooled @ w["output_weights"].T + w["output_bias"]
    return -torch.log_softmax(logits, -1).gather(1, b["seq_labels"].reshape(-1, 1)).mean()


def token_loss(w, b):
    seq, _ = tb.bert(w, b["input_ids"], b["token_type_ids"], b["input_mask"])
    B, T, H = seq.shape
    logits = seq.reshape(B * T, H) @ w["output_weights"].T + w["output_bias"]
    ce = -torch.log_softmax(logits, -1).gather(1, b["token_labels"].reshape(-1, 1)).reshape(-1)
    lw = b["token_weights"].reshape(-1)
    return (lw * ce).sum() / (lw.sum() + 1e-5)


def run(loss_fn, params, b):
    m = {n: torch.zeros_like(p) for n, p in params.items()}
    v = {n: torch.zeros_like(p) for n, p in params.items()}
    steps = []
    for step in STEPS:
        w = {n: p.clone().requires_grad_(True) for n, p in params.items()}
        loss = loss_fn(w, b)
        loss.backward()
        grads = {n: t.grad for n, t in w.items() if t.grad is not None}
        norm = torch.sqrt(sum((g * g).sum() for g in grads.values())).item()
        lr = lr_at(step)
        for n, g in grads.items():
            g = g * CLIP / max(norm, CLIP)
            m[n] = BETA1 * m[n] + (1 - BETA1) * g
            v[n] = BETA2 * v[n] + (1 - BETA2) * g * g
            update = m[n] / (torch.sqrt(v[n]) + EPS)
            if decays(n):
                update = update + DECAY * params[n]
            params[n] = params[n] - lr * update
        steps.append({"global_step": step, "lr": lr, "loss": loss.item(), "global_norm": norm,
                      "updated": sorted(grads)})
    return steps


def entry(t):
    return {"shape": list(t.shape), "values": [round(x, DIGITS) for x in t.reshape(-1).tolist()]}


def scenario(name, num_labels, loss_fn, body, b, gen):
    head = {"output_weights": f32(torch.randn(num_labels, tb.CONFIG["hidden_size"], generator=gen,
                                              dtype=torch.float64) * 0.3),
            "output_bias": f32(torch.randn(num_labels, generator=gen, dtype=torch.float64) * 0.1)}
    params = dict(body)
    params.update(head)
    initial = dict(params)
    steps = run(loss_fn, params, b)
    changed = {n: params[n] for n in params if not torch.equal(params[n], initial[n])}
    return {"num_labels": num_labels,
            "head": {n: {"shape": list(t.shape), "values": t.reshape(-1).tolist()} for n, t in head.items()},
            "steps": steps,
            "weights_after": {n: entry(t) for n, t in changed.items()},
            "unchanged": sorted(n for n in params if n not in changed)}


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "src", "test", "resources", "train",
                                                                  "finetune-step-golden.json")
    gen = torch.Generator().manual_seed(HEAD_SEED)
    body = load_weights()
    b = batch()
    golden = {
        "description": "two google AdamWeightDecay fine-tuning steps on tiny-bert, torch float64, no dropout "
                       "(tools/golden/finetune_step_golden.py)",
        "optimizer": {"peak_lr": PEAK_LR, "warmup_steps": WARMUP_STEPS, "total_steps": TOTAL_STEPS,
                      "beta1": BETA1, "beta2": BETA2, "epsilon": EPS, "weight_decay": DECAY, "clip_norm": CLIP},
        "batch": {"input_ids": b["input_ids"].tolist(), "token_type_ids": b["token_type_ids"].tolist(),
                  "input_mask": b["input_mask"].tolist()},
        "sequence_classifier": scenario("sequence", 3, sequence_loss, body, b, gen),
        "token_classifier": scenario("token", 5, token_loss, body, b, gen),
    }
    golden["sequence_classifier"]["label_ids"] = b["seq_labels"].tolist()
    golden["token_classifier"]["label_ids"] = b["token_labels"].tolist()
    golden["token_classifier"]["label_weights"] = b["token_weights"].tolist()
    with open(out_path, "w") as f:
        json.dump(golden, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
