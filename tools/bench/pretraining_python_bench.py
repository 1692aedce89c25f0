"""google's create_training_instances (CPython) on a synthetic corpus like PretrainingInstancesBenchmark's,
for comparison. Usage: /usr/bin/python3 tools/bench/pretraining_python_bench.py BERT_DIR
(BERT_DIR: a checkout of google-research/bert, not part of this project)."""
import bisect, collections, os, random, sys, tempfile, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden"))
import pretraining_golden as pg
sys.modules["tensorflow"] = pg._make_tf_stub()
tok = pg._load("tokenization", os.path.join(sys.argv[1], "tokenization.py"))
cpd = pg._load("create_pretraining_data", os.path.join(sys.argv[1], "create_pretraining_data.py"))
words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + ["w%d" % i for i in range(29995)]
g = random.Random(42)
weights = [1.0 / (r + 1) for r in range(len(words) - 5)]
cum = list(__import__("itertools").accumulate(weights))
out = []; n = 0
while n < 4 * (1 << 20):
    for _ in range(3 + g.randrange(38)):
        line = " ".join(words[5 + min(bisect.bisect_left(cum, g.random() * cum[-1]), len(cum) - 1)] for _ in range(4 + g.randrange(37)))
        out.append(line); n += len(line) + 1
    out.append(""); n += 1
path = os.path.join(tempfile.mkdtemp(), "synthetic.txt")
open(path, "w").write("\n".join(out) + "\n")
class WS(object):
    vocab = collections.OrderedDict((w, i) for i, w in enumerate(words))
    def tokenize(self, line): return line.split()
cpd.FLAGS.do_whole_word_mask = False
t0 = time.time()
inst = cpd.create_training_instances([path], WS(), 128, 5, 0.1, 0.15, 22, random.Random(12345))
t1 = time.time()
print("python %s: %d instances in %.2f s (read+tokenise+create) = %.0f instances/s" % (sys.version.split()[0], len(inst), t1 - t0, len(inst) / (t1 - t0)))
os.remove(path); os.rmdir(os.path.dirname(path))
