#!/usr/bin/python3
"""Grows a finished `workbench embed` folder into a large index for timing `workbench neighbors`: the rows of
SRC tiled to N rows, each copy with small Gaussian noise (so no two rows are equal), written in chunks as
embeddings.npy (NumPy 1.0, <f4), with ids.jsonl and embed.json updated to match. Only for benchmarks: the vectors
are not embeddings of any text beyond the first copy.

    /usr/bin/python3 tools/embed/tile_index.py SRC_DIR OUT_DIR --rows 1000000
"""
import argparse
import json
import os

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--noise", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    with open(os.path.join(a.src, "embed.json")) as f:
        manifest = json.load(f)
    base = np.load(os.path.join(a.src, manifest["embeddings_file"] if "embeddings_file" in manifest
                                else "embeddings.npy"))
    with open(os.path.join(a.src, "ids.jsonl")) as f:
        records = [json.loads(line) for line in f]
    n, h = base.shape
    os.makedirs(a.out, exist_ok=False)
    rng = np.random.default_rng(a.seed)
    out = np.lib.format.open_memmap(os.path.join(a.out, "embeddings.npy"), mode="w+", dtype="<f4", shape=(a.rows, h))
    with open(os.path.join(a.out, "ids.jsonl"), "w") as ids:
        for start in range(0, a.rows, n):
            rows = min(n, a.rows - start)
            noise = 0.0 if start == 0 else a.noise
            out[start:start + rows] = base[:rows] + noise * rng.standard_normal((rows, h), dtype=np.float32)
            for r in range(rows):
                rec = dict(records[r])
                rec["row"] = start + r
                rec["id"] = "%s#%d" % (records[r]["id"], start // n) if start else records[r]["id"]
                ids.write(json.dumps(rec) + "\n")
    out.flush()
    del out
    manifest["rows"] = a.rows
    with open(os.path.join(a.out, "embed.json"), "w") as f:
        json.dump(manifest, f, indent=2)


if __name__ == "__main__":
    main()
