#!/usr/bin/env python3
"""Train the Bedside disease-mention tagger: BiLSTM-CRF over words, characters, casing and lexicons.

Demonstration only, not for clinical use.

  /usr/bin/python3 models/training/ncbi_disease_crf/train.py            # all stages, from the repo root

Stages (each can be run alone with --stage; `all` runs them in order):
  devel   one model trained on the NCBI *train* split only, devel F1 after every epoch (the honest
          held-out figure; nothing is selected on devel: the epoch count is fixed beforehand)
  final   one model per seed trained on train + devel (the shipped weights)
  export  the seeds' models averaged at the emission level in one ONNX graph, the averaged CRF
          transitions, vocabularies, lexicons, concept dictionary, reference tags for the TS test

Architecture (Lample et al. 2016 style): word embeddings (100-d, from scratch: no pretrained vectors
here), a character CNN over the original casing, 7 casing flags, 4 lexicon flags (B/I of a greedy
longest match against (a) NCBI training mentions and (b) WordNet disease terms), a BiLSTM and a
linear-chain CRF over BIO tags. The NCBI-mention lexicon is built cross-half during training (each
half of the training sentences sees the lexicon from the *other* half), so the network cannot learn
to copy the labels from the feature.

The backward LSTM is a forward LSTM run over each sentence reversed through an index input
(`rev`), so padded batches give exactly the same emissions as single sentences, in PyTorch and ONNX.

Every feature is mirrored in electron/inference-host/sequenceTagger/*.ts; the test
test/unit/sequenceTagger.test.ts checks the ONNX export + TS features + TS Viterbi against the
PyTorch tags written here to reference.json.

Needs Debian packages python3-torch (1.13, CPU), python3-onnx, python3-numpy, wordnet-base
(Princeton WordNet 3.0, /usr/share/wordnet). Deterministic: fixed seeds, one thread.
"""
import os

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import collections
import hashlib
import json
import re
import sys
import time

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

LABELS = ["O", "B-Disease", "I-Disease"]
MAX_CHARS = 20        # characters per word seen by the char CNN (first 20); fixed so batches don't change results
MAX_LEX_LEN = 8       # longest lexicon entry matched, in tokens
TOKEN_RE = re.compile(r"[^\W_]+|\S")   # standoff2conll's tokenisation: runs of letters/digits, or one other char
WORDNET_ROOTS = {      # WordNet 3.0 noun synsets whose hyponym closure forms the disease lexicon
    "14052046": "ill_health", "14052403": "disorder", "14235200": "tumor", "14304060": "syndrome",
    "14501726": "abnormality", "14464005": "defect",
}


WORDNET_LICENSE = """WordNet Release 3.0

This software and database is being provided to you, the LICENSEE, by Princeton University under the
following license. By obtaining, using and/or copying this software and database, you agree that you
have read, understood, and will comply with these terms and conditions.:

Permission to use, copy, modify and distribute this software and database and its documentation for
any purpose and without fee or royalty is hereby granted, provided that you agree to comply with the
following copyright notice and statements, including the disclaimer, and that the same appear on ALL
copies of the software, database and documentation, including modifications that you make for
internal use or for distribution.

WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.

THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR
WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO
REPRESENTATIONS OR WARRANTIES OF MERCHANT-ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE
OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS,
COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS.

The name of Princeton University or Princeton may not be used in advertising or publicity pertaining
to distribution of the software and/or database. Title to copyright in this software, database and
any associated documentation shall at all times remain with Princeton University and LICENSEE agrees
to preserve same.
"""


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--stage", choices=["all", "devel", "final", "export", "export-devel"], default="all")
    p.add_argument("--data", default=os.environ.get("BEDSIDE_DATA", os.path.join(REPO, "..", "shared", "data")))
    p.add_argument("--wordnet", default="/usr/share/wordnet")
    p.add_argument("--out", default=os.path.join(REPO, "models", "demo", "ncbi-disease-bilstm-crf"))
    p.add_argument("--work", default=os.path.join(REPO, "models", "generated", "ncbi-crf-work"))
    p.add_argument("--seeds", default="1234,1235,1236", help="final-model seeds (ensemble members)")
    p.add_argument("--reuse", action="store_true", help="reuse devel checkpoints already in --work")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--word-dim", type=int, default=100)
    p.add_argument("--char-dim", type=int, default=30)
    p.add_argument("--char-filters", type=int, default=50)
    p.add_argument("--hidden", type=int, default=100)
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--word-dropout", type=float, default=0.05, help="prob. a known word is replaced by <unk> in training")
    p.add_argument("--min-count", type=int, default=2, help="word vocabulary: minimum count")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--limit", type=int, default=0, help="smoke test: use only the first N sentences of each split")
    return p.parse_args()


# ================================================================ data
def read_conll(path):
    sents, words, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if words:
                    sents.append((words, tags))
                words, tags = [], []
                continue
            w, t = line.split("\t")
            words.append(w)
            tags.append(t)
    if words:
        sents.append((words, tags))
    return sents


def read_concepts(path):
    """(mention text, concept id) pairs from an NCBI *_corpus.txt file."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 6:
                out.append((parts[3], parts[5]))
    return out


def tokenize(text):
    return TOKEN_RE.findall(text)


def norm_word(w):
    """Word-embedding key: lower case, ASCII digits to 0 (mirrored in TS)."""
    return re.sub(r"[0-9]", "0", w.lower())


def lex_key(tokens):
    return " ".join(t.lower() for t in tokens)


def spans_from_tags(tags):
    spans, start = [], None
    for i, t in enumerate(list(tags) + ["O"]):
        if start is not None and t != "I-Disease":
            spans.append((start, i))
            start = None
        if t == "B-Disease" or (t == "I-Disease" and start is None):
            start = i
    return spans


def mentions(sents):
    out = set()
    for words, tags in sents:
        for a, b in spans_from_tags(tags):
            if any(re.match(r"[^\W_]", w) for w in words[a:b]):
                out.add(lex_key(words[a:b]))
    return out


# ================================================================ WordNet disease terms
def wordnet_terms(wndir):
    path = os.path.join(wndir, "data.noun")
    if not os.path.exists(path):
        sys.exit(f"WordNet not found: {path} (apt-get install wordnet-base, or pass --wordnet)")
    hypo, lemmas = collections.defaultdict(list), {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("  "):
                continue
            head = line.split(" | ")[0].split()
            off, n = head[0], int(head[3], 16)
            lemmas[off] = [head[4 + 2 * i] for i in range(n)]
            k = 4 + 2 * n
            np_ = int(head[k])
            for j in range(np_):
                sym, tgt, pos = head[k + 1 + 4 * j], head[k + 2 + 4 * j], head[k + 3 + 4 * j]
                if sym in ("~", "~i") and pos == "n":
                    hypo[off].append(tgt)
    seen, stack = set(), [o for o in WORDNET_ROOTS]
    while stack:
        o = stack.pop()
        for c in hypo.get(o, []):
            if c not in seen:
                seen.add(c)
                stack.append(c)
    terms = set()
    for o in seen:
        for lem in lemmas[o]:
            lem = re.sub(r"\(.*\)$", "", lem).replace("_", " ")
            toks = tokenize(lem)
            if toks and len(toks) <= MAX_LEX_LEN:
                terms.add(lex_key(toks))
    return terms


# ================================================================ features (mirrored in TS)
def casing(w):
    has_letter = any(c.lower() != c.upper() for c in w)
    has_upper = any(c != c.lower() for c in w)
    has_lower = any(c != c.upper() for c in w)
    digits = sum(1 for c in w if "0" <= c <= "9")
    first_upper = w[0] != w[0].lower()
    title = first_upper and has_lower and not any(c != c.lower() for c in w[1:])
    return [
        float(has_letter and not has_upper),            # lower
        float(has_letter and not has_lower),            # UPPER / acronym
        float(title),                                   # Title
        float(has_upper and has_lower and not title),   # MiXed
        float(digits > 0),                              # has a digit
        float(digits == len(w)),                        # all digits
        float(not has_letter and digits == 0),          # punctuation / symbol
    ]


def lexicon_flags(words, lexicon):
    """Greedy left-to-right longest match of lowercased token runs; [B, I] per token."""
    low = [w.lower() for w in words]
    out = [[0.0, 0.0] for _ in words]
    i = 0
    while i < len(low):
        hit = 0
        for n in range(min(MAX_LEX_LEN, len(low) - i), 0, -1):
            if " ".join(low[i:i + n]) in lexicon:
                hit = n
                break
        if hit:
            out[i][0] = 1.0
            for j in range(i + 1, i + hit):
                out[j][1] = 1.0
            i += hit
        else:
            i += 1
    return out


N_FEATS = 7 + 4


def features(words, ncbi_lex, wn_lex):
    a, b = lexicon_flags(words, ncbi_lex), lexicon_flags(words, wn_lex)
    return [casing(w) + a[i] + b[i] for i, w in enumerate(words)]


class Encoder:
    def __init__(self, words_vocab, chars_vocab):
        self.words = {w: i for i, w in enumerate(words_vocab)}   # 0 <pad>, 1 <unk>
        self.chars = {c: i for i, c in enumerate(chars_vocab)}

    def encode(self, words, feats):
        w = [self.words.get(norm_word(x), 1) for x in words]
        c = [[self.chars.get(ch, 1) for ch in x[:MAX_CHARS]] + [0] * (MAX_CHARS - len(x[:MAX_CHARS])) for x in words]
        return w, c, feats


def batchify(items, tags=None):
    B, T = len(items), max(len(it[0]) for it in items)
    words = torch.zeros(B, T, dtype=torch.long)
    chars = torch.zeros(B, T, MAX_CHARS, dtype=torch.long)
    feats = torch.zeros(B, T, N_FEATS)
    rev = torch.arange(T).repeat(B, 1)
    mask = torch.zeros(B, T, dtype=torch.bool)
    y = torch.zeros(B, T, dtype=torch.long)
    for b, (w, c, f) in enumerate(items):
        n = len(w)
        words[b, :n] = torch.tensor(w)
        chars[b, :n] = torch.tensor(c)
        feats[b, :n] = torch.tensor(f)
        rev[b, :n] = torch.arange(n - 1, -1, -1)
        mask[b, :n] = True
        if tags is not None:
            y[b, :n] = torch.tensor(tags[b])
    return words, chars, feats, rev, mask, y


# ================================================================ model
# BIO constraints, applied identically in training, PyTorch decoding and the exported matrix
NEG = -10000.0
TRANS_MASK = torch.zeros(3, 3)
TRANS_MASK[0, 2] = NEG     # O -> I
START_MASK = torch.tensor([0.0, 0.0, NEG])   # sentence cannot start with I


class Tagger(nn.Module):
    def __init__(self, n_words, n_chars, a):
        super().__init__()
        self.wemb = nn.Embedding(n_words, a.word_dim, padding_idx=0)
        self.cemb = nn.Embedding(n_chars, a.char_dim, padding_idx=0)
        self.conv = nn.Conv1d(a.char_dim, a.char_filters, 3, padding=1)
        d_in = a.word_dim + a.char_filters + N_FEATS
        self.fwd = nn.LSTM(d_in, a.hidden, batch_first=True)
        self.bwd = nn.LSTM(d_in, a.hidden, batch_first=True)
        self.drop = nn.Dropout(a.dropout)
        self.out = nn.Linear(2 * a.hidden, len(LABELS))
        self.trans = nn.Parameter(torch.zeros(3, 3))
        self.start = nn.Parameter(torch.zeros(3))
        self.end = nn.Parameter(torch.zeros(3))
        self.hidden = a.hidden

    def forward(self, words, chars, feats, rev):
        B, T, C = chars.shape
        ce = self.cemb(chars.reshape(B * T, C)).transpose(1, 2)
        cf = torch.tanh(self.conv(ce)).max(dim=2).values.reshape(B, T, -1)
        x = self.drop(torch.cat([self.wemb(words), cf, feats], dim=-1))
        hf, _ = self.fwd(x)
        xr = torch.gather(x, 1, rev.unsqueeze(-1).expand(B, T, x.size(-1)))
        hr, _ = self.bwd(xr)
        hb = torch.gather(hr, 1, rev.unsqueeze(-1).expand(B, T, self.hidden))
        return self.out(self.drop(torch.cat([hf, hb], dim=-1)))

    def crf(self):
        return self.trans + TRANS_MASK, self.start + START_MASK, self.end


def crf_nll(em, y, mask, trans, start, end):
    B, T, K = em.shape
    maskf = mask.float()
    # gold path score
    score = start[y[:, 0]] + em[:, 0].gather(1, y[:, :1]).squeeze(1)
    for t in range(1, T):
        s = trans[y[:, t - 1], y[:, t]] + em[:, t].gather(1, y[:, t:t + 1]).squeeze(1)
        score = score + s * maskf[:, t]
    last = y.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
    score = score + end[last]
    # partition
    alpha = start.unsqueeze(0) + em[:, 0]
    for t in range(1, T):
        nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0) + em[:, t].unsqueeze(1), dim=1)
        alpha = torch.where(mask[:, t:t + 1], nxt, alpha)
    logz = torch.logsumexp(alpha + end.unsqueeze(0), dim=1)
    return (logz - score).sum()


def viterbi(em, trans, start, end):
    """em: [T, K] numpy; returns tag ids. Same recurrence and tie-breaking (first max) as the TS decoder."""
    T, K = em.shape
    score = start + em[0]
    back = np.zeros((T, K), dtype=np.int64)
    for t in range(1, T):
        cand = score[:, None] + trans          # [prev, cur]
        back[t] = cand.argmax(0)
        score = cand.max(0) + em[t]
    score = score + end
    best = [int(score.argmax())]
    for t in range(T - 1, 0, -1):
        best.append(int(back[t, best[-1]]))
    return best[::-1]


def prf(gold_sents, pred_sents):
    tp = fp = fn = 0
    for g, p in zip(gold_sents, pred_sents):
        gs, ps = set(spans_from_tags(g)), set(spans_from_tags(p))
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return {"precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn}


def emissions_np(models, items, bs=64):
    """Average emissions of `models` for each item (list of [T, K] arrays)."""
    outs = []
    with torch.no_grad():
        for i in range(0, len(items), bs):
            chunk = items[i:i + bs]
            w, c, f, r, m, _ = batchify(chunk)
            em = sum(md(w, c, f, r) for md in models) / len(models)
            for b, it in enumerate(chunk):
                outs.append(em[b, :len(it[0])].numpy())
    return outs


def avg_crf(models):
    with torch.no_grad():
        ts = [md.crf() for md in models]
        return tuple((sum(t[k] for t in ts) / len(ts)).numpy() for k in range(3))


def predict(models, items):
    trans, start, end = avg_crf(models)
    return [[LABELS[k] for k in viterbi(e, trans, start, end)] for e in emissions_np(models, items)]


# ================================================================ vocabularies and training sets
def build_vocab(sents, min_count):
    cnt = collections.Counter(norm_word(w) for ws, _ in sents for w in ws)
    words = ["<pad>", "<unk>"] + sorted(w for w, c in cnt.items() if c >= min_count)
    chars = ["<pad>", "<unk>"] + sorted({ch for ws, _ in sents for w in ws for ch in w})
    return words, chars


def training_items(sents, enc, wn_lex):
    """Cross-half NCBI lexicon: sentences of each half get the mention lexicon of the other half."""
    half = len(sents) // 2
    parts = [sents[:half], sents[half:]]
    lex = [mentions(parts[1]), mentions(parts[0])]
    items = []
    for p, part in enumerate(parts):
        for words, tags in part:
            items.append((enc.encode(words, features(words, lex[p], wn_lex)), [LABELS.index(t) for t in tags]))
    return items


def train_model(args, seed, sents, enc, n_words, n_chars, wn_lex, log, eval_fn=None):
    torch.manual_seed(seed)
    np.random.seed(seed)
    rng = np.random.RandomState(seed)
    items = training_items(sents, enc, wn_lex)
    model = Tagger(n_words, n_chars, args)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    order = np.argsort([len(it[0][0]) for it in items], kind="stable")
    batches = [order[i:i + args.batch_size] for i in range(0, len(order), args.batch_size)]
    history = []
    for ep in range(1, args.epochs + 1):
        model.train()
        t0, c0 = time.time(), time.process_time()
        total = 0.0
        for bi in rng.permutation(len(batches)):
            chunk = [items[i] for i in batches[bi]]
            feats = []
            for (w, c, f), _ in chunk:
                w = [1 if (x > 1 and rng.rand() < args.word_dropout) else x for x in w]
                feats.append((w, c, f))
            w, c, f, r, m, y = batchify(feats, [t for _, t in chunk])
            em = model(w, c, f, r)
            trans, start, end = model.crf()
            loss = crf_nll(em, y, m, trans, start, end)
            opt.zero_grad()
            (loss / len(chunk)).backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += loss.item()
        rec = {"epoch": ep, "loss_per_sentence": round(total / len(items), 4),
               "cpu_s": round(time.process_time() - c0, 1), "wall_s": round(time.time() - t0, 1)}
        if eval_fn:
            model.eval()
            rec["devel"] = eval_fn(model)
        history.append(rec)
        log(json.dumps(rec))
    model.eval()
    return model, history


# ================================================================ stages
class Ctx:
    pass


def load(args):
    ddir = os.path.join(args.data, "ncbi-disease")
    if not os.path.exists(os.path.join(ddir, "train.tsv")):
        sys.exit(f"data not found: {ddir} (pass --data or set BEDSIDE_DATA)")
    c = Ctx()
    c.train = read_conll(os.path.join(ddir, "train.tsv"))
    c.devel = read_conll(os.path.join(ddir, "devel.tsv"))
    c.concepts_train = read_concepts(os.path.join(ddir, "NCBItrainset_corpus.txt"))
    c.concepts = c.concepts_train + read_concepts(os.path.join(ddir, "NCBIdevelopset_corpus.txt"))
    c.wn = wordnet_terms(args.wordnet)
    if args.limit:
        c.train, c.devel = c.train[:args.limit], c.devel[:args.limit]
    return c


def make_log(args, name):
    os.makedirs(args.work, exist_ok=True)
    path = os.path.join(args.work, name + ".log")

    def log(msg):
        line = time.strftime("%H:%M:%S ") + msg
        print(line, flush=True)
        with open(path, "a") as f:
            f.write(line + "\n")
    return log


def stage_devel(args, c, seeds):
    """Train-only models (one per seed), devel F1 per epoch; then the seeds' emission-averaged ensemble on devel."""
    log = make_log(args, "devel")
    words, chars = build_vocab(c.train, args.min_count)
    enc = Encoder(words, chars)
    lex = mentions(c.train)
    dev_items = [enc.encode(w, features(w, lex, c.wn)) for w, _ in c.devel]
    gold = [t for _, t in c.devel]

    def ev(model):
        return prf(gold, predict([model], dev_items))
    log(f"devel models: train {len(c.train)} sentences, devel {len(c.devel)}, vocab {len(words)}, chars {len(chars)}, "
        f"ncbi lexicon {len(lex)}, wordnet lexicon {len(c.wn)}")
    models, runs = [], {}
    for seed in seeds:
        ckpt, hist_file = os.path.join(args.work, f"devel-{seed}.pt"), os.path.join(args.work, f"devel-{seed}.json")
        if args.reuse and os.path.exists(ckpt) and os.path.exists(hist_file):
            model = Tagger(len(words), len(chars), args)
            model.load_state_dict(torch.load(ckpt))
            model.eval()
            with open(hist_file) as f:
                hist = json.load(f)["history"]
            log(f"seed {seed}: reused {ckpt}")
        else:
            log(f"seed {seed}")
            model, hist = train_model(args, seed, c.train, enc, len(words), len(chars), c.wn, log, ev)
            torch.save(model.state_dict(), ckpt)
            with open(hist_file, "w") as f:
                json.dump({"seed": seed, "history": hist}, f, indent=1)
        models.append(model)
        runs[str(seed)] = hist
    result = {"seeds": seeds, "history": runs[str(seeds[0])], "final_devel": runs[str(seeds[0])][-1]["devel"],
              "per_seed_final_devel": {s: h[-1]["devel"] for s, h in runs.items()}, "histories": runs}
    if len(models) > 1:
        result["ensemble_devel"] = prf(gold, predict(models, dev_items))
        log("ensemble " + json.dumps(result["ensemble_devel"]))
    with open(os.path.join(args.work, "devel.json"), "w") as f:
        json.dump(result, f, indent=1)


def stage_final(args, c, seed):
    log = make_log(args, f"final-{seed}")
    sents = c.train + c.devel
    words, chars = build_vocab(sents, args.min_count)
    enc = Encoder(words, chars)
    log(f"final model seed {seed}: {len(sents)} sentences (train+devel)")
    model, hist = train_model(args, seed, sents, enc, len(words), len(chars), c.wn, log)
    torch.save(model.state_dict(), os.path.join(args.work, f"final-{seed}.pt"))
    with open(os.path.join(args.work, f"final-{seed}.json"), "w") as f:
        json.dump({"seed": seed, "history": hist}, f, indent=1)


def concept_dictionary(pairs):
    """normalised mention -> most frequent concept id; concept id -> most frequent mention (its display name)."""
    by_mention, by_concept = collections.defaultdict(collections.Counter), collections.defaultdict(collections.Counter)
    for text, cid in pairs:
        key = lex_key(tokenize(text))
        if not key:
            continue
        by_mention[key][cid] += 1
        by_concept[cid][text] += 1
    rows = []
    for key in sorted(by_mention):
        cid, _ = sorted(by_mention[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        rows.append((key, cid))
    # display name: the most frequent wording that is not an abbreviation (HD -> Huntington disease)
    names = {cid: sorted(cnt.items(), key=lambda kv: (kv[0].isupper() or len(kv[0]) < 4, -kv[1], kv[0]))[0][0]
             for cid, cnt in by_concept.items()}
    return rows, names


class Ensemble(nn.Module):
    def __init__(self, models):
        super().__init__()
        self.models = nn.ModuleList(models)

    def forward(self, words, chars, feats, rev):
        return sum(m(words, chars, feats, rev) for m in self.models) / len(self.models)


REFERENCE_TEXTS = [
    "Patient denies chest pain but has a history of type 2 diabetes mellitus and chronic kidney disease.",
    "Mother had breast cancer at 45; father with colon cancer.",
    "Germline mutations in BRCA1 predispose to hereditary breast and ovarian cancer.",
    "Duchenne muscular dystrophy (DMD) is caused by mutations in the dystrophin gene.",
    "Assessment: acute bronchitis, urinary tract infection (disorder), and sinusitis.",
    "No evidence of pneumonia.",
]


def stage_export(args, c, seeds, train_only=False):
    """Exports the final (train + devel) models, or with train_only the devel models (to --out), e.g. to
    score the held-out devel split through the app: `--stage export-devel --out <dir>`."""
    import onnx
    sents = c.train if train_only else c.train + c.devel
    prefix = "devel" if train_only else "final"
    words, chars = build_vocab(sents, args.min_count)
    enc = Encoder(words, chars)
    models = []
    for s in seeds:
        m = Tagger(len(words), len(chars), args)
        m.load_state_dict(torch.load(os.path.join(args.work, f"{prefix}-{s}.pt")))
        m.eval()
        models.append(m)
    out = args.out
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    ncbi_lex = mentions(sents)
    with open(os.path.join(out, "words.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(words) + "\n")
    with open(os.path.join(out, "chars.json"), "w", encoding="utf-8") as f:
        json.dump(chars, f, ensure_ascii=False)
    with open(os.path.join(out, "lexicon-ncbi.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(ncbi_lex)) + "\n")
    with open(os.path.join(out, "lexicon-wordnet.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(c.wn)) + "\n")
    with open(os.path.join(out, "WORDNET-LICENSE.txt"), "w", encoding="utf-8") as f:
        f.write("lexicon-wordnet.txt lists lemmas from Princeton WordNet 3.0 (hyponyms of ill health, disorder, tumor,\n"
                "syndrome, abnormality, defect), under the WordNet 3.0 licence below.\n\n" + WORDNET_LICENSE)
    rows, names = concept_dictionary(c.concepts if not train_only else c.concepts_train)
    with open(os.path.join(out, "concepts.tsv"), "w", encoding="utf-8") as f:
        f.write("# normalised mention\tconcept id (MeSH D…/C…, or OMIM:…) from NCBI disease train+devel annotations\n")
        for key, cid in rows:
            f.write(f"{key}\t{cid}\n")
    with open(os.path.join(out, "concept-names.tsv"), "w", encoding="utf-8") as f:
        f.write("# concept id\tmost frequent mention in NCBI disease train+devel\n")
        for cid in sorted(names):
            f.write(f"{cid}\t{names[cid]}\n")
    trans, start, end = avg_crf(models)
    crf = {"labels": LABELS, "transitions": trans.round(6).tolist(), "start": start.round(6).tolist(),
           "end": end.round(6).tolist()}
    with open(os.path.join(out, "crf.json"), "w") as f:
        json.dump(crf, f, indent=1)
    # the exported matrices are rounded: decode the reference with exactly those numbers
    trans, start, end = np.array(crf["transitions"]), np.array(crf["start"]), np.array(crf["end"])

    ens = Ensemble(models).eval()
    ex = [enc.encode(w, features(w, ncbi_lex, c.wn)) for w, _ in c.devel[:2]]
    w, ch, f, r, _, _ = batchify(ex)
    onnx_path = os.path.join(out, "onnx", "model.onnx")
    torch.onnx.export(ens, (w, ch, f, r), onnx_path, opset_version=14,
                      input_names=["words", "chars", "feats", "rev"], output_names=["emissions"],
                      dynamic_axes={"words": {0: "batch", 1: "tokens"}, "chars": {0: "batch", 1: "tokens"},
                                    "feats": {0: "batch", 1: "tokens"}, "rev": {0: "batch", 1: "tokens"},
                                    "emissions": {0: "batch", 1: "tokens"}},
                      do_constant_folding=True)
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    m.producer_version = ""
    m.doc_string = (f"Bedside disease-mention tagger (NCBI disease), BiLSTM-CRF emissions averaged over seeds {seeds}. "
                    "Demonstration only, not for clinical use.")
    onnx.save(m, onnx_path)
    with open(onnx_path, "rb") as fh:
        onnx_sha = hashlib.sha256(fh.read()).hexdigest()

    # reference tags for the TS test: clinical sentences + devel sentences (devel is in the final training set)
    ref = []
    texts = REFERENCE_TEXTS + [" ".join(ws) for ws, _ in c.devel[:30]]
    for text in texts:
        toks = tokenize(text)
        item = enc.encode(toks, features(toks, ncbi_lex, c.wn))
        em = emissions_np(models, [item])[0]
        tags = [LABELS[k] for k in viterbi(em.astype(np.float64), trans, start, end)]
        ref.append({"text": text, "tokens": toks, "word_ids": item[0], "feats": item[2],
                    "emissions": np.round(em, 5).tolist(), "tags": tags})
    with open(os.path.join(out, "reference.json"), "w", encoding="utf-8") as fh:
        json.dump({"note": "PyTorch emissions and Viterbi tags for the TS cross-check", "sentences": ref}, fh)

    dev = {}
    if os.path.exists(os.path.join(args.work, "devel.json")):
        with open(os.path.join(args.work, "devel.json")) as fh:
            dev = json.load(fh)
    finals = {}
    for s in seeds:
        with open(os.path.join(args.work, f"{prefix}-{s}.json")) as fh:
            finals[str(s)] = json.load(fh)["history"]
    metrics = {
        "model": "BiLSTM-CRF (word 100-d + char CNN + casing + lexicon flags)",
        "labels": LABELS, "seeds": seeds, "hyperparameters": {k: v for k, v in vars(args).items()
                                                             if k not in ("data", "out", "work", "wordnet", "stage", "limit")},
        "max_chars": MAX_CHARS, "max_lexicon_tokens": MAX_LEX_LEN, "n_feats": N_FEATS,
        "vocab_words": len(words), "vocab_chars": len(chars), "lexicon_ncbi": len(ncbi_lex),
        "lexicon_wordnet": len(c.wn), "concepts": len(names), "concept_dictionary_entries": len(rows),
        "devel_model_trained_on": "NCBI disease train split only (5 4xx sentences); figures on the devel split",
        "devel_model": dev, "final_models_trained_on": "NCBI disease train + devel splits", "final_histories": finals,
        "onnx_sha256": onnx_sha,
        "data": "NCBI disease corpus (Dogan et al. 2014), CoNLL conversion by spyysalo/ncbi-disease",
    }
    with open(os.path.join(out, "metrics.json"), "w") as fh:
        json.dump(metrics, fh, indent=1)
    print(f"exported {onnx_path} ({os.path.getsize(onnx_path)} bytes), sha256 {onnx_sha}")


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    c = load(args)
    seeds = [int(s) for s in args.seeds.split(",") if s]
    if args.stage in ("all", "devel"):
        stage_devel(args, c, seeds)
    if args.stage in ("all", "final"):
        for s in seeds:
            stage_final(args, c, s)
    if args.stage in ("all", "export"):
        stage_export(args, c, seeds)
    if args.stage == "export-devel":
        stage_export(args, c, seeds, train_only=True)


if __name__ == "__main__":
    main()
