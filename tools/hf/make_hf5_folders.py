#!/opt/torch2/bin/python
"""Writes tiny model folders exactly as transformers 5 saves them (src/test/resources/hf5/) and golden.json with
transformers' own outputs on them: the reference for reading such folders in every workbench command.

  bert-model/             BertModel, uncased tokenizer, model.safetensors
  seq-cls/                BertForSequenceClassification (MedNLI's three labels), cased tokenizer with an added
                          word ("hba1c", embeddings resized to it), model.safetensors
  seq-cls-sharded/        the same model saved with a small max_shard_size: shards + model.safetensors.index.json
  token-cls/              BertForTokenClassification (i2b2 2010 BIO labels), uncased tokenizer, model.safetensors
  token-cls-sharded/      the same model, sharded

Each holds config.json, the weights, tokenizer.json and tokenizer_config.json and no vocab.txt, as save_pretrained
(5.18) writes them. The vocabulary is src/test/resources/hf/tiny-safetensors/vocab.txt; hidden size 32, 2 layers.

golden.json: for each folder, transformers' tokenisation (input ids, type ids) and outputs in eval mode, float32:
last_hidden_state and pooler_output (BertModel and the bodies), logits of sequence pairs, and for token
classification the label of each word at its first word piece (tokenizer(words, is_split_into_words=True)).

Run with the transformers 5 environment:  /opt/torch2/bin/python tools/hf/make_hf5_folders.py [OUT_DIR]
"""
import json
import os
import shutil
import sys
import tempfile

import torch
import transformers
from transformers import (AutoModel, AutoModelForSequenceClassification, AutoModelForTokenClassification,
                          AutoTokenizer, BertConfig, BertForSequenceClassification, BertForTokenClassification,
                          BertModel, BertTokenizer)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
RES = os.path.join(ROOT, "src", "test", "resources")
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(RES, "hf5")
VOCAB = os.path.join(RES, "hf", "tiny-safetensors", "vocab.txt")

NLI_LABELS = ["contradiction", "entailment", "neutral"]
NER_LABELS = ["O", "B-problem", "I-problem", "B-test", "I-test", "B-treatment", "I-treatment"]
TEXTS = ["The patient denies chest pain.", "CT scan showed mass in left lung"]
PAIRS = [("the patient was admitted with chest pain", "no acute distress"),
         ("Patient given aspirin 5 mg daily", "hba1c normal on exam")]
SENTENCES = ["patient denies chest pain and fever", "ct scan showed left lung mass .",
             "given aspirin daily for hypertension"]


def config(vocab_size, **extra):
    return BertConfig(vocab_size=vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                      intermediate_size=64, max_position_embeddings=64, type_vocab_size=2, hidden_act="gelu",
                      initializer_range=0.2, **extra)


def tokenizer(lower, added=()):
    tok = BertTokenizer(VOCAB, do_lower_case=lower)
    if added:
        tok.add_tokens(list(added))
    return tok


def save(model, tok, name, **kw):
    d = os.path.join(OUT, name)
    model.save_pretrained(d, **kw)
    tok.save_pretrained(d)
    assert not os.path.exists(os.path.join(d, "vocab.txt")), "transformers 5 writes no vocab.txt"
    return d


def body(model, enc):
    with torch.no_grad():
        out = model(**enc, output_hidden_states=True)
    return out


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    torch.manual_seed(20261207)
    golden = {"transformers": transformers.__version__, "torch": torch.__version__}

    tok = tokenizer(True)
    m = BertModel(config(len(tok))).eval()
    d = save(m, tok, "bert-model")
    loaded_tok, loaded = AutoTokenizer.from_pretrained(d), AutoModel.from_pretrained(d).eval()
    assert loaded_tok.is_fast
    g = []
    for t in TEXTS:
        enc = loaded_tok(t, return_tensors="pt")
        with torch.no_grad():
            o = loaded(**enc)
        g.append({"text": t, "input_ids": enc["input_ids"][0].tolist(),
                  "token_type_ids": enc["token_type_ids"][0].tolist(),
                  "last_hidden_state": o.last_hidden_state[0].tolist(), "pooler_output": o.pooler_output[0].tolist()})
    golden["bert-model"] = {"texts": g}

    tok = tokenizer(False, added=["hba1c"])
    m = BertForSequenceClassification(config(len(tok), id2label=dict(enumerate(NLI_LABELS)),
                                             label2id={l: i for i, l in enumerate(NLI_LABELS)})).eval()
    d = save(m, tok, "seq-cls")
    save(m, tok, "seq-cls-sharded", max_shard_size="40KB")
    loaded_tok, loaded = AutoTokenizer.from_pretrained(d), AutoModelForSequenceClassification.from_pretrained(d).eval()
    g = []
    for a, b in PAIRS:
        enc = loaded_tok(a, b, return_tensors="pt")
        with torch.no_grad():
            o = loaded(**enc, output_hidden_states=True)
        g.append({"a": a, "b": b, "input_ids": enc["input_ids"][0].tolist(),
                  "token_type_ids": enc["token_type_ids"][0].tolist(), "logits": o.logits[0].tolist(),
                  "last_hidden_state": o.hidden_states[-1][0].tolist(),
                  "pooler_output": loaded.bert.pooler(o.hidden_states[-1])[0].tolist()})
    golden["seq-cls"] = {"pairs": g}

    tok = tokenizer(True)
    m = BertForTokenClassification(config(len(tok), id2label=dict(enumerate(NER_LABELS)),
                                          label2id={l: i for i, l in enumerate(NER_LABELS)})).eval()
    d = save(m, tok, "token-cls")
    save(m, tok, "token-cls-sharded", max_shard_size="40KB")
    loaded_tok, loaded = AutoTokenizer.from_pretrained(d), AutoModelForTokenClassification.from_pretrained(d).eval()
    g = []
    for s in SENTENCES:
        words = s.split()
        enc = loaded_tok(words, is_split_into_words=True, return_tensors="pt")
        with torch.no_grad():
            o = loaded(**enc, output_hidden_states=True)
        pred = o.logits[0].argmax(-1).tolist()
        tags, seen = [], set()
        for i, w in enumerate(enc.word_ids(0)):
            if w is not None and w not in seen:
                seen.add(w)
                tags.append(NER_LABELS[pred[i]])
        g.append({"sentence": s, "words": words, "input_ids": enc["input_ids"][0].tolist(), "tags": tags,
                  "logits": o.logits[0].tolist(), "last_hidden_state": o.hidden_states[-1][0].tolist()})
    golden["token-cls"] = {"sentences": g}

    for name in sorted(os.listdir(OUT)):
        print(name, sorted(os.listdir(os.path.join(OUT, name))))
    with open(os.path.join(OUT, "golden.json"), "w", encoding="utf-8") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
