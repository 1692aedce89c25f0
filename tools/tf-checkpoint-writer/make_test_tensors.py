#!/usr/bin/python3
"""Writes the seeded tensors JSON behind the checkpoint-reader test fixture (src/test/resources/checkpoint/).

Several hundred long, BERT-like variable names (so the index table spans several blocks and many restart
points), scalars, 1-D to 3-D shapes, float32 and int64, optimizer slots and global_step, and the heads
a BERT checkpoint may carry. Values are float32 written with Python's shortest round-trip repr.
Run: /usr/bin/python3 make_test_tensors.py OUT.json
"""
import json
import sys

import numpy as np

rng = np.random.default_rng(20191125)
tensors = []


def add(name, shape, dtype="float32"):
    n = int(np.prod(shape)) if shape else 1
    if dtype == "float32":
        vals = rng.normal(0.0, 0.5, n).astype(np.float32)
        values = [float(v) if v != 0 else 0.0 for v in vals]
    else:
        values = [int(v) for v in rng.integers(-2**40, 2**40, n)]
    tensors.append({"name": name, "dtype": dtype, "shape": list(shape), "values": values})


H, I, V = 4, 6, 7
add("bert/embeddings/word_embeddings", [V, H])
add("bert/embeddings/position_embeddings", [5, H])
add("bert/embeddings/token_type_embeddings", [2, H])
add("bert/embeddings/LayerNorm/gamma", [H])
add("bert/embeddings/LayerNorm/beta", [H])
for layer in range(12):
    p = "bert/encoder/layer_%d/" % layer
    for qkv in ("query", "key", "value"):
        add(p + "attention/self/%s/kernel" % qkv, [H, H])
        add(p + "attention/self/%s/bias" % qkv, [H])
    add(p + "attention/output/dense/kernel", [H, H])
    add(p + "attention/output/dense/bias", [H])
    add(p + "attention/output/LayerNorm/gamma", [H])
    add(p + "attention/output/LayerNorm/beta", [H])
    add(p + "intermediate/dense/kernel", [H, I])
    add(p + "intermediate/dense/bias", [I])
    add(p + "output/dense/kernel", [I, H])
    add(p + "output/dense/bias", [H])
    add(p + "output/LayerNorm/gamma", [H])
    add(p + "output/LayerNorm/beta", [H])
add("bert/pooler/dense/kernel", [H, H])
add("bert/pooler/dense/bias", [H])
add("cls/predictions/transform/dense/kernel", [H, H])
add("cls/predictions/transform/dense/bias", [H])
add("cls/predictions/transform/LayerNorm/gamma", [H])
add("cls/predictions/transform/LayerNorm/beta", [H])
add("cls/predictions/output_bias", [V])
add("cls/seq_relationship/output_weights", [2, H])
add("cls/seq_relationship/output_bias", [2])
add("output_weights", [3, H])
add("output_bias", [3])
# odd shapes: scalar, length-1, 3-D, and a very long name
add("extra/scalar_float", [])
add("extra/one_element", [1])
add("extra/three_d/" + "very_long_scope_name_" * 6 + "kernel", [2, 3, 2])
add("extra/int64_vector", [3], "int64")
# Adam slots for every model variable so far (names as BERT's AdamWeightDecayOptimizer writes them)
model_vars = [t for t in tensors if t["dtype"] == "float32"]
for t in model_vars:
    add(t["name"] + "/adam_m", t["shape"])
    add(t["name"] + "/adam_v", t["shape"])
tensors.append({"name": "global_step", "dtype": "int64", "shape": [], "values": [150000]})
# extreme magnitudes survive the JSON -> float32 round trip exactly
tensors.append({"name": "extra/extremes", "dtype": "float32", "shape": [4],
                "values": [float(np.float32(3.4e38)), float(np.float32(1e-30)), float(np.float32(-1.5e-7)), 1.0]})

with open(sys.argv[1], "w") as f:
    json.dump({"tensors": tensors}, f)
print(len(tensors), "tensors")
