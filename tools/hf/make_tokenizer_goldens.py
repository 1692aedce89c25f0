#!/opt/torch2/bin/python
"""Writes tokenizer.json folders and the golden tokenisations of transformers' own fast tokenizer
(src/test/resources/hf-tokenizer/), the reference for the workbench's tokenizer.json reader.

For each configuration below, transformers 5's BertTokenizer (the `tokenizers` backend, i.e. the fast tokenizer)
is built over one of the committed test vocabularies, given its added tokens and saved with save_pretrained
(tokenizer.json + tokenizer_config.json, no vocab.txt). golden.jsonl then holds, for every line of
src/test/resources/tokenizer/inputs.jsonl and the awkward clinical lines below, the input ids of tok(text)
(with [CLS] ... [SEP]) and their tokens; pairs.jsonl the ids and type ids of tok(a, b) for a few pairs.

Run with the transformers 5 environment:  /opt/torch2/bin/python tools/hf/make_tokenizer_goldens.py [OUT_DIR]
"""
import json
import os
import shutil
import sys

import transformers
from transformers import AddedToken, BertTokenizer

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
RES = os.path.join(ROOT, "src", "test", "resources")
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(RES, "hf-tokenizer")

# lines aimed at the places where the tokenizers library differs from google's tokenization.py
EXTRA = [
    "Pt's HbA1c 9.2% on metformin 500 mg q.i.d.; hba1c rechecked.",
    "HBA1C and xq.i.d.y and q.i.d.",
    "Pt [SEP] literal [CLS] tokens [MASK] in text [UNK] [PAD]",
    "[MASK]ed and un[SEP]ed",
    "Caf\u00e9 na\u00efve \u00c5ngstr\u00f6m fa\u00e7ade cr\u00e8me br\u00fbl\u00e9e, e\u0301 vs \u00e9.",
    "\u0130stanbul STRA\u00dfE \u03a3\u039f\u03a6\u0399\u0391\u03a3 \u03c3\u03bf\u03c6\u03b9\u03b1\u03c2",
    "\u60a3\u8005\u6709\u9ad8\u8840\u538b\u75c5\u53f2\u3002\u8840\u538b160/95 mmHg",
    "ext-B \U00020001x ext-E \U0002B830y ext-F \U0002CEB0z",
    "ctrl\u0085next\u000bvt\u000cff\u001cfs\u200dzwj\u200bzwsp\u2028ls\u2029ps",
    "private\ue000use unassigned\u0378x surrogate-free \ufffd replacement",
    "\uff21\uff22\uff23 fullwidth, \ufb01ne ligature, \u2167 roman",
    "x" * 99 + " " + "y" * 100 + " " + "z" * 101 + " " + "w" * 150,
    "pneumonoultramicroscopicsilicovolcanoconiosis" * 3,
    "emoji \U0001F600 and \u2764\ufe0f heart, tab\there",
    "NSTEMI, non-NSTEMI, NSTEMIs and NSTEMI.",
    "  [DX]  chest pain  [DX]end",
]

PAIRS = [
    ("The patient denies chest pain.", "No acute distress."),
    ("HbA1c 9.2% [SEP] x", "q.i.d. dosing"),
    ("", "empty premise"),
    ("Caf\u00e9 \u60a3\u8005", "\u0130stanbul"),
]


def configs():
    uncased = os.path.join(RES, "tokenizer", "vocab_uncased.txt")
    cased = os.path.join(RES, "tokenizer", "vocab_cased.txt")
    return [
        # name, vocab, lowercase, strip_accents, added tokens
        ("uncased", uncased, True, None, ["hba1c", AddedToken("q.i.d.", normalized=False)]),
        ("cased", cased, False, None, [AddedToken("NSTEMI", single_word=True),
                                       AddedToken("[DX]", lstrip=True, rstrip=True, normalized=False,
                                                  special=True)]),
        ("uncased-keep-accents", uncased, True, False, []),
        ("cased-strip-accents", cased, False, True, []),
    ]


def main():
    inputs = []
    with open(os.path.join(RES, "tokenizer", "inputs.jsonl"), encoding="utf-8") as f:
        for line in f:
            inputs.append(json.loads(line))
    inputs += EXTRA
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    for name, vocab, lower, strip, added in configs():
        tok = BertTokenizer(vocab, do_lower_case=lower, strip_accents=strip)
        assert tok.is_fast, "transformers 5's BertTokenizer is the tokenizers backend"
        specials = [a for a in added if isinstance(a, AddedToken) and a.special]
        plain = [a for a in added if not (isinstance(a, AddedToken) and a.special)]
        if plain:
            tok.add_tokens(plain)
        if specials:
            tok.add_tokens(specials, special_tokens=True)
        d = os.path.join(OUT, name)
        tok.save_pretrained(d)
        with open(os.path.join(d, "golden.jsonl"), "w", encoding="utf-8") as g:
            for i, text in enumerate(inputs):
                ids = tok(text)["input_ids"]
                g.write(json.dumps({"line": i, "text": text, "ids": ids,
                                    "tokens": tok.convert_ids_to_tokens(ids)}, ensure_ascii=True) + "\n")
        with open(os.path.join(d, "pairs.jsonl"), "w", encoding="utf-8") as g:
            for a, b in PAIRS:
                e = tok(a, b)
                g.write(json.dumps({"a": a, "b": b, "ids": e["input_ids"], "type_ids": e["token_type_ids"]},
                                   ensure_ascii=True) + "\n")
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8") as f:
        f.write("Written by tools/hf/make_tokenizer_goldens.py with transformers %s: tokenizer folders as "
                "save_pretrained writes them and transformers' fast-tokenizer output on them.\n"
                % transformers.__version__)


if __name__ == "__main__":
    main()
