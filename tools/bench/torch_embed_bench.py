#!/usr/bin/python3
"""PyTorch baseline for `workbench bench embed`: the same BERT forward as torch_bert_bench.py (google's
architecture, random weights) run over the exact batch shapes the workbench's embed job computes (rows and
padded length of every batch, written by the workbench), with the same pooling. Prints one JSON line.

    VENV/bin/python tools/bench/torch_embed_bench.py --shapes shapes.json --layers 12 --hidden 768 --heads 12 \
        --intermediate 3072 --vocab 28996 --positions 512 --threads 2 --pooling mean

shapes.json: [[rows, padded_length, tokens], ...]; tokens = the non-padding tokens of the batch, which are placed
as the first positions of its rows (the padding masked, as the workbench masks it).
"""
import argparse
import json
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_bert_bench import Bert, torch_facts  # noqa: E402  (same model and facts as the forward/train baseline)


def lengths(rows, length, tokens):
    """Row lengths summing to tokens, none above length, the first exactly length (it sets the padded length)."""
    rest = tokens - length
    if rows == 1:
        return [length]
    b, e = divmod(rest, rows - 1)
    return [length] + [b + (1 if r < e else 0) for r in range(rows - 1)]


def main():
    ap = argparse.ArgumentParser()
    for k, d in [("layers", 12), ("hidden", 768), ("heads", 12), ("intermediate", 3072), ("vocab", 28996),
                 ("positions", 512), ("threads", 2)]:
        ap.add_argument("--" + k, type=int, default=d)
    ap.add_argument("--shapes", required=True)
    ap.add_argument("--pooling", choices=["cls", "mean", "pooled"], default="mean")
    a = ap.parse_args()
    a.batch, a.seq = 0, 0
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    with open(a.shapes) as f:
        shapes = json.load(f)
    model = Bert(a)
    if a.positions > 512:
        model.pos = torch.nn.Embedding(a.positions, a.hidden)
    model.eval()

    def encode(rows, length, tokens):
        ids = torch.randint(0, a.vocab, (rows, length))
        mask = torch.zeros(rows, length, dtype=torch.long)
        for r, n in enumerate(lengths(rows, length, tokens)):
            mask[r, :n] = 1
        seg = torch.zeros_like(ids)
        x = model.ln(model.word(ids) + model.typ(seg) + model.pos.weight[:length])
        adder = (1.0 - mask[:, None, None, :].float()) * -10000.0
        for layer in model.layers:
            x = layer(x, adder)
        if a.pooling == "cls":
            return x[:, 0]
        if a.pooling == "pooled":
            return torch.tanh(model.pool(x[:, 0]))
        m = mask.unsqueeze(-1).float()
        return (x * m).sum(1) / m.sum(1)

    with torch.no_grad():
        encode(*shapes[len(shapes) // 2])  # one warm-up batch of a typical length
        t0 = time.perf_counter()
        for rows, length, tokens in shapes:
            encode(rows, length, tokens)
        seconds = time.perf_counter() - t0
    tokens = sum(s[2] for s in shapes)
    padded = sum(s[0] * s[1] for s in shapes)
    print(json.dumps({"impl": "pytorch " + torch.__version__, "mode": "embed", "layers": a.layers,
                      "hidden": a.hidden, "threads": a.threads, "batches": len(shapes), "tokens": tokens,
                      "padded_tokens": padded, "seconds": seconds, "seconds_per_iter": seconds,
                      "tokens_per_s": tokens / seconds, **torch_facts(),
                      # peak resident set of this process (Linux reports ru_maxrss in KiB)
                      "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))


if __name__ == "__main__":
    main()
