#!/usr/bin/env python3
"""Golden files for the Java re-implementation of google-research/bert create_pretraining_data.py.

Runs google's own `create_training_instances` (TensorFlow stubbed out: it only needs tf.flags,
tf.gfile and tf.logging for that function) on the committed test input and vocabulary, and dumps
 - python_random.json: CPython `random.Random` outputs (seed/random/randint/getrandbits/shuffle),
 - instances-<case>.json: the tokenised documents (as read, before the document shuffle), the
   vocab words and the instances google creates, for several configurations,
 - instances-default.tfrecord: the first instances of the "default" case as a TFRecord of
   tf.train.Example, encoded by the pure-Python protobuf/TFRecord encoder below (no TF/protobuf
   needed), in google's feature order and padding.

Usage (Debian's python, no TensorFlow needed; google's repo is NOT part of this project):
  git clone https://github.com/google-research/bert /tmp/bert
  /usr/bin/python3 tools/golden/pretraining_golden.py /tmp/bert/create_pretraining_data.py \
      /tmp/bert/tokenization.py src/test/resources/pretrain
The output directory must hold input.txt and vocab.txt (committed).
"""
import argparse
import collections
import importlib.util
import json
import os
import random
import struct
import sys
import types

# ---------------------------------------------------------------------------------------------
# TensorFlow stub: just enough of TF1's API for the two scripts to import and run.


class _Flags(object):
    def __init__(self):
        object.__setattr__(self, "_values", {})

    def __getattr__(self, name):
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name)

    def __setattr__(self, name, value):
        self._values[name] = value


def _make_tf_stub():
    tf = types.ModuleType("tensorflow")
    flags = types.ModuleType("tensorflow.flags")
    flags.FLAGS = _Flags()

    def define(name, default, *_args, **_kwargs):
        flags.FLAGS._values[name] = default

    for kind in ("string", "bool", "integer", "float"):
        setattr(flags, "DEFINE_" + kind, define)
    flags.mark_flag_as_required = lambda name: None
    tf.flags = flags

    gfile = types.ModuleType("tensorflow.gfile")
    # Universal newlines, utf-8: the Java reader splits lines the same way.
    gfile.GFile = lambda path, mode="r": open(path, mode, encoding="utf-8")
    gfile.Glob = lambda pattern: sorted(__import__("glob").glob(pattern))
    tf.gfile = gfile

    logging = types.ModuleType("tensorflow.logging")
    logging.INFO = 20
    logging.info = lambda *a, **k: None
    logging.set_verbosity = lambda *a, **k: None
    tf.logging = logging
    tf.python_io = types.ModuleType("tensorflow.python_io")
    return tf


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------
# Pure-Python tf.train.Example + TFRecord encoding (independent of the Java encoder).

def _varint(n):
    out = bytearray()
    if n < 0:
        n += 1 << 64  # int64 negatives are 10-byte varints
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _field(number, wire_type, payload):
    if wire_type == 2:
        return _varint((number << 3) | 2) + _varint(len(payload)) + payload
    raise ValueError(wire_type)


def _feature(kind, values):
    # Feature { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3; } }
    # Int64List/FloatList { repeated ... value = 1 [packed = true]; } (empty packed field is omitted)
    if kind == "int":
        packed = b"".join(_varint(v) for v in values)
        inner = _field(1, 2, packed) if values else b""
        return _field(3, 2, inner)
    packed = b"".join(struct.pack("<f", v) for v in values)
    inner = _field(1, 2, packed) if values else b""
    return _field(2, 2, inner)


def encode_example(features):
    # Example { Features features = 1; } Features { map<string, Feature> feature = 1; }
    # map entries: { string key = 1; Feature value = 2; } in insertion order.
    entries = b""
    for name, (kind, values) in features.items():
        entry = _field(1, 2, name.encode("utf-8")) + _field(2, 2, _feature(kind, values))
        entries += _field(1, 2, entry)
    return _field(1, 2, entries)


def _crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def _masked_crc(data):
    crc = _crc32c(data)
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def tfrecord(payload):
    length = struct.pack("<Q", len(payload))
    return (length + struct.pack("<I", _masked_crc(length)) + payload
            + struct.pack("<I", _masked_crc(payload)))


def example_features(instance, vocab, max_seq_length, max_predictions_per_seq):
    """Mirrors write_instance_to_example_files (ids, mask, padding, feature order)."""
    input_ids = [vocab[t] for t in instance.tokens]
    input_mask = [1] * len(input_ids)
    segment_ids = list(instance.segment_ids)
    while len(input_ids) < max_seq_length:
        input_ids.append(0)
        input_mask.append(0)
        segment_ids.append(0)
    positions = list(instance.masked_lm_positions)
    ids = [vocab[t] for t in instance.masked_lm_labels]
    weights = [1.0] * len(ids)
    while len(positions) < max_predictions_per_seq:
        positions.append(0)
        ids.append(0)
        weights.append(0.0)
    features = collections.OrderedDict()
    features["input_ids"] = ("int", input_ids)
    features["input_mask"] = ("int", input_mask)
    features["segment_ids"] = ("int", segment_ids)
    features["masked_lm_positions"] = ("int", positions)
    features["masked_lm_ids"] = ("int", ids)
    features["masked_lm_weights"] = ("float", weights)
    features["next_sentence_labels"] = ("int", [1 if instance.is_random_next else 0])
    return features


# ---------------------------------------------------------------------------------------------

def python_random_dump():
    out = {"python": sys.version.split()[0], "cases": []}
    for seed in (12345, 0, 1, 2 ** 32 + 7, 2 ** 70 + 12345, -5):
        rng = random.Random(seed)
        case = {"seed": str(seed)}
        case["random"] = [rng.random() for _ in range(8)]
        case["randint_0_100"] = [rng.randint(0, 100) for _ in range(8)]
        case["randint_2_125"] = [rng.randint(2, 125) for _ in range(8)]
        case["randint_0_0"] = [rng.randint(0, 0) for _ in range(3)]
        case["randint_0_28995"] = [rng.randint(0, 28995) for _ in range(8)]
        case["getrandbits"] = [[k, rng.getrandbits(k)] for k in (1, 5, 31, 32, 33, 53, 64)]
        x = list(range(20))
        rng.shuffle(x)
        case["shuffle_20"] = x
        y = list(range(1000))
        rng.shuffle(y)
        case["shuffle_1000_head"] = y[:20]
        case["random_after"] = rng.random()
        out["cases"].append(case)
    return out


def synthetic_documents(seed, vocab_words):
    """A bigger corpus drawn with random.Random(seed); the Java test draws the same one with PythonRandom."""
    g = random.Random(seed)
    docs = []
    for _ in range(g.randint(60, 90)):
        doc = []
        for _ in range(g.randint(1, 30)):
            doc.append([vocab_words[g.randint(5, len(vocab_words) - 1)] for _ in range(g.randint(1, 60))])
        docs.append(doc)
    return docs


class _LineTokenizer(object):
    """Stands in for FullTokenizer: line "i" tokenises to sentence i of the synthetic corpus."""

    def __init__(self, sentences, vocab):
        self.sentences = sentences
        self.vocab = vocab

    def tokenize(self, line):
        return list(self.sentences[int(line)]) if line else []


def canonical(instances):
    """One line per instance; the Java test renders its instances the same way and compares SHA-256."""
    lines = []
    for i in instances:
        lines.append("%s|%s|%d|%s|%s" % (" ".join(i.tokens), " ".join(str(x) for x in i.segment_ids),
                                         1 if i.is_random_next else 0,
                                         " ".join(str(x) for x in i.masked_lm_positions),
                                         " ".join(i.masked_lm_labels)))
    return "\n".join(lines) + "\n"


SYNTHETIC_CASES = collections.OrderedDict([
    # name: (corpus seed, max_seq_length, max_predictions_per_seq, dupe_factor, masked_lm_prob, short_seq_prob, seed, wwm)
    ("synthetic-default", (99, 128, 20, 2, 0.15, 0.1, 12345, False)),
    ("synthetic-wwm", (5, 128, 22, 2, 0.15, 0.2, 2024, True)),
    ("synthetic-short", (7, 64, 10, 1, 0.3, 0.6, 1, False)),
])

CASES = collections.OrderedDict([
    # name: (max_seq_length, max_predictions_per_seq, dupe_factor, masked_lm_prob, short_seq_prob, seed, wwm)
    ("default", (32, 6, 3, 0.15, 0.1, 12345, False)),
    ("short", (64, 20, 3, 0.25, 0.5, 7, False)),  # 0.25: a length-34 instance needs round(8.5) == 8
    ("wwm", (40, 7, 2, 0.15, 0.1, 12345, True)),
])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("create_pretraining_data")
    parser.add_argument("tokenization")
    parser.add_argument("out_dir")
    parser.add_argument("--random-only", action="store_true",
                        help="only print the python_random dump (to compare Python versions)")
    args = parser.parse_args()

    if args.random_only:
        print(json.dumps(python_random_dump(), sort_keys=True))
        return

    sys.modules["tensorflow"] = _make_tf_stub()
    if "six" not in sys.modules:
        try:
            import six  # noqa: F401
        except ImportError:  # pyenv interpreters without six: tokenization only needs PY2/PY3
            six = types.ModuleType("six")
            six.PY2, six.PY3 = False, True
            sys.modules["six"] = six
    tokenization = _load("tokenization", args.tokenization)
    cpd = _load("create_pretraining_data", args.create_pretraining_data)

    input_file = os.path.join(args.out_dir, "input.txt")
    vocab_file = os.path.join(args.out_dir, "vocab.txt")
    tokenizer = tokenization.FullTokenizer(vocab_file=vocab_file, do_lower_case=False)

    # The tokenised documents exactly as google's reading loop builds them (before shuffling).
    documents = [[]]
    with open(input_file, encoding="utf-8") as reader:
        for line in reader:
            line = line.strip()
            if not line:
                documents.append([])
            tokens = tokenizer.tokenize(line)
            if tokens:
                documents[-1].append(tokens)
    documents = [d for d in documents if d]

    with open(os.path.join(args.out_dir, "python_random.json"), "w") as f:
        json.dump(python_random_dump(), f, indent=1, sort_keys=True)

    for name, (max_seq, max_preds, dupe, mlm_prob, short_prob, seed, wwm) in CASES.items():
        cpd.FLAGS.do_whole_word_mask = wwm
        rng = random.Random(seed)
        instances = cpd.create_training_instances(
            [input_file], tokenizer, max_seq, dupe, short_prob, mlm_prob, max_preds, rng)
        dump = {
            "python": sys.version.split()[0],
            "config": {"max_seq_length": max_seq, "max_predictions_per_seq": max_preds,
                       "dupe_factor": dupe, "masked_lm_prob": mlm_prob,
                       "short_seq_prob": short_prob, "random_seed": seed,
                       "do_whole_word_mask": wwm},
            "vocab_words": list(tokenizer.vocab.keys()),
            "documents": documents,
            "instances": [{"tokens": i.tokens, "segment_ids": i.segment_ids,
                           "is_random_next": i.is_random_next,
                           "masked_lm_positions": i.masked_lm_positions,
                           "masked_lm_labels": i.masked_lm_labels} for i in instances],
        }
        with open(os.path.join(args.out_dir, "instances-%s.json" % name), "w") as f:
            json.dump(dump, f, separators=(",", ":"))
        if name == "default":
            with open(os.path.join(args.out_dir, "instances-default.tfrecord"), "wb") as f:
                for instance in instances[:8]:
                    f.write(tfrecord(encode_example(
                        example_features(instance, tokenizer.vocab, max_seq, max_preds))))
        print("%s: %d documents, %d instances" % (name, len(documents), len(instances)))

    # Bigger corpora, run through google's create_training_instances with a stand-in tokenizer
    vocab_words = list(tokenizer.vocab.keys())
    synthetic = collections.OrderedDict()
    import hashlib
    import tempfile
    for name, (corpus_seed, max_seq, max_preds, dupe, mlm_prob, short_prob, seed, wwm) in SYNTHETIC_CASES.items():
        docs = synthetic_documents(corpus_seed, vocab_words)
        sentences = [s for d in docs for s in d]
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
            k = 0
            for d in docs:
                for _ in d:
                    f.write("%d\n" % k)
                    k += 1
                f.write("\n")
            path = f.name
        cpd.FLAGS.do_whole_word_mask = wwm
        instances = cpd.create_training_instances(
            [path], _LineTokenizer(sentences, tokenizer.vocab), max_seq, dupe, short_prob, mlm_prob, max_preds,
            random.Random(seed))
        os.unlink(path)
        text = canonical(instances)
        synthetic[name] = {"corpus_seed": corpus_seed, "documents": len(docs), "sentences": len(sentences),
                           "config": {"max_seq_length": max_seq, "max_predictions_per_seq": max_preds,
                                      "dupe_factor": dupe, "masked_lm_prob": mlm_prob,
                                      "short_seq_prob": short_prob, "random_seed": seed,
                                      "do_whole_word_mask": wwm},
                           "instances": len(instances),
                           "first": text.split("\n")[0],
                           "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
        print("%s: %d documents, %d instances" % (name, len(docs), len(instances)))
    with open(os.path.join(args.out_dir, "synthetic.json"), "w") as f:
        json.dump({"python": sys.version.split()[0], "cases": synthetic}, f, indent=1)


if __name__ == "__main__":
    main()
