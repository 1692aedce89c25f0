#!/usr/bin/env python3
"""Writes src/test/resources/eval/conlleval-golden.txt: random gold/predicted tag sequences and the
output of the real conlleval.pl on each, so ConllEvalGoldenTest can check our scorer against the script.

Usage: tools/golden/conlleval_golden.py /path/to/conlleval.pl [output-file]

conlleval.pl is not part of this repository (fetch it yourself, e.g. from the CoNLL-2000 site or
EmilyAlsentzer/clinicalBERT downstream_tasks/ner_eval/conlleval.pl). Needs perl. Deterministic (fixed seed).

File format: for each case, a line "### case N", the word lines "gold predicted" with a blank line
between sentences, a line "--- conlleval", the script's stdout verbatim, and a line "=== end".
"""
import random
import subprocess
import sys

CASES = 250
TYPES = ["A", "B", "LOCATION-OTHER"]  # a hyphenated type as in i2b2 2014 (conlleval splits at the first '-')


def random_tag(rng, prefixes):
    p = rng.choice(prefixes)
    return "O" if p == "O" else p + "-" + rng.choice(TYPES)


def gold_sentence(rng, prefixes):
    """Mostly well-formed BIO entities, with some I- starts and adjacent same-type entities."""
    n = rng.randint(0, 12)
    tags = []
    while len(tags) < n:
        r = rng.random()
        if r < 0.45:
            tags.append("O")
        elif r < 0.85:
            t = rng.choice(TYPES)
            first = "I" if rng.random() < 0.1 else "B"
            tags.append(first + "-" + t)
            for _ in range(rng.randint(0, 3)):
                tags.append("I-" + t)
        else:
            tags.append(random_tag(rng, prefixes))
    return tags[:n]


def predicted(rng, gold, noise, prefixes):
    out = []
    for g in gold:
        r = rng.random()
        if r < noise:
            out.append(random_tag(rng, prefixes))
        elif r < noise * 1.3 and g != "O":
            out.append(("I-" if g.startswith("B-") else "B-") + g.split("-", 1)[1] if "-" in g else g)
        else:
            out.append(g)
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    script = sys.argv[1]
    target = sys.argv[2] if len(sys.argv) > 2 else "src/test/resources/eval/conlleval-golden.txt"
    rng = random.Random(20190406)
    chunks = []
    for case in range(CASES):
        # one case in ten also uses the IOBES prefixes the script knows (E-, S-)
        prefixes = ["O", "B", "I", "E", "S"] if case % 10 == 9 else ["O", "B", "I"]
        noise = rng.choice([0.0, 0.05, 0.15, 0.3, 0.6])
        sentences = []
        for _ in range(rng.randint(1, 5)):
            g = gold_sentence(rng, prefixes)
            sentences.append(list(zip(g, predicted(rng, g, noise, prefixes))))
        text = "\n\n".join("\n".join("w%d %s %s" % (i, g, p) for i, (g, p) in enumerate(s)) for s in sentences)
        out = subprocess.run(["perl", script], input=text + "\n", capture_output=True, text=True, check=True).stdout
        body = "\n\n".join("\n".join("%s %s" % wp for wp in s) for s in sentences)
        chunks.append("### case %d\n%s\n--- conlleval\n%s=== end\n" % (case, body, out))
    with open(target, "w") as f:
        f.write("".join(chunks))


if __name__ == "__main__":
    main()
