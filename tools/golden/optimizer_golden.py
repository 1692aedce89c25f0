#!/usr/bin/python3
"""Golden values for google's AdamWeightDecayOptimizer + learning-rate schedule (optimization.py),
written independently in torch (float64). Run with Debian's python3:
    /usr/bin/python3 tools/golden/optimizer_golden.py src/test/resources/train/adamw-golden.json
"""
import json
import sys

import torch

torch.manual_seed(7)
NAMES = {  # name -> shape; names decide whether weight decay applies
    "bert/encoder/layer_0/attention/self/query/kernel": (4, 3),
    "bert/encoder/layer_0/attention/self/query/bias": (3,),
    "bert/embeddings/LayerNorm/gamma": (5,),
    "bert/embeddings/word_embeddings": (6, 4),
    "output_weights": (3, 4),
}
PEAK, WARMUP, TOTAL = 5e-2, 2, 6
BETA1, BETA2, EPS, DECAY, CLIP = 0.9, 0.999, 1e-6, 0.01, 1.0


def lr_at(step):
    # polynomial_decay(power=1) to 0 at TOTAL, overridden by linear warm-up while step < WARMUP
    decayed = PEAK * (1.0 - min(step, TOTAL) / TOTAL)
    return PEAK * step / WARMUP if step < WARMUP else decayed


def decays(name):
    return not any(s in name for s in ("LayerNorm", "layer_norm", "bias"))


params = {n: torch.randn(s, dtype=torch.float64) * 0.5 for n, s in NAMES.items()}
m = {n: torch.zeros_like(p) for n, p in params.items()}
v = {n: torch.zeros_like(p) for n, p in params.items()}
initial = {n: p.clone() for n, p in params.items()}
steps = []
for step in range(TOTAL):
    # alternate gradients below and above the clip norm
    scale = 0.05 if step % 2 == 0 else 3.0
    grads = {n: torch.randn(p.shape, dtype=torch.float64) * scale for n, p in params.items()}
    norm = torch.sqrt(sum((g * g).sum() for g in grads.values())).item()
    clipped = {n: g * CLIP / max(norm, CLIP) for n, g in grads.items()}
    lr = lr_at(step)
    for n in params:
        g = clipped[n]
        m[n] = BETA1 * m[n] + (1 - BETA1) * g
        v[n] = BETA2 * v[n] + (1 - BETA2) * g * g
        update = m[n] / (torch.sqrt(v[n]) + EPS)
        if decays(n):
            update = update + DECAY * params[n]
        params[n] = params[n] - lr * update
    steps.append({
        "step": step, "lr": lr, "global_norm": norm,
        "grads": {n: g.flatten().tolist() for n, g in grads.items()},
        "params_after": {n: p.flatten().tolist() for n, p in params.items()},
    })

out = {
    "peak_lr": PEAK, "warmup_steps": WARMUP, "total_steps": TOTAL,
    "weight_decay": DECAY, "clip_norm": CLIP,
    "shapes": {n: list(s) for n, s in NAMES.items()},
    "initial": {n: p.flatten().tolist() for n, p in initial.items()},
    "steps": steps,
}
with open(sys.argv[1], "w") as f:
    json.dump(out, f)
