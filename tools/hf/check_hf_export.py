#!/usr/bin/python3
"""Reads a Hugging Face folder written by `workbench export --format hf` independently of the workbench, with torch
and the standard library only, and checks it.

  check_hf_export.py EXPORTED_DIR [--reference FILE] [--encode ENC.json [--predict PRED.json]]
                      [--run RUN_DIR [--nli-test TEST.jsonl]]

--reference FILE   a safetensors or torch.save file whose tensors the export must hold bit for bit (same names,
                   shapes and float32 values; tied copies and index buffers in FILE are ignored)
--encode ENC.json  `workbench encode --model EXPORTED_DIR ...` output: the script runs its own float64 forward of
                   transformers' BERT on the same input ids with the activation named in config.json and compares
                   the pooled vector (tolerance 1e-5)
--predict PRED.json `workbench predict --model EXPORTED_DIR` on the same text pair as ENC.json (first record):
                   compares classifier(pooled) with the workbench's logits and its softmax with the probabilities
                   (tolerance 1e-5)

--run RUN_DIR      the `workbench run` folder the export came from: loads EXPORTED_DIR with transformers 5
                   itself, AutoTokenizer (must give the fast tokenizer, from tokenizer.json) and the AutoModelFor...
                   class of config.json's architecture, and re-predicts the run's predictions-test.jsonl:
                   a sequence classifier on the pairs of --nli-test (MedNLI jsonl, matched by pairID; truncated to
                   the run's max_seq_length as google does, longest side first), comparing labels and logits
                   (tolerance 1e-4); a token classifier on each sentence's words (is_split_into_words=True, the
                   label of each word at its first piece), comparing the tags word by word

Exit status 0 when every check passes. Run with Debian's /usr/bin/python3 (torch 1.13), or for --run with the
transformers 5 environment (/opt/torch2/bin/python).
"""
import argparse
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F

TOL = 1e-5
RUN_TOL = 1e-4


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        if e["dtype"] != "F32":
            raise SystemExit("%s: tensor %s has dtype %s, the export writes F32" % (path, name, e["dtype"]))
        b, end = e["data_offsets"]
        t = torch.frombuffer(bytearray(data[base + b:base + end]), dtype=torch.float32)
        out[name] = t.reshape(e["shape"]) if e["shape"] else t.reshape(())
    return out


def read_any(path):
    if path.endswith(".safetensors"):
        return read_safetensors(path)
    return {k: v for k, v in torch.load(path, map_location="cpu").items()}


def normalise(name):
    return name.replace("LayerNorm.gamma", "LayerNorm.weight").replace("LayerNorm.beta", "LayerNorm.bias")


def forward(cfg, w, ids, types):
    H, NH, L = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_hidden_layers"]
    act = cfg["hidden_act"]
    eps = cfg.get("layer_norm_eps", 1e-12)
    d = H // NH
    w = {k: v.to(torch.float64) for k, v in w.items()}
    ln = lambda x, n: F.layer_norm(x, (H,), w[n + ".weight"], w[n + ".bias"], eps=eps)
    lin = lambda x, n: F.linear(x, w[n + ".weight"], w[n + ".bias"])
    if act == "gelu":
        gelu = lambda x: 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))
    elif act in ("gelu_new", "gelu_pytorch_tanh"):
        gelu = lambda x: 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))
    else:
        raise SystemExit("unexpected hidden_act " + act)
    B, T = ids.shape
    x = (w["bert.embeddings.word_embeddings.weight"][ids] + w["bert.embeddings.token_type_embeddings.weight"][types]
         + w["bert.embeddings.position_embeddings.weight"][:T].unsqueeze(0))
    x = ln(x, "bert.embeddings.LayerNorm")
    for l in range(L):
        p = "bert.encoder.layer.%d." % l
        heads = lambda t: t.view(B, T, NH, d).permute(0, 2, 1, 3)
        q, k, v = (heads(lin(x, p + "attention.self." + n)) for n in ("query", "key", "value"))
        ctx = (torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d), dim=-1) @ v).permute(0, 2, 1, 3).reshape(B, T, H)
        a = ln(lin(ctx, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        x = ln(lin(gelu(lin(a, p + "intermediate.dense")), p + "output.dense") + a, p + "output.LayerNorm")
    pooled = torch.tanh(lin(x[:, 0], "bert.pooler.dense"))
    logits = lin(pooled, "classifier") if "classifier.weight" in w else None
    return x, pooled, logits


def check_run(export_dir, run_dir, nli_test):
    """Loads the export with transformers 5 and re-predicts the run's test predictions; True when all agree."""
    import transformers
    import yaml
    from transformers import AutoModelForSequenceClassification, AutoModelForTokenClassification, AutoTokenizer

    with open(os.path.join(run_dir, "config.yaml")) as f:
        max_len = yaml.safe_load(f)["model"]["max_seq_length"]
    tok = AutoTokenizer.from_pretrained(export_dir)
    print("transformers %s: AutoTokenizer gives %s (fast: %s), lower-cases: %s, max_input_chars_per_word %s"
          % (transformers.__version__, type(tok).__name__, tok.is_fast,
             tok.backend_tokenizer.normalizer.lowercase if hasattr(tok.backend_tokenizer.normalizer, "lowercase")
             else "?", tok.backend_tokenizer.model.max_input_chars_per_word))
    if not tok.is_fast:
        print("FAILED: not the fast tokenizer")
        return False
    with open(os.path.join(export_dir, "config.json")) as f:
        arch = json.load(f)["architectures"][0]
    cls = AutoModelForTokenClassification if arch == "BertForTokenClassification" \
        else AutoModelForSequenceClassification
    model = cls.from_pretrained(export_dir).eval()
    print("%s loaded as %s, labels %s" % (arch, type(model).__name__, list(model.config.id2label.values())))
    with open(os.path.join(run_dir, "predictions-test.jsonl")) as f:
        preds = [json.loads(line) for line in f if line.strip()]
    id2label = model.config.id2label
    if arch == "BertForTokenClassification":
        same_words = total_words = same_sentences = skipped = 0
        for p in preds:
            enc = tok(p["words"], is_split_into_words=True, return_tensors="pt")
            if enc["input_ids"].shape[1] > max_len:
                skipped += 1  # the run cut such a sentence into windows; not re-done here
                continue
            with torch.no_grad():
                arg = model(**enc).logits[0].argmax(-1).tolist()
            tags, seen = [], set()
            for i, w in enumerate(enc.word_ids(0)):
                if w is not None and w not in seen:
                    seen.add(w)
                    tags.append(id2label[arg[i]])
            agree = sum(a == b for a, b in zip(tags, p["predicted"]))
            same_words += agree
            total_words += len(p["predicted"])
            same_sentences += int(tags == p["predicted"])
        print("NER: %d/%d sentences and %d/%d words tagged as the run tagged them (%d longer than %d pieces skipped)"
              % (same_sentences, len(preds) - skipped, same_words, total_words, skipped, max_len))
        return same_words == total_words and total_words > 0
    pairs = {}
    with open(nli_test) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                pairs[r["pairID"]] = (r["sentence1"], r["sentence2"])
    same_labels, diff = 0, 0.0
    for p in preds:
        a, b = pairs[p["pairID"]]
        enc = tok(a, b, truncation="longest_first", max_length=max_len, return_tensors="pt")
        with torch.no_grad():
            logits = model(**enc).logits[0]
        same_labels += int(id2label[int(logits.argmax())] == p["predicted_label"])
        diff = max(diff, (logits.double() - torch.tensor(p["logits"], dtype=torch.float64)).abs().max().item())
    print("NLI: %d/%d test labels as the run predicted them, logits max |diff| %.3g (tolerance %g)"
          % (same_labels, len(preds), diff, RUN_TOL))
    return same_labels == len(preds) and diff <= RUN_TOL and preds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--reference")
    ap.add_argument("--encode")
    ap.add_argument("--predict")
    ap.add_argument("--run")
    ap.add_argument("--nli-test")
    a = ap.parse_args()
    with open(os.path.join(a.dir, "config.json")) as f:
        cfg = json.load(f)
    w = read_safetensors(os.path.join(a.dir, "model.safetensors"))
    ok = True
    print("config: %s, hidden_act %s, %d tensors" % (cfg.get("architectures"), cfg["hidden_act"], len(w)))
    if a.reference:
        ref = {normalise(k): v for k, v in read_any(a.reference).items()
               if not k.endswith("position_ids") and not k.startswith("cls.predictions.decoder.")}
        # a classifier export leaves the pretraining heads (cls.*) of the reference out; nothing else may differ
        classifier = any(x.endswith("Classification") for x in cfg.get("architectures", []))
        left_out = sorted(k for k in set(ref) - set(w) if classifier and k.startswith("cls."))
        missing = sorted(set(ref) - set(w) - set(left_out))
        extra = sorted(set(w) - set(ref))
        if missing or extra:
            print("names differ: only in reference %s, only in export %s" % (missing, extra))
            ok = False
        if left_out:
            print("pretraining heads of the reference not in this classifier export: %d tensors" % len(left_out))
        same = [k for k in w if k in ref and ref[k].shape == w[k].shape and torch.equal(ref[k].to(torch.float32), w[k])]
        print("tensors identical to %s: %d of %d exported" % (a.reference, len(same), len(w)))
        ok = ok and len(same) == len(w)
    if a.encode:
        with open(a.encode) as f:
            enc = json.load(f)
        ids = torch.tensor([enc["input_ids"]])
        types = torch.tensor([enc["segment_ids"]])
        _, pooled, logits = forward(cfg, w, ids, types)
        diff = (pooled[0] - torch.tensor(enc["pooled_output"], dtype=torch.float64)).abs().max().item()
        print("pooled output: max |diff| %.3g (tolerance %g)" % (diff, TOL))
        ok = ok and diff <= TOL
        if a.predict:
            with open(a.predict) as f:
                pred = json.load(f)["predictions"][0]
            labels = [cfg["id2label"][str(i)] for i in range(len(cfg["id2label"]))]
            probs = torch.softmax(logits[0], dim=-1)
            got = torch.tensor([pred["probabilities"][l] for l in labels], dtype=torch.float64)
            diff = (probs - got).abs().max().item()
            print("logits -> probabilities: max |diff| %.3g (tolerance %g), reference logits %s"
                  % (diff, TOL, [round(x, 6) for x in logits[0].tolist()]))
            ok = ok and diff <= TOL
            if "logits" in pred:
                got = torch.tensor([pred["logits"][l] for l in labels], dtype=torch.float64)
                diff = (logits[0] - got).abs().max().item()
                print("logits: max |diff| %.3g (tolerance %g)" % (diff, TOL))
                ok = ok and diff <= TOL
    if a.run:
        ok = bool(check_run(a.dir, a.run, a.nli_test)) and ok
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
