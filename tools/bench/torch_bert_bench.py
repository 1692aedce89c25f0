#!/usr/bin/python3
"""PyTorch baseline for `workbench bench`: the same BERT (google's forward: tanh GELU, LayerNorm eps 1e-12,
-10000 additive mask) and the same step (sequence-pair classifier, dropout 0.1, google's AdamWeightDecay
with global-norm clipping) at a given size, on CPU. Prints one JSON line. Runs on torch 1.13 and 2.x.

    VENV/bin/python tools/bench/torch_bert_bench.py --layers 12 --hidden 768 --heads 12 --intermediate 3072 \
        --vocab 28996 --batch 8 --seq 128 --mode forward --warmup 1 --iters 3 --threads 2 [--profile]

Times every step, warm-up included: the headline is the median of the timed steps, the first step (a warm-up
step when --warmup > 0) is reported on its own. With --profile, torch.profiler records the timed steps' CPU ops
(self time, input shapes, whether under the optimizer) for the workbench to group as it groups its own.
"""
import argparse
import json
import math
import resource
import statistics
import sys
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


def torch_facts():
    """The torch build a figure depends on: version, interpreter, parallel backend, MKL and oneDNN."""
    facts = {"torch_version": torch.__version__, "python": sys.executable,
             "python_version": sys.version.split()[0], "torch_threads": torch.get_num_threads(),
             "mkl_available": torch.backends.mkl.is_available(),
             "mkldnn_available": torch.backends.mkldnn.is_available()}
    try:
        facts["parallel_info"] = torch.__config__.parallel_info()
    except Exception as e:  # noqa: BLE001 (an old build without it: the rest stands)
        facts["parallel_info"] = "unavailable: %s" % e
    return facts


def step_figures(warmup_times, times, tokens):
    """Median (headline), mean, best and first step; the first step is the first warm-up step when there is one."""
    median = statistics.median(times)
    first = (warmup_times or times)[0]
    return {"median_seconds_per_iter": median, "mean_seconds_per_iter": statistics.mean(times),
            "best_seconds_per_iter": min(times), "first_step_seconds": first, "first_over_median": first / median,
            "tokens_per_s": tokens / median, "mean_tokens_per_s": tokens / statistics.mean(times),
            "best_tokens_per_s": tokens / min(times), "times": times, "warmup_times": warmup_times}


OPTIMIZER_SCOPE = "optimizer"


def scope_of(evt):
    """'optimizer' for an event inside (or being) the optimizer's record_function block, else None."""
    e = evt
    while e is not None:
        if e.name == OPTIMIZER_SCOPE:
            return OPTIMIZER_SCOPE
        e = e.cpu_parent
    return None


def op_table(prof):
    """Self CPU time and calls per (op name, input shapes, scope), summed over the profiled steps."""
    rows = {}
    for evt in prof.events():
        shapes = [list(s) for s in (getattr(evt, "input_shapes", None) or [])]
        key = (evt.name, json.dumps(shapes), scope_of(evt))
        row = rows.setdefault(key, {"op": evt.name, "input_shapes": shapes, "scope": key[2], "self_s": 0.0, "calls": 0})
        row["self_s"] += evt.self_cpu_time_total / 1e6
        row["calls"] += 1
    return sorted(rows.values(), key=lambda r: -r["self_s"])


def main():
    ap = argparse.ArgumentParser()
    for k, d in [("layers", 12), ("hidden", 768), ("heads", 12), ("intermediate", 3072), ("vocab", 28996),
                 ("batch", 8), ("seq", 128), ("iters", 3), ("warmup", 1), ("threads", 2)]:
        ap.add_argument("--" + k, type=int, default=d)
    ap.add_argument("--mode", choices=["forward", "train"], default="forward")
    ap.add_argument("--profile", action="store_true", help="record the timed steps' ops with torch.profiler")
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
            with torch.autograd.profiler.record_function(OPTIMIZER_SCOPE):
                adamw_step(model, state)

    def timed(n):
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            one()
            times.append(time.perf_counter() - t0)
        return times

    warmup_times = timed(a.warmup)
    profile = None
    if a.profile:
        from torch.profiler import ProfilerActivity, profile as torch_profile
        with torch_profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
            times = timed(a.iters)
        profile = {"steps": a.iters, "wall_s": sum(times), "ops": op_table(prof)}
    else:
        times = timed(a.iters)
    result = {"impl": "pytorch " + torch.__version__, "mode": a.mode, "batch": a.batch, "seq": a.seq,
              "layers": a.layers, "hidden": a.hidden, "intermediate": a.intermediate, "threads": a.threads,
              **step_figures(warmup_times, times, a.batch * a.seq), **torch_facts(),
              # peak resident set of this process (Linux reports ru_maxrss in KiB)
              "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}
    if profile is not None:
        result["profile"] = profile
    print(json.dumps(result))


if __name__ == "__main__":
    main()
