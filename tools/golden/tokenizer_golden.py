#!/usr/bin/python3
"""Golden tokenizations from google's own tokenization.py (google-research/bert), for the Java tokenizer tests.

Usage: /usr/bin/python3 tools/golden/tokenizer_golden.py PATH/TO/tokenization.py [OUT_DIR]
  OUT_DIR defaults to src/test/resources/tokenizer. Get google's file outside the repo (never commit it), e.g.
  git clone https://github.com/google-research/bert /tmp/bert  ->  /tmp/bert/tokenization.py

google's file imports tensorflow only for tf.gfile.GFile (in load_vocab); a stub module provides it, so Debian's
python3 runs it without TensorFlow. Everything is deterministic (fixed seed), so re-running gives identical files.

Writes:
  vocab_cased.txt / vocab_uncased.txt  synthetic vocabularies built from the lines (words, prefixes, ## pieces)
  inputs.jsonl                         one JSON string per line: the input texts (control chars survive escaping)
  golden.jsonl                         per input: google's basic + full tokens and ids, cased and uncased
  char_classes.tsv                     per code point range: google's _is_control/_is_whitespace/_is_punctuation
                                       and Python's str.isspace, run-length encoded over all of Unicode
  lower_strip.tsv                      ranges of code points whose lower()+_run_strip_accents() is not themselves:
                                       "first last -" (removed), "first last +d" (each maps to cp+d) or
                                       "cp cp =A B.." (explicit code points). Hangul syllables AC00-D7A3 are left
                                       out: NFD splits them into Jamo algorithmically (11172 rows); golden lines
                                       cover Korean text.
"""
import importlib.util
import io
import json
import os
import random
import sys
import types
import unicodedata

SEED = 20190403  # ClinicalBERT's arXiv date; any fixed value works


def load_google_tokenization(path):
    tf = types.ModuleType("tensorflow")
    tf.gfile = types.SimpleNamespace(GFile=lambda name, mode: io.open(name, mode, encoding="utf-8"))
    sys.modules["tensorflow"] = tf
    spec = importlib.util.spec_from_file_location("google_tokenization", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ABBREVIATIONS = ["b.i.d.", "t.i.d.", "q.i.d.", "q.d.", "q.h.s.", "p.o.", "p.r.n.", "i.v.", "s/p", "h/o", "c/o",
                 "y.o.", "w/", "w/o", "r/o", "d/c", "f/u", "n/v", "SOB", "CHF", "COPD", "HTN", "DM2", "CABG",
                 "MI", "PE", "DVT", "ICU", "NPO", "BP", "HR", "RR", "O2", "SpO2", "Pt", "pt.", "Dr.", "Mr.",
                 "Mrs.", "a.m.", "p.m.", "e.g.", "i.e.", "vs.", "approx.", "x2", "x3d", "2+", "1+", "+/-"]
PLACEHOLDERS = ["[**Hospital 1234**]", "[**2101-3-4**]", "[**Last Name (NamePattern1) **]",
                "[**First Name8 (NamePattern2) 123**]", "[**Hospital1 18**]", "[**MD Number(1) 456**]",
                "[**Telephone/Fax (1) 789**]", "[**Doctor Last Name **]", "[**Known lastname 99**]",
                "[**2112-12-31**]", "[**Location (un) 2**]", "[**Name2 (NI) **]", "[** **]", "[**3-4**]"]
NUMBERS_UNITS = ["5mg", "5 mg", "10mg/kg", "mg/dL", "120/80", "98.6F", "37.2C", "10^9/L", "3.5", "0.25",
                 "1,000", "1.000,5", "-4", "+12", "100%", "45%", "2-3", "3x/day", "0800", "12:30", "q4-6h",
                 "7.35-7.45", "K+", "Na+", "HCO3-", "pH7.4", "1e-5", "½", "¼tab", "²", "µg", "μmol/L", "mEq/L",
                 "mmHg", "cm³", "5×10⁹", "≥ 65", "≤3", "±2", "°C", "1st", "2nd", "3rd", "24h", "x-ray", "#3"]
WORDS = ["patient", "patients", "admitted", "admission", "discharge", "discharged", "history", "hypertension",
         "hypertensive", "diabetes", "diabetic", "chest", "pain", "shortness", "breath", "denies", "fever",
         "chills", "nausea", "vomiting", "abdominal", "tenderness", "cardiac", "catheterization", "echocardiogram",
         "pneumonia", "antibiotics", "vancomycin", "ceftriaxone", "metoprolol", "lisinopril", "furosemide",
         "insulin", "aspirin", "heparin", "warfarin", "stable", "unstable", "unremarkable", "unaffable",
         "afebrile", "tachycardic", "bradycardia", "normal", "abnormal", "sinus", "rhythm", "without",
         "with", "the", "and", "of", "to", "was", "is", "in", "on", "for", "a", "an", "no", "not", "given",
         "started", "continued", "follow", "up", "outpatient", "service", "bilateral", "lower", "extremity",
         "edema", "renal", "failure", "acute", "chronic", "kidney", "disease", "liver", "function", "tests",
         "elevated", "creatinine", "hemoglobin", "platelets", "white", "blood", "cell", "count", "culture",
         "negative", "positive", "Patient", "The", "He", "She", "His", "Her", "HISTORY", "PRESENT", "ILLNESS",
         "Allergies", "Medications", "Hospital", "Course", "Boston", "Massachusetts", "January", "Monday",
         "preoperative", "postoperative", "intubated", "extubated", "saturating", "nasal", "cannula", "mL",
         "running", "runner", "quickly", "jumped", "jumping", "overnight", "underwent", "tolerated", "well"]
ACCENTED = ["café", "naïve", "Ångström", "résumé", "Müller", "São Paulo", "Zürich", "façade", "coöperate",
            "El Niño", "Dvořák", "Łódź", "Øresund", "Straße", "İstanbul", "ΣΟΦΙΑ", "Οδυσσεύς", "Москва",
            "Ärzte", "crème brûlée", "e\u0301", "A\u030a", "ﬁne", "Ⅻ", "ǅemal", "ÉCOLE", "ﬀ", "Åsa"]
CJK = ["中文", "医院", "病人发烧", "漢字かな交じり", "한국어", "日本語のテキスト", "患者A型", "\U00020000\U0002A700",
       "\U0002B740x\U0002B820", "\uF900\uFAFF", "\U0002F800", "\u3400\u4DBF", "カタカナ", "ひらがな"]
EMOJI = ["😀", "👍🏽", "❤️", "🇺🇸", "👨‍👩‍👧", "🤒", "💊", "🩺", "😷x", "a😀b", "✓", "✔", "★", "→", "•"]
SPACES_CONTROLS = ["\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\u2028", "\u2029", "\u200b", "\u200d",
                   "\u00ad", "\ufeff", "\x00", "\ufffd", "\x07", "\x1b", "\x85", "\x0b", "\x0c", "\x1f", "\u202f",
                   "\u180e", "\u2060", "\U000E0001", "\x7f"]
PUNCT = [".", ",", ";", ":", "!", "?", "(", ")", "[", "]", "{", "}", "-", "--", "—", "–", "'", "\"", "“", "”",
         "‘", "’", "«", "»", "…", "/", "\\", "|", "@", "#", "$", "%", "^", "&", "*", "_", "~", "`", "+", "=",
         "<", ">", "¿", "¡", "§", "¶", "·", "‰", "※", "、", "。", "「", "」", "€", "£", "©"]

HAND_WRITTEN = [
    "", " ", "   ", "\t\t", "\n", "\r\n\r\n", "\x00", "\x00\x01\x02", "\ufffd", "\u200b", " \u3000 \u00a0 ",
    "unaffable", "UNAFFABLE", "Unaffable unaffable", "Hello, World!", "He's 65 y.o. s/p CABG x3, h/o HTN.",
    "Pt c/o CP; denies SOB/N/V.", "Metoprolol 25mg p.o. b.i.d., aspirin 81 mg q.d.",
    "BP 120/80, HR 72, T 98.6F, SpO2 98% on 2L NC.", "WBC 12.3 x10^9/L, Cr 1.2 mg/dL (baseline 0.9).",
    "Admission Date: [**2101-3-4**] Discharge Date: [**2101-3-10**]",
    "Attending: [**Last Name (NamePattern1) **] at [**Hospital 1234**].",
    "Dr. [**First Name8 (NamePattern2) 123**] [**Last Name (NamePattern1) **], MD",
    "café naïve Ångström", "CAFÉ NAÏVE ÅNGSTRÖM", "İstanbul ΣΟΦΙΑΣ Οδυσσεύς", "ﬁnal ﬀ Ⅻ ǅ",
    "患者は発熱した。", "他发烧了38.5°C", "a中b文c", "😀😀😀", "I ❤️ NY 🇺🇸", "👨‍👩‍👧 family",
    "tab\tseparated\tvalues", "line1\nline2\rline3\r\nline4", "zero\u200bwidth", "soft\u00adhyphen",
    "non\u00a0breaking", "line\u2028separator", "para\u2029separator", "bell\x07char", "del\x7fchar",
    "nel\x85char", "bom\ufeffinside", "combining e\u0301 and a\u0308", "\u0301\u0301 lonely marks",
    "x" * 200, "x" * 201, "y" * 199 + " short", "a" * 100 + "." + "b" * 150,
    "😀" * 150, "😀" * 201, "𝐀" * 120, "abc" * 70, "patient" * 29, "patient" * 28 + "pati",
    "10^9/L 5mg 120/80 98.6F mg/dL", "q4-6h p.r.n. pain", "K+ 3.9, Na+ 140, HCO3- 24",
    "...!!!???", "((([[[{{{", "a-b-c", "--", "'quoted'", "\"double\"", "“curly” ‘single’", "«guillemets»",
    "¿Qué? ¡Sí!", "50% off $10 & more #1 @home ~approx `tick` ^caret |pipe| \\back/",
    "Final sigma: ΟΔΟΣ ΟΔΟΣ.", "Turkish dotless ı and I", "German STRASSE Straße", "µ vs μ", "Ω ohm Ω",
    "half-width ｶﾀｶﾅ and full-width ＡＢＣ１２３！", "math 𝐁𝐨𝐥𝐝 𝒮𝒸𝓇𝒾𝓅𝓉", "ligature œ Æ ĳ",
    "Vietnamese Tiếng Việt", "Arabic العربية", "Hebrew שָׁלוֹם", "Hindi हिन्दी", "Thai ภาษาไทย",
    "ext-B \U00020000\U00020001 ext-C \U0002A700", "compat \uF900\uFA6D \U0002F800",
    "unknown☃word", "snow☃", "runningrunner", "unaffableunaffable", "unrunnable",
]


def generated_lines(rng, count):
    pools = [ABBREVIATIONS, PLACEHOLDERS, NUMBERS_UNITS, WORDS, WORDS, WORDS, ACCENTED, CJK, EMOJI, PUNCT]
    lines = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 14)):
            pool = rng.choice(pools)
            part = rng.choice(pool)
            if rng.random() < 0.1:
                part = part.upper()
            elif rng.random() < 0.1:
                part = part.capitalize()
            parts.append(part)
            r = rng.random()
            if r < 0.08:
                parts.append(rng.choice(SPACES_CONTROLS))
            elif r < 0.15:
                parts.append(rng.choice(PUNCT))
            elif r < 0.75:
                parts.append(" ")
            # else: glue the next part on with no separator
        lines.append("".join(parts))
    # A few long glued words, some over the 200 code point limit.
    for _ in range(12):
        word = "".join(rng.choice(WORDS).lower() for _ in range(rng.randint(15, 40)))
        lines.append("Long: " + word + " end")
    return lines


def build_vocab(module, lines, lower, rng):
    """Whole words for most tokens, plus prefixes and ## pieces, so WordPiece must really split and sometimes fails."""
    basic = module.BasicTokenizer(do_lower_case=lower)
    words = {}
    for line in lines:
        for w in basic.tokenize(line):
            words[w] = words.get(w, 0) + 1
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    vocab = list(specials)
    seen = set(vocab)

    def add(tok):
        if tok and tok not in seen and not any(c.isspace() for c in tok):
            seen.add(tok)
            vocab.append(tok)

    chars = sorted({c for w in words for c in w})
    # Leave out some characters entirely, so words containing them cannot be covered and become [UNK].
    missing = {c for c in chars if rng.random() < 0.12 and not c.isascii()}
    missing.update({"☃", "Ω"})
    for c in chars:
        if c not in missing:
            add(c)
            add("##" + c)
    for w in sorted(words, key=lambda w: (-words[w], w)):
        if len(w) > 60 or any(c in missing for c in w):
            continue
        r = rng.random()
        if r < 0.45:
            add(w)
        if len(w) >= 4 and r > 0.3:
            cut = rng.randint(2, len(w) - 2)
            add(w[:cut])
            add("##" + w[cut:])
            if len(w) >= 7:
                cut2 = rng.randint(cut + 1, len(w) - 1)
                add("##" + w[cut:cut2])
    for piece in ["un", "##aff", "##able", "runn", "##ing", "##er", "##s", "##ed", "##ly", "pati", "##ent"]:
        add(piece)
    return vocab


def write_vocab(path, vocab):
    with io.open(path, "w", encoding="utf-8", newline="\n") as f:
        for tok in vocab:
            f.write(tok + "\n")


def char_class_ranges(module):
    rows = []
    prev = None
    start = 0
    for cp in range(0x110000):
        ch = chr(cp)
        flags = (int(module._is_control(ch)), int(module._is_whitespace(ch)), int(module._is_punctuation(ch)),
                 int(ch.isspace()))
        if flags != prev:
            if prev is not None:
                rows.append((start, cp - 1) + prev)
            prev = flags
            start = cp
    rows.append((start, 0x10FFFF) + prev)
    return rows


def lower_strip_ranges(module):
    basic = module.BasicTokenizer(do_lower_case=True)
    rows = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF or 0xAC00 <= cp <= 0xD7A3:
            continue
        ch = chr(cp)
        out = [ord(c) for c in basic._run_strip_accents(ch.lower())]
        if out == [cp]:
            continue
        if not out:
            mapping = "-"
        elif len(out) == 1:
            mapping = "%+d" % (out[0] - cp)
        else:
            mapping = "=" + " ".join("%X" % c for c in out)
        if rows and rows[-1][1] == cp - 1 and rows[-1][2] == mapping and not mapping.startswith("="):
            rows[-1][1] = cp
        else:
            rows.append([cp, cp, mapping])
    return rows


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: tokenizer_golden.py PATH/TO/tokenization.py [OUT_DIR]")
    module = load_google_tokenization(sys.argv[1])
    out_dir = sys.argv[2] if len(sys.argv) > 2 else "src/test/resources/tokenizer"
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(SEED)
    lines = HAND_WRITTEN + generated_lines(rng, 260)

    for lower, name in ((False, "vocab_cased.txt"), (True, "vocab_uncased.txt")):
        write_vocab(os.path.join(out_dir, name), build_vocab(module, lines, lower, rng))
    # Load the vocabularies back through google's own load_vocab.
    tokenizers = {
        "cased": module.FullTokenizer(os.path.join(out_dir, "vocab_cased.txt"), do_lower_case=False),
        "uncased": module.FullTokenizer(os.path.join(out_dir, "vocab_uncased.txt"), do_lower_case=True),
    }
    with io.open(os.path.join(out_dir, "inputs.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=True) + "\n")
    with io.open(os.path.join(out_dir, "golden.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for i, line in enumerate(lines):
            record = {"line": i}
            for key, tok in tokenizers.items():
                tokens = tok.tokenize(line)
                record[key + "_basic"] = tok.basic_tokenizer.tokenize(line)
                record[key] = tokens
                record[key + "_ids"] = tok.convert_tokens_to_ids(tokens)
            f.write(json.dumps(record, ensure_ascii=False) + "\n")

    with io.open(os.path.join(out_dir, "char_classes.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# first_cp\tlast_cp\tis_control\tis_whitespace\tis_punctuation\tpy_isspace"
                "  (Python %s, Unicode %s)\n" % (sys.version.split()[0], unicodedata.unidata_version))
        for row in char_class_ranges(module):
            f.write("%X\t%X\t%d\t%d\t%d\t%d\n" % row)

    with io.open(os.path.join(out_dir, "lower_strip.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# first_cp\tlast_cp\tmapping of _run_strip_accents(chr(cp).lower())  (Unicode %s)\n"
                % unicodedata.unidata_version)
        for first, last, mapping in lower_strip_ranges(module):
            f.write("%X\t%X\t%s\n" % (first, last, mapping))
    print("%d lines; vocab sizes %d cased, %d uncased" % (
        len(lines), len(tokenizers["cased"].vocab), len(tokenizers["uncased"].vocab)))


if __name__ == "__main__":
    main()
