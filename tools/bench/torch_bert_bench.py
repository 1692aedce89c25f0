#!/usr/bin/python3
"""PyTorch baseline for `workbench bench`: the same BERT (google's forward: tanh GELU, LayerNorm eps 1e-12,
-10000 additive mask) and the same step (sequence-pair classifier, dropout 0.1, google's AdamWeightDecay
with global-norm clipping) at a given size, on CPU. Prints one JSON line.

    /usr/bin/python3 tools/bench/torch_bert_bench.py --layers 12 --hidden 768 --heads 12 --intermediate 3072 \
        --vocab 28996 --batch 8 --seq 128 --mode forward --iters 3 --threads 2
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn as nn


def gelu(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3))))


class Layer(nn.Module):
    def __init__(self, h, heads, inter, p):
        super().__init__()
        self.heads, self.d = heads, h // heads
        self.q, self.k, self.v, self.o = (nn.Linear(h, h) for _ in range(4))
        self.ln1, self.ln2 = nn.LayerNorm(h, eps=1e-12), nn.LayerNorm(h, eps=1e-12)
        self.fc1, self.fc2 = nn.Linear(h, inter), nn.Linear(inter, h)
        self.drop = nn.Dropout(p)

    def forward(self, x, adder):
        b, t, h = x.shape
        split = lambda y: y.view(b, t, self.heads, self.d).transpose(1, 2)
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.d) + adder
        ctx = (self.drop(scores.softmax(-1)) @ v).transpose(1, 2).reshape(b, t, h)
        x = self.ln1(x + self.drop(self.o(ctx)))
        return self.ln2(x + self.drop(self.fc2(gelu(self.fc1(x)))))


class Bert(nn.Module):
    def __init__(self, a):
        super().__init__()
        h = a.hidden
        self.word, self.pos, self.typ = nn.Embedding(a.vocab, h), nn.Embedding(512, h), nn.Embedding(2, h)
        self.ln = nn.LayerNorm(h, eps=1e-12)
        self.layers = nn.ModuleList(Layer(h, a.heads, a.intermediate, 0.1) for _ in range(a.layers))
        self.pool, self.cls = nn.Linear(h, h), nn.Linear(h, 3)
        self.drop = nn.Dropout(0.1)

    def forward(self, ids, seg, mask):
        t = ids.shape[1]
        x = self.drop(self.ln(self.word(ids) + self.typ(seg) + self.pos.weight[:t]))
        adder = ((1.0 - mask[:, None, None, :].float()) * -10000.0)
        for layer in self.layers:
            x = layer(x, adder)
        return self.cls(self.drop(torch.tanh(self.pool(x[:, 0]))))


def adamw_step(model, state, lr=2e-5, wd=0.01, clip=1.0):
    params = [(n, p) for n, p in model.named_parameters() if p.grad is not None]
    norm = torch.sqrt(sum((p.grad * p.grad).sum() for _, p in params))
    scale = clip / max(norm.item(), clip)
    with torch.no_grad():
        for n, p in params:
            g = p.grad * scale
            m, v = state.setdefault(n, (torch.zeros_like(p), torch.zeros_like(p)))
            m.mul_(0.9).add_(g, alpha=0.1)
            v.mul_(0.999).addcmul_(g, g, value=0.001)
            upd = m / (v.sqrt() + 1e-6)
            # google skips decay for LayerNorm and bias parameters (here the modules named ln*)
            if not (n.endswith("bias") or any(part.startswith("ln") for part in n.split("."))):
                upd = upd + wd * p
            p.sub_(lr * upd)


def main():
    ap = argparse.ArgumentParser()
    for k, d in [("layers", 12), ("hidden", 768), ("heads", 12), ("intermediate", 3072), ("vocab", 28996),
                 ("batch", 8), ("seq", 128), ("iters", 3), ("warmup", 1), ("threads", 2)]:
        ap.add_argument("--" + k, type=int, default=d)
    ap.add_argument("--mode", choices=["forward", "train"], default="forward")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Bert(a)
    ids = torch.randint(0, a.vocab, (a.batch, a.seq))
    seg = torch.zeros_like(ids)
    mask = torch.ones_like(ids)
    labels = torch.randint(0, 3, (a.batch,))
    state = {}

    def one():
        if a.mode == "forward":
            model.eval()
            with torch.no_grad():
                model(ids, seg, mask)
        else:
            model.train()
            model.zero_grad()
            loss = nn.functional.cross_entropy(model(ids, seg, mask), labels)
            loss.backward()
            adamw_step(model, state)

    for _ in range(a.warmup):
        one()
    times = []
    for _ in range(a.iters):
        t0 = time.perf_counter()
        one()
        times.append(time.perf_counter() - t0)
    mean = sum(times) / len(times)
    print(json.dumps({"impl": "pytorch " + torch.__version__, "mode": a.mode, "batch": a.batch, "seq": a.seq,
                      "layers": a.layers, "hidden": a.hidden, "threads": a.threads, "seconds_per_iter": mean,
                      "iters_per_s": 1 / mean, "tokens_per_s": a.batch * a.seq / mean, "times": times,
                      # peak resident set of this process (Linux reports ru_maxrss in KiB)
                      "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))


if __name__ == "__main__":
    main()
