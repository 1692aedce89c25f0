#!/usr/bin/python3
"""Writes the seeded tensors JSON behind src/test/resources/checkpoint/java-written/: the tensors the workbench's
own TfCheckpointWriter writes there (TfCheckpointWriterTest), and that real TensorFlow then restores and compares
(run.sh --verify-only, see README "verifying the Java writer").

Names chosen to test bytewise key order ('.' < '/' < '_' < letters, a name and its extensions, non-ASCII names
whose UTF-8 order differs from Java's UTF-16 order), plus enough BERT-like names that a 1 KiB-block Snappy index
has several blocks and restart points; scalars, 1-D to 3-D, float32 and int64; listed in a non-sorted order so
the data shard's order (as given) differs from the index's (sorted).
Run: /usr/bin/python3 make_java_writer_tensors.py OUT.json
"""
import json
import sys

import numpy as np

rng = np.random.default_rng(20261125)
tensors = []


def add(name, shape, dtype="float32"):
    n = int(np.prod(shape)) if shape else 1
    if dtype == "float32":
        values = [float(v) for v in rng.normal(0.0, 0.5, n).astype(np.float32)]
    else:
        values = [int(v) for v in rng.integers(-2**40, 2**40, n)]
    tensors.append({"name": name, "dtype": dtype, "shape": list(shape), "values": values})


for name in ["a_b", "a/b/c", "ab", "a", "a/b", "a.b", "\ufffd", "\U0001F600", "caf\u00e9/kernel"]:
    add(name, [2])
for layer in range(6):
    p = "bert/encoder/layer_%d/" % layer
    for part in ("attention/self/query", "attention/self/key", "attention/self/value",
                 "attention/output/dense", "intermediate/dense", "output/dense"):
        add(p + part + "/kernel", [2, 3])
        add(p + part + "/bias", [3])
add("bert/embeddings/word_embeddings", [5, 2, 3])
add("extra/scalar_float", [])
add("extra/int64_vector", [3], "int64")
tensors.append({"name": "global_step", "dtype": "int64", "shape": [], "values": [1000]})

with open(sys.argv[1], "w") as f:
    json.dump({"tensors": tensors}, f, ensure_ascii=False)
print(len(tensors), "tensors")
