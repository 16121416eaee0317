#!/usr/bin/env python3
"""Train the Bedside demo disease-mention NER model (NCBI disease corpus) as a tiny BERT from scratch.

Demonstration only, not for clinical use.

  /usr/bin/python3 models/training/ncbi_disease/train.py          # from the repo root

Writes a Hugging Face / transformers.js layout folder:
  config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx, metrics.json, examples/

The WordPiece vocabulary is built from the training split; tokenizer.json is written by hand
(the `tokenizers` library is not available) and the Python tokenizer below mirrors HF's
BertNormalizer + BertPreTokenizer + greedy longest-match WordPiece exactly, so training
tokenization matches inference.

Needs Debian packages python3-torch (1.13, CPU), python3-onnx, python3-numpy.
Deterministic: fixed seeds, fixed thread count, deterministic algorithms.
"""
import os

# one BLAS/OpenMP thread before numpy/torch load: deterministic and polite on a shared 2-core machine
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import collections
import hashlib
import json
import math
import os
import sys
import time
import unicodedata

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

LABELS = ["O", "B-Disease", "I-Disease"]
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
PAD, UNK, CLS, SEP, MASK = range(5)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.environ.get("BEDSIDE_DATA", os.path.join(REPO, "..", "shared", "data")))
    p.add_argument("--out", default=os.path.join(REPO, "models", "demo", "ncbi-disease-ner"))
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--ffn", type=int, default=512)
    p.add_argument("--max-len", type=int, default=128)
    p.add_argument("--vocab-size", type=int, default=5000)
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--split-prob", type=float, default=0.15, help="train-time: prob. a word is re-tokenized without its whole-word entry")
    p.add_argument("--mask-prob", type=float, default=0.05, help="train-time: prob. a word piece is replaced by [MASK]")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--eval-every-epoch", action="store_true", help="log devel F1 after each epoch (not used for selection)")
    return p.parse_args()


# ================================================================ tokenizer (mirrors HF tokenizers' Bert*)
def _is_whitespace(c):
    if c in (" ", "\t", "\n", "\r"):
        return True
    return unicodedata.category(c) == "Zs"


def _is_control(c):
    if c in ("\t", "\n", "\r"):
        return False
    return unicodedata.category(c).startswith("C")


def _is_punctuation(c):
    cp = ord(c)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(c).startswith("P")


def _is_chinese_char(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def bert_normalize(text):
    """BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=None->lowercase, lowercase=True)."""
    out = []
    for c in text:
        cp = ord(c)
        if cp == 0 or cp == 0xFFFD or _is_control(c):
            continue
        if _is_whitespace(c):
            out.append(" ")
        elif _is_chinese_char(cp):
            out.append(" " + c + " ")
        else:
            out.append(c)
    text = "".join(out)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return text.lower()


def bert_pre_tokenize(text):
    """BertPreTokenizer: split on whitespace (dropped) and isolate each punctuation character."""
    words, cur = [], []
    for c in text:
        if _is_whitespace(c) or c.isspace():
            if cur:
                words.append("".join(cur))
                cur = []
        elif _is_punctuation(c):
            if cur:
                words.append("".join(cur))
                cur = []
            words.append(c)
        else:
            cur.append(c)
    if cur:
        words.append("".join(cur))
    return words


def wordpiece(word, vocab, max_chars=100):
    """HF WordPiece: greedy longest match, '##' continuation; any unmatched remainder -> the whole word is [UNK]."""
    if len(word) > max_chars:
        return [UNK]
    ids, start = [], 0
    while start < len(word):
        end = len(word)
        cur = None
        while start < end:
            sub = word[start:end]
            if start > 0:
                sub = "##" + sub
            if sub in vocab:
                cur = vocab[sub]
                break
            end -= 1
        if cur is None:
            return [UNK]
        ids.append(cur)
        start = end
    return ids


def wordpiece_split(word, vocab):
    """Like wordpiece() but never uses the whole word as one piece (train-time augmentation that mimics unseen words)."""
    if len(word) <= 1:
        return wordpiece(word, vocab)
    ids, start = [], 0
    while start < len(word):
        end = len(word) if start > 0 else len(word) - 1
        cur = None
        while start < end:
            sub = word[start:end] if start == 0 else "##" + word[start:end]
            if sub in vocab:
                cur = vocab[sub]
                break
            end -= 1
        if cur is None:
            return wordpiece(word, vocab)
        ids.append(cur)
        start = end
    return ids


def tokenize_words(text, vocab):
    """-> list of (pre-token word, [wordpiece ids])"""
    return [(w, wordpiece(w, vocab)) for w in bert_pre_tokenize(bert_normalize(text))]


def build_vocab(sentences, size):
    word_freq = collections.Counter()
    for words, _ in sentences:
        for w in words:
            for pw in bert_pre_tokenize(bert_normalize(w)):
                word_freq[pw] += 1
    vocab = list(SPECIALS)
    seen = set(vocab)

    def add(tok):
        if tok not in seen:
            seen.add(tok)
            vocab.append(tok)

    chars = sorted({c for w in word_freq for c in w})
    for c in chars:
        add(c)
    for c in chars:
        add("##" + c)
    n_base = len(vocab)
    # whole words seen at least twice, most frequent first
    whole = sorted([w for w, n in word_freq.items() if n >= 2 and len(w) > 1], key=lambda w: (-word_freq[w], w))
    budget_words = int((size - n_base) * 0.7)
    for w in whole[:budget_words]:
        add(w)
    # sub-word pieces: prefixes and '##' infixes/suffixes (2..8 chars), counted over word types
    piece = collections.Counter()
    for w in word_freq:
        L = len(w)
        for j in range(2, min(L - 1, 8) + 1):
            piece[w[:j]] += 1
        for i in range(1, L - 1):
            for j in range(i + 2, min(L, i + 8) + 1):
                piece["##" + w[i:j]] += 1
    for tok, n in sorted(piece.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(vocab) >= size:
            break
        if n < 3:
            break
        add(tok)
    for w in whole[budget_words:]:
        if len(vocab) >= size:
            break
        add(w)
    return vocab, word_freq


def tokenizer_json(vocab, max_len):
    v = {t: i for i, t in enumerate(vocab)}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
            for i, t in enumerate(SPECIALS)
        ],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [CLS], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [SEP], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": v},
    }


# ================================================================ data
def read_conll(path):
    sents, words, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
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


def encode_sentence(words, tags, vocab, max_len):
    """Split one CoNLL sentence into windows of <= max_len-2 word pieces (at word boundaries).

    Returns a list of (ids, labels, word_first_pos) where labels hold the CoNLL tag id on the first piece
    of each word and -100 elsewhere, and word_first_pos maps each CoNLL word index -> position in ids.
    A CoNLL token that the pre-tokenizer splits further labels its first piece only (not the case in NCBI).
    """
    per_word = []
    for w in words:
        pieces = []
        for _, ids in tokenize_words(w, vocab):
            pieces.extend(ids)
        if not pieces:  # e.g. a control char only; map to [UNK] so every word is scored
            pieces = [UNK]
        per_word.append(pieces)
    lim = max_len - 2
    windows, cur = [], []
    cur_len = 0
    for wi, pieces in enumerate(per_word):
        pieces = pieces[:lim]
        if cur and cur_len + len(pieces) > lim:
            windows.append(cur)
            cur, cur_len = [], 0
        cur.append(wi)
        cur_len += len(pieces)
    if cur:
        windows.append(cur)
    out = []
    for win in windows:
        ids, labels, first = [CLS], [-100], {}
        for wi in win:
            first[wi] = len(ids)
            for k, pid in enumerate(per_word[wi]):
                ids.append(pid)
                labels.append(LABELS.index(tags[wi]) if (k == 0 and tags is not None) else -100)
        ids.append(SEP)
        labels.append(-100)
        out.append((ids, labels, first))
    return out


# ================================================================ model (BERT, post-LN, as in HF BertModel)
class TinyBert(nn.Module):
    def __init__(self, vocab_size, hidden, layers, heads, ffn, max_pos, num_labels, dropout):
        super().__init__()
        self.heads = heads
        self.hd = hidden // heads
        self.word = nn.Embedding(vocab_size, hidden, padding_idx=PAD)
        self.pos = nn.Embedding(max_pos, hidden)
        self.typ = nn.Embedding(2, hidden)
        self.emb_ln = nn.LayerNorm(hidden, eps=1e-12)
        self.drop = nn.Dropout(dropout)
        self.register_buffer("position_ids", torch.arange(max_pos).unsqueeze(0), persistent=False)
        self.layers = nn.ModuleList()
        for _ in range(layers):
            self.layers.append(nn.ModuleDict({
                "qkv": nn.Linear(hidden, 3 * hidden), "o": nn.Linear(hidden, hidden), "ln1": nn.LayerNorm(hidden, eps=1e-12),
                "ff1": nn.Linear(hidden, ffn), "ff2": nn.Linear(ffn, hidden), "ln2": nn.LayerNorm(hidden, eps=1e-12),
            }))
        self.classifier = nn.Linear(hidden, num_labels)
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)
        if isinstance(m, nn.Embedding) and m.padding_idx is not None:
            with torch.no_grad():
                m.weight[m.padding_idx].zero_()

    def forward(self, input_ids, attention_mask, token_type_ids):
        b, s = input_ids.shape[0], input_ids.shape[1]
        pos_ids = self.position_ids[:, :s]
        h = self.word(input_ids) + self.pos(pos_ids) + self.typ(token_type_ids)
        h = self.drop(self.emb_ln(h))
        ext = (1.0 - attention_mask.to(h.dtype)).unsqueeze(1).unsqueeze(2) * -10000.0  # [b,1,1,s]
        hd = self.hd
        for L in self.layers:
            qkv = L["qkv"](h).view(b, s, 3, self.heads, hd).permute(2, 0, 3, 1, 4)  # 3,b,h,s,d
            q, k, v = qkv[0], qkv[1], qkv[2]
            att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(hd)) + ext
            att = self.drop(torch.softmax(att, dim=-1))
            ctx = torch.matmul(att, v).permute(0, 2, 1, 3).reshape(b, s, self.heads * hd)
            h = L["ln1"](h + self.drop(L["o"](ctx)))
            f = L["ff1"](h)
            f = f * 0.5 * (1.0 + torch.erf(f / math.sqrt(2.0)))  # exact GELU, as BERT "gelu"
            h = L["ln2"](h + self.drop(L["ff2"](f)))
        return self.classifier(h)


# ================================================================ evaluation (conlleval-style exact span match)
def spans_from_tags(tags):
    """conlleval chunking for IOB: a chunk starts at B-X, or at I-X after O / another type."""
    spans, start, typ = [], None, None
    for i, t in enumerate(list(tags) + ["O"]):
        tp = t[2:] if t != "O" else None
        begin = t.startswith("B-") or (t.startswith("I-") and tp != typ)
        if start is not None and (t == "O" or begin):
            spans.append((start, i, typ))
            start, typ = None, None
        if begin:
            start, typ = i, tp
    return spans


def prf(gold_spans, pred_spans):
    g, p = set(gold_spans), set(pred_spans)
    tp = len(g & p)
    prec = tp / len(p) if p else 0.0
    rec = tp / len(g) if g else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "f1": f1, "tp": tp, "n_gold": len(g), "n_pred": len(p)}


def batches_of(items, bs):
    for i in range(0, len(items), bs):
        yield items[i:i + bs]


def pad_batch(seqs, labels=None):
    L = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), L, dtype=torch.long)
    am = torch.zeros(len(seqs), L, dtype=torch.long)
    lab = torch.full((len(seqs), L), -100, dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s)
        am[i, :len(s)] = 1
        if labels is not None:
            lab[i, :len(s)] = torch.tensor(labels[i])
    return ids, am, torch.zeros_like(ids), lab


def predict_sentences(model, sents, vocab, max_len, bs=64):
    """-> per sentence list of predicted tags per CoNLL word (first sub-token's argmax)."""
    model.eval()
    items = []
    for si, (words, _) in enumerate(sents):
        for ids, _, first in encode_sentence(words, None, vocab, max_len):
            items.append((si, ids, first))
    order = sorted(range(len(items)), key=lambda i: len(items[i][1]))
    preds = [[None] * len(w) for w, _ in sents]
    with torch.no_grad():
        for chunk in batches_of(order, bs):
            ids, am, tt, _ = pad_batch([items[i][1] for i in chunk])
            arg = model(ids, am, tt).argmax(-1)
            for r, i in enumerate(chunk):
                si, _, first = items[i]
                for wi, pos in first.items():
                    preds[si][wi] = LABELS[int(arg[r, pos])]
    return preds


def evaluate(model, sents, vocab, max_len):
    preds = predict_sentences(model, sents, vocab, max_len)
    gold, pred = [], []
    for si, (words, tags) in enumerate(sents):
        gold += [(si,) + s for s in spans_from_tags(tags)]
        pred += [(si,) + s for s in spans_from_tags(preds[si])]
    tok_acc = float(np.mean([p == t for (w, ts), ps in zip(sents, preds) for p, t in zip(ps, ts)]))
    r = prf(gold, pred)
    r["token_accuracy"] = tok_acc
    return r, preds


# ================================================================ main
def main():
    args = parse_args()
    t0, c0 = time.time(), time.process_time()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.use_deterministic_algorithms(True)
    rng = np.random.RandomState(args.seed)

    ddir = os.path.join(args.data, "ncbi-disease")
    if not os.path.exists(os.path.join(ddir, "train.tsv")):
        sys.exit(f"data not found: {ddir} (pass --data or set BEDSIDE_DATA)")
    train = read_conll(os.path.join(ddir, "train.tsv"))
    devel = read_conll(os.path.join(ddir, "devel.tsv"))

    vocab_list, word_freq = build_vocab(train, args.vocab_size)
    vocab = {t: i for i, t in enumerate(vocab_list)}

    items = []  # per window: list of (main pieces, split pieces, tag id)
    for words, tags in train:
        for ids, labels, first in encode_sentence(words, tags, vocab, args.max_len):
            win = sorted(first)
            per = []
            for wi in win:
                main = []
                split = []
                for w2, p2 in tokenize_words(words[wi], vocab):
                    main += p2
                    split += wordpiece_split(w2, vocab)
                per.append((main or [UNK], split or [UNK], LABELS.index(tags[wi])))
            items.append(per)
    n_pieces = sum(2 + sum(len(p[0]) for p in it) for it in items)

    def realise(per):
        ids, labels = [CLS], [-100]
        for main, split, tag in per:
            pieces = split if (args.split_prob > 0 and rng.rand() < args.split_prob) else main
            for k, pid in enumerate(pieces):
                ids.append(MASK if (args.mask_prob > 0 and rng.rand() < args.mask_prob) else pid)
                labels.append(tag if k == 0 else -100)
        ids, labels = ids[:args.max_len - 1], labels[:args.max_len - 1]
        return ids + [SEP], labels + [-100]
    dev_unk = sum(1 for w, _ in devel for x in w for _, ids in tokenize_words(x, vocab) if ids == [UNK])
    dev_words = sum(len(w) for w, _ in devel)
    print(f"vocab {len(vocab_list)}; train sentences {len(train)} -> windows {len(items)}, pieces {n_pieces}; "
          f"devel {len(devel)} sentences, {dev_words} words, {dev_unk} [UNK] words", flush=True)

    model = TinyBert(len(vocab_list), args.hidden, args.layers, args.heads, args.ffn, args.max_len, len(LABELS), args.dropout)
    n_params = sum(p.numel() for p in model.parameters())
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=args.lr)

    # length-bucketed batches, shuffled deterministically each epoch
    def make_batches():
        order = rng.permutation(len(items))
        # sort within mega-chunks of 50 batches by length, to keep padding small
        mb = args.batch_size * 50
        bl = []
        for i in range(0, len(order), mb):
            chunk = sorted(order[i:i + mb], key=lambda j: sum(len(p[0]) for p in items[j]))
            bl += [chunk[k:k + args.batch_size] for k in range(0, len(chunk), args.batch_size)]
        return [bl[i] for i in rng.permutation(len(bl))]

    total = args.epochs * len(make_batches())
    rng = np.random.RandomState(args.seed)  # reset after counting so the shuffles are reproducible
    warm = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))

    history = []
    for ep in range(args.epochs):
        model.train()
        tot, n = 0.0, 0
        for bidx in make_batches():
            seqs = [realise(items[i]) for i in bidx]
            ids, am, tt, lab = pad_batch([q[0] for q in seqs], [q[1] for q in seqs])
            logits = model(ids, am, tt)
            loss = F.cross_entropy(logits.view(-1, len(LABELS)), lab.view(-1), ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            tot += float(loss)
            n += 1
        rec = {"epoch": ep + 1, "train_loss": round(tot / n, 5), "elapsed_s": round(time.time() - t0, 1)}
        if args.eval_every_epoch:
            r, _ = evaluate(model, devel, vocab, args.max_len)
            rec["devel_f1"] = round(r["f1"], 4)
        history.append(rec)
        print(rec, flush=True)

    res, dev_preds = evaluate(model, devel, vocab, args.max_len)
    train_res, _ = evaluate(model, train[:1000], vocab, args.max_len)
    wall = time.time() - t0
    print("devel", res, flush=True)

    # ---------------------------------------------------------------- write the HF layout
    out = args.out
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    os.makedirs(os.path.join(out, "examples"), exist_ok=True)
    id2label = {str(i): l for i, l in enumerate(LABELS)}
    config = {
        "_name_or_path": "bedside-demo-ncbi-disease-ner",
        "architectures": ["BertForTokenClassification"],
        "model_type": "bert",
        "vocab_size": len(vocab_list),
        "hidden_size": args.hidden,
        "num_hidden_layers": args.layers,
        "num_attention_heads": args.heads,
        "intermediate_size": args.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": args.dropout,
        "attention_probs_dropout_prob": args.dropout,
        "max_position_embeddings": args.max_len,
        "type_vocab_size": 2,
        "initializer_range": 0.02,
        "layer_norm_eps": 1e-12,
        "pad_token_id": PAD,
        "position_embedding_type": "absolute",
        "classifier_dropout": None,
        "id2label": id2label,
        "label2id": {l: i for i, l in enumerate(LABELS)},
        "torch_dtype": "float32",
    }
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(out, "tokenizer.json"), "w") as f:
        json.dump(tokenizer_json(vocab_list, args.max_len), f, ensure_ascii=False)
    with open(os.path.join(out, "tokenizer_config.json"), "w") as f:
        json.dump({
            "tokenizer_class": "BertTokenizer", "model_max_length": args.max_len, "do_lower_case": True,
            "tokenize_chinese_chars": True, "strip_accents": None, "do_basic_tokenize": True,
            "clean_up_tokenization_spaces": True, "padding_side": "right", "truncation_side": "right",
            "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]", "mask_token": "[MASK]",
            "model_input_names": ["input_ids", "token_type_ids", "attention_mask"],
        }, f, indent=2)
    with open(os.path.join(out, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab_list) + "\n")

    model.eval()

    class Export(nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.m(input_ids, attention_mask, token_type_ids)

    onnx_path = os.path.join(out, "onnx", "model.onnx")
    ids, am, tt, _ = pad_batch([encode_sentence(devel[0][0], None, vocab, args.max_len)[0][0],
                                encode_sentence(devel[1][0], None, vocab, args.max_len)[0][0]])
    wrapper = Export(model).eval()  # export restores the wrapper's train/eval mode afterwards: keep it eval
    torch.onnx.export(wrapper, (ids, am, tt), onnx_path, opset_version=14,
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                                    "token_type_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch", 1: "sequence"}},
                      do_constant_folding=True)
    import onnx
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    m.producer_version = ""
    m.doc_string = "Bedside demo disease-mention NER (NCBI disease corpus), tiny BERT from scratch. Demonstration only, not for clinical use."
    onnx.save(m, onnx_path)
    with open(onnx_path, "rb") as f:
        onnx_sha = hashlib.sha256(f.read()).hexdigest()

    model.eval()
    # ---------------------------------------------------------------- examples for the TypeScript side
    examples = []
    pick = [i for i, (w, t) in enumerate(devel) if 8 <= len(w) <= 40 and any(x != "O" for x in t)][:5]
    for si in pick:
        words, tags = devel[si]
        text = " ".join(words)
        starts, pos = [], 0
        for w in words:
            starts.append(pos)
            pos += len(w) + 1

        def char_spans(sp):
            return [{"start": starts[a], "end": starts[b - 1] + len(words[b - 1]),
                     "text": text[starts[a]:starts[b - 1] + len(words[b - 1])], "label": t} for a, b, t in sp]

        enc = encode_sentence(words, None, vocab, args.max_len)
        examples.append({"devel_index": si, "text": text, "input_ids": enc[0][0] if len(enc) == 1 else None,
                         "gold_entities": char_spans(spans_from_tags(tags)),
                         "predicted_entities": char_spans(spans_from_tags(dev_preds[si])),
                         "predicted_word_tags": dev_preds[si]})
    # expected logits for one sentence
    s0 = examples[0]
    ids, am, tt, _ = pad_batch([s0["input_ids"]])
    with torch.no_grad():
        lg = model(ids, am, tt)[0].numpy()
    with open(os.path.join(out, "examples", "expected_logits.json"), "w") as f:
        json.dump({"text": s0["text"], "input_ids": s0["input_ids"], "attention_mask": [1] * len(s0["input_ids"]),
                   "token_type_ids": [0] * len(s0["input_ids"]), "dims": list(lg.shape),
                   "logits": [[round(float(x), 6) for x in row] for row in lg], "tolerance": 1e-4}, f)
    with open(os.path.join(out, "examples", "sentences.json"), "w") as f:
        json.dump({"note": "text = CoNLL words joined by single spaces; offsets are into text, end exclusive; "
                           "predicted_* come from this model (first sub-token per word, conlleval IOB chunking)",
                   "examples": examples}, f, indent=1)
    # tokenizer check set: all devel sentences' ids (small) so the TS tokenizer can be diffed against Python
    tok_check = [{"text": " ".join(w), "input_ids": [CLS] + [i for x in w for _, ids_ in tokenize_words(x, vocab) for i in ids_] + [SEP]}
                 for w, _ in devel[:200]]
    with open(os.path.join(out, "examples", "tokenizer_check.json"), "w") as f:
        json.dump(tok_check, f, separators=(",", ":"))

    metrics = {
        "model": "bedside-demo-ncbi-disease-ner", "version": "0.1.1",
        "task": "token classification, disease mentions, IOB: O, B-Disease, I-Disease",
        "intended_use": "demonstration only, not for clinical use",
        "seed": args.seed,
        "metrics": {
            "split": "devel (NCBI disease corpus development set, %d sentences, %d words); test split not available here" % (len(devel), dev_words),
            "scheme": "entity-level exact span match (conlleval-style, IOB chunking; I- after O starts an entity), micro-averaged",
            "devel_precision": res["precision"], "devel_recall": res["recall"], "devel_f1": res["f1"],
            "devel_token_accuracy": res["token_accuracy"], "devel_n_gold": res["n_gold"], "devel_n_pred": res["n_pred"], "devel_tp": res["tp"],
            "train_first1000_f1": train_res["f1"],
            "selection": "fixed number of epochs; devel not used for model selection or tuning beyond choosing these defaults",
        },
        "published_reference": [
            {"system": "BANNER (Dogan, Leaman & Lu, J Biomed Inform 2014)", "split": "test", "f1_approx": 0.82,
             "note": "CRF with rich features, mention-level exact match, as reported with the corpus release"},
            {"system": "BioBERT (Lee et al., Bioinformatics 2020)", "split": "test", "f1_approx": 0.89,
             "note": "BERT-base further pre-trained on PubMed (+PMC), then fine-tuned, cased vocabulary"},
            {"note": "ours: devel split, 4-layer 128-wide BERT trained from scratch on 5.4k sentences, lowercased, no pre-training; not directly comparable"},
        ],
        "training": {
            "data": "NCBI disease corpus train.tsv (%d sentences)" % len(train),
            "epochs": args.epochs, "batch_size": args.batch_size, "optimizer": "AdamW (wd 0.01 on matrices), lr %g, linear warmup 6%% then linear decay, grad clip 1.0" % args.lr,
            "dropout": args.dropout, "parameters": n_params,
            "augmentation": "per word, p=%g: tokenized without its whole-word vocab entry (pieces only, mimics unseen words); per piece, p=%g: replaced by [MASK]" % (args.split_prob, args.mask_prob), "history": history,
            "labelling": "first sub-token of each word carries the word's IOB tag; other sub-tokens, [CLS], [SEP], padding are ignored (-100)",
            "torch": torch.__version__, "threads": args.threads,
            "wall_time_s": round(wall, 1), "cpu_time_s": round(time.process_time() - c0, 1),
        },
        "tokenizer": {
            "type": "WordPiece (BERT), built from train.tsv", "vocab_size": len(vocab_list), "lowercase": True,
            "strip_accents": "yes (follows lowercase)", "specials": {t: i for i, t in enumerate(SPECIALS)},
            "template": "[CLS] $A [SEP]", "model_max_length": args.max_len, "max_input_chars_per_word": 100,
            "vocab_recipe": "all characters and ##characters; whole words with train frequency >= 2 (up to 70%% of the budget, most frequent first); "
                            "then prefixes and ##infixes of 2-8 characters seen in >= 3 word types, most frequent first; to %d entries" % args.vocab_size,
            "devel_unk_words": dev_unk,
        },
        "onnx": {
            "file": "onnx/model.onnx", "opset": 14, "sha256": onnx_sha, "bytes": os.path.getsize(onnx_path),
            "inputs": {"input_ids": {"dtype": "int64", "shape": ["batch", "sequence"]},
                       "attention_mask": {"dtype": "int64", "shape": ["batch", "sequence"]},
                       "token_type_ids": {"dtype": "int64", "shape": ["batch", "sequence"]}},
            "outputs": {"logits": {"dtype": "float32", "shape": ["batch", "sequence", 3], "labels": LABELS}},
            "sequence_limit": "sequence <= %d (position embeddings); window longer text" % args.max_len,
        },
    }
    with open(os.path.join(out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)
    print(json.dumps({"P": res["precision"], "R": res["recall"], "F1": res["f1"], "params": n_params,
                      "onnx_bytes": os.path.getsize(onnx_path), "wall_s": round(wall, 1)}))


if __name__ == "__main__":
    main()
