#!/usr/bin/env python3
"""Train the Bedside demo chest X-ray pneumonia classifier (PneumoniaMNIST, 28x28).

Demonstration only, not for clinical use.

  /usr/bin/python3 models/training/pneumonia/train.py            # from the repo root
  /usr/bin/python3 models/training/pneumonia/train.py --data /path/to/shared/data --out models/demo/pneumonia-xray

Needs Debian packages python3-torch (1.13, CPU), python3-onnx, python3-numpy.
Deterministic: fixed seeds, one CPU thread, deterministic algorithms, no data loader workers.
"""
import os

# one BLAS/OpenMP thread before numpy/torch load: deterministic and polite on a shared 2-core machine
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import json
import math
import os
import struct
import sys
import time
import zlib

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.environ.get("BEDSIDE_DATA", os.path.join(REPO, "..", "shared", "data")),
                   help="shared data folder (default ../shared/data relative to the repo, or $BEDSIDE_DATA)")
    p.add_argument("--out", default=os.path.join(REPO, "models", "demo", "pneumonia-xray"))
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--target-sensitivity", type=float, default=0.98)
    p.add_argument("--band", type=float, default=0.10, help="half-width of the uncertain band around the threshold")
    return p.parse_args()


# ---------------------------------------------------------------- model
class SmallCNN(nn.Module):
    """~25k parameters. Input [N,1,28,28] normalised, output logits [N,1] (pneumonia)."""

    def __init__(self):
        super().__init__()

        def block(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))

        self.features = nn.Sequential(
            block(1, 16), block(16, 16), nn.MaxPool2d(2),    # 14x14
            block(16, 32), block(32, 32), nn.MaxPool2d(2),   # 7x7
            block(32, 64),
        )
        self.dropout = nn.Dropout(0.2)
        self.fc = nn.Linear(64, 1)

    def forward(self, x):
        h = self.features(x)
        h = h.mean(dim=(2, 3))
        return self.fc(self.dropout(h))


# ---------------------------------------------------------------- metrics
def auc_mann_whitney(scores, labels):
    """ROC AUC as the Mann-Whitney U statistic, ties given average ranks."""
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels).astype(int)
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores), dtype=np.float64)
    s = scores[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    n_pos = int(labels.sum())
    n_neg = len(labels) - n_pos
    u = ranks[labels == 1].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))


def confusion(prob, labels, thr):
    pred = (prob >= thr).astype(int)
    tp = int(((pred == 1) & (labels == 1)).sum())
    tn = int(((pred == 0) & (labels == 0)).sum())
    fp = int(((pred == 1) & (labels == 0)).sum())
    fn = int(((pred == 0) & (labels == 1)).sum())
    return {
        "threshold": float(thr),
        "accuracy": (tp + tn) / len(labels),
        "sensitivity": tp / max(tp + fn, 1),
        "specificity": tn / max(tn + fp, 1),
        "ppv": tp / max(tp + fp, 1),
        "npv": tn / max(tn + fn, 1),
        "tp": tp, "tn": tn, "fp": fp, "fn": fn,
    }


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def nll(logits, labels, t):
    p = np.clip(sigmoid(logits / t), 1e-12, 1 - 1e-12)
    return float(-np.mean(labels * np.log(p) + (1 - labels) * np.log(1 - p)))


def fit_temperature(logits, labels):
    """Minimise binary NLL over T by a deterministic log-spaced grid and golden-section refinement."""
    grid = np.exp(np.linspace(math.log(0.05), math.log(20.0), 400))
    losses = [nll(logits, labels, t) for t in grid]
    k = int(np.argmin(losses))
    lo, hi = math.log(grid[max(k - 1, 0)]), math.log(grid[min(k + 1, len(grid) - 1)])
    g = (math.sqrt(5) - 1) / 2
    for _ in range(60):
        a, b = hi - g * (hi - lo), lo + g * (hi - lo)
        if nll(logits, labels, math.exp(a)) < nll(logits, labels, math.exp(b)):
            hi = b
        else:
            lo = a
    return float(math.exp((lo + hi) / 2))


def ece(prob, labels, bins=10):
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for i in range(bins):
        m = (prob >= edges[i]) & ((prob < edges[i + 1]) if i < bins - 1 else (prob <= 1.0))
        if m.any():
            total += m.sum() / len(prob) * abs(prob[m].mean() - labels[m].mean())
    return float(total)


def choose_threshold(prob, labels, target):
    """Highest threshold (taken from the observed probabilities) with sensitivity >= target."""
    pos = np.sort(prob[labels == 1])
    # thresholding at pos[k] keeps positives pos[k:] -> sensitivity (n-k)/n
    n = len(pos)
    k = int(math.floor(n * (1 - target) + 1e-9))  # largest k with (n-k)/n >= target
    while k > 0 and (n - k) / n < target:
        k -= 1
    return float(pos[k])


# ---------------------------------------------------------------- PNG (no PIL)
def write_png_gray(path, img):
    img = np.asarray(img, dtype=np.uint8)
    h, w = img.shape
    raw = b"".join(b"\x00" + img[r].tobytes() for r in range(h))

    def chunk(tag, data):
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


# ---------------------------------------------------------------- main
def main():
    args = parse_args()
    t_start = time.time()
    cpu_start = time.process_time()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.use_deterministic_algorithms(True)
    rng = np.random.RandomState(args.seed)

    path = os.path.join(args.data, "pneumoniamnist", "pneumoniamnist-trainval.npz")
    if not os.path.exists(path):
        sys.exit(f"data not found: {path} (pass --data or set BEDSIDE_DATA)")
    d = np.load(path)
    xtr, ytr = d["train_images"], d["train_labels"].reshape(-1).astype(np.float32)
    xva, yva = d["val_images"], d["val_labels"].reshape(-1).astype(np.float32)

    mean = float((xtr.astype(np.float64) / 255.0).mean())
    std = float((xtr.astype(np.float64) / 255.0).std())

    def norm(x):
        return ((x.astype(np.float32) / 255.0 - mean) / std)[:, None, :, :]

    xtr_n, xva_n = norm(xtr), norm(xva)
    n_pos, n_neg = int(ytr.sum()), int(len(ytr) - ytr.sum())
    # Train is 90% pneumonia: weight the classes equally in the loss.
    w_pos, w_neg = len(ytr) / (2.0 * n_pos), len(ytr) / (2.0 * n_neg)
    print(f"train {len(ytr)} (pos {n_pos}, neg {n_neg}), val {len(yva)} (pos {int(yva.sum())}); mean {mean:.5f} std {std:.5f}")

    model = SmallCNN()
    n_params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    steps_per_epoch = math.ceil(len(ytr) / args.batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps_per_epoch, pct_start=0.15)

    xtr_t = torch.from_numpy(xtr_n)
    pad_val = float((0.0 - mean) / std)
    history = []
    for epoch in range(args.epochs):
        model.train()
        perm = rng.permutation(len(ytr))
        tot = 0.0
        for b in range(steps_per_epoch):
            idx = perm[b * args.batch_size:(b + 1) * args.batch_size]
            xb = xtr_t[idx]
            # augmentation: random translation up to 2 px (no flips: CXR are not left-right symmetric)
            xb = F.pad(xb, (2, 2, 2, 2), value=pad_val)
            dx, dy = rng.randint(0, 5, size=2)
            xb = xb[:, :, dy:dy + 28, dx:dx + 28].contiguous()
            yb = torch.from_numpy(ytr[idx])
            wb = torch.where(yb > 0.5, torch.tensor(w_pos), torch.tensor(w_neg))
            logit = model(xb).squeeze(1)
            loss = F.binary_cross_entropy_with_logits(logit, yb, weight=wb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += float(loss) * len(idx)
        history.append(round(tot / len(ytr), 5))
        print(f"epoch {epoch + 1}/{args.epochs} loss {tot / len(ytr):.4f}  ({time.time() - t_start:.0f}s)", flush=True)

    model.eval()
    with torch.no_grad():
        lva = model(torch.from_numpy(xva_n)).squeeze(1).double().numpy()
    yv = yva.astype(int)

    # calibration
    T = fit_temperature(lva, yva)
    p_raw = sigmoid(lva)
    p_cal = sigmoid(lva / T)
    thr = choose_threshold(p_cal, yv, args.target_sensitivity)
    band = [max(0.0, thr - args.band), min(1.0, thr + args.band)]
    in_band = (p_cal >= band[0]) & (p_cal <= band[1])
    outside = ~in_band
    auc = auc_mann_whitney(lva, yv)

    # honest check of the val-tuned choices: 2-fold cross-fit on val (fit T and threshold on one half, score the other)
    cf_rng = np.random.RandomState(args.seed + 1)
    order = cf_rng.permutation(len(yv))
    halves = [order[: len(yv) // 2], order[len(yv) // 2:]]
    cross = []
    for a, b in [(0, 1), (1, 0)]:
        ia, ib = halves[a], halves[b]
        ta = fit_temperature(lva[ia], yva[ia])
        tha = choose_threshold(sigmoid(lva[ia] / ta), yv[ia], args.target_sensitivity)
        cross.append(confusion(sigmoid(lva[ib] / ta), yv[ib], tha))
    cross_fit = {k: float(np.mean([c[k] for c in cross])) for k in ["accuracy", "sensitivity", "specificity"]}

    wall = time.time() - t_start
    metrics = {
        "model": "bedside-demo-pneumonia-xray",
        "version": "0.1.1",
        "task": "binary image classification: pneumonia (1) vs normal (0)",
        "intended_use": "demonstration only, not for clinical use",
        "seed": args.seed,
        "training": {
            "data": "MedMNIST v2 PneumoniaMNIST, pneumoniamnist-trainval.npz (train split as shipped in ../shared/data)",
            "n_train": len(ytr), "n_train_pneumonia": n_pos, "n_train_normal": n_neg,
            "epochs": args.epochs, "batch_size": args.batch_size, "optimizer": "AdamW wd=1e-4, OneCycle max_lr=%g" % args.lr,
            "loss": "BCE with class weights (pos %.4f, neg %.4f) so both classes weigh equally" % (w_pos, w_neg),
            "augmentation": "random translation up to 2 px, constant padding with black (0)",
            "architecture": "SmallCNN: 5 conv3x3-BN-ReLU (16,16,32,32,64) with 2 maxpools, global average pool, dropout 0.2, linear -> 1",
            "parameters": n_params, "train_loss_per_epoch": history,
            "torch": torch.__version__, "threads": args.threads,
            "wall_time_s": round(wall, 1), "cpu_time_s": round(time.process_time() - cpu_start, 1),
        },
        "preprocessing": {
            "size": [28, 28], "channels": 1, "colour": "greyscale, 0 = black",
            "resize_note": "MedMNIST made these by centre-cropping the original JPEG to a square on the short edge and resizing to 28x28 (bicubic); do the same",
            "scale": "x / 255", "mean": mean, "std": std,
            "formula": "input = (pixel / 255 - mean) / std",
        },
        "onnx": {
            "file": "model.onnx", "opset": 17,
            "inputs": {"input": {"dtype": "float32", "shape": ["N", 1, 28, 28]}},
            "outputs": {"logits": {"dtype": "float32", "shape": ["N", 1], "meaning": "uncalibrated logit of pneumonia (single column, sigmoid not softmax)"}},
        },
        "calibration": {
            "method": "temperature scaling fitted on the validation split by binary NLL",
            "temperature": T,
            "probability": "p = sigmoid(logits / temperature)",
            "val_nll_before": nll(lva, yva, 1.0), "val_nll_after": nll(lva, yva, T),
            "val_ece10_before": ece(p_raw, yva), "val_ece10_after": ece(p_cal, yva),
        },
        "operating_point": {
            "rule": "highest threshold on the calibrated probability with validation sensitivity >= %.2f" % args.target_sensitivity,
            "threshold": thr,
            "uncertain_band": band,
            "uncertain_band_rule": "calibrated p within threshold +/- %.2f (inclusive) is reported as 'uncertain' rather than positive/negative" % args.band,
            "val_fraction_uncertain": float(in_band.mean()),
            "val_accuracy_outside_band": float(((p_cal >= thr).astype(int) == yv)[outside].mean()) if outside.any() else None,
            "val_sensitivity_outside_band": confusion(p_cal[outside], yv[outside], thr)["sensitivity"],
            "val_specificity_outside_band": confusion(p_cal[outside], yv[outside], thr)["specificity"],
        },
        "metrics": {
            "split": "validation (MedMNIST v2 PneumoniaMNIST val, 524 images); the test split is not available here",
            "caveat": "temperature and threshold were chosen on this same validation split, so figures at the operating threshold are optimistic; see val_cross_fit",
            "n": len(yv), "n_pneumonia": int(yv.sum()), "n_normal": int(len(yv) - yv.sum()),
            "val_auc": auc,
            "at_0.5_calibrated": confusion(p_cal, yv, 0.5),
            "at_0.5_uncalibrated": confusion(p_raw, yv, 0.5),
            "at_operating_threshold": confusion(p_cal, yv, thr),
            "operating_points_by_target_sensitivity": {
                "%.2f" % tgt: confusion(p_cal, yv, choose_threshold(p_cal, yv, tgt)) for tgt in (0.90, 0.95, 0.97, 0.98, 0.99)
            },
            "val_cross_fit_2fold": {
                "what": "val split in two halves (seed+1); T and threshold fitted on one half and applied to the other; mean of both directions",
                **cross_fit,
            },
        },
        "published_reference": {
            "source": "MedMNIST v2 (Yang et al., Scientific Data 2023), Table: PneumoniaMNIST, ResNet-18 (28)",
            "split": "test (624 images)", "auc": 0.944, "accuracy": 0.854,
            "note": "not directly comparable: theirs is the test split at threshold 0.5 with the full 4,708-image train split; ours is validation",
        },
    }

    os.makedirs(os.path.join(args.out, "examples"), exist_ok=True)

    # ONNX export
    class Export(nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input):
            return self.m(input)

    onnx_path = os.path.join(args.out, "model.onnx")
    dummy = torch.from_numpy(xva_n[:2])
    torch.onnx.export(Export(model).eval(), (dummy,), onnx_path, opset_version=17, input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                      do_constant_folding=True)
    import onnx
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    # strip producer version noise so re-runs give identical bytes
    m.producer_version = ""
    m.doc_string = "Bedside demo pneumonia classifier (PneumoniaMNIST). Demonstration only, not for clinical use."
    onnx.save(m, onnx_path)
    import hashlib
    with open(onnx_path, "rb") as f:
        metrics["onnx"]["sha256"] = hashlib.sha256(f.read()).hexdigest()
    metrics["onnx"]["bytes"] = os.path.getsize(onnx_path)

    # examples for the TypeScript tests: 2 val images per class
    ex = []
    for cls in (0, 1):
        for i in [int(k) for k in np.where(yv == cls)[0][:2]]:
            name = f"val{i:03d}_{'pneumonia' if cls else 'normal'}.png"
            write_png_gray(os.path.join(args.out, "examples", name), xva[i])
            pc = float(p_cal[i])
            ex.append({"file": name, "val_index": i, "label": cls,
                       "logit": float(lva[i]), "probability_calibrated": pc,
                       "decision": "uncertain" if band[0] <= pc <= band[1] else ("pneumonia" if pc >= thr else "normal")})
    # also a batch-of-all-four raw check: first pixel row of normalised input for sanity
    with open(os.path.join(args.out, "examples", "expected.json"), "w") as f:
        json.dump({"preprocessing": metrics["preprocessing"], "temperature": T, "threshold": thr,
                   "uncertain_band": band, "tolerance_logit": 1e-4, "examples": ex}, f, indent=2)
    metrics["examples"] = ex
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)

    mt = metrics["metrics"]
    print(json.dumps({"val_auc": auc, "T": T, "thr": thr, "band": band,
                      "acc@0.5": mt["at_0.5_calibrated"]["accuracy"], "op": mt["at_operating_threshold"],
                      "cross_fit": cross_fit, "wall_s": round(wall, 1)}, indent=1))


if __name__ == "__main__":
    main()
