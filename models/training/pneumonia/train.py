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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from preprocess import area_weights  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.environ.get("BEDSIDE_DATA", os.path.join(REPO, "..", "shared", "data")),
                   help="shared data folder (default ../shared/data relative to the repo, or $BEDSIDE_DATA)")
    p.add_argument("--out", default=os.path.join(REPO, "models", "demo", "pneumonia-xray"))
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--members", type=int, default=5, help="ensemble size (seeds seed, seed+1, ...)")
    p.add_argument("--cache", default=None, help="folder for trained members' weights (reused when present)")
    p.add_argument("--ood-quantile", type=float, default=0.99,
                   help="OOD threshold = the higher of the two classes' quantiles of the validation Mahalanobis distances")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--target-sensitivity", type=float, default=0.95)
    p.add_argument("--band", type=float, default=0.10, help="half-width of the uncertain band around the threshold")
    return p.parse_args()


# ---------------------------------------------------------------- model
class SmallCNN(nn.Module):
    """~25k parameters. Input [N,1,28,28] normalised, output logits [N,1] (pneumonia); embed() gives the features."""

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

    def embed(self, x):
        """Penultimate activations (global average pool of the last block), [N, 64]."""
        return self.features(x).mean(dim=(2, 3))

    def forward(self, x):
        return self.fc(self.dropout(self.embed(x)))


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


# ---------------------------------------------------------------- augmentation
def augment(xb, rng, mean, std):
    """Random brightness, contrast, gamma, blur or reduce-and-enlarge, shift/scale/rotation.

    xb: [N,1,28,28] in pixel units 0..1. Returns the normalised batch. Reproducible from rng.
    """
    n = xb.shape[0]
    # geometry: shift up to 2.5 px, scale 0.92-1.08, rotation +-6 degrees, border replicated
    ang = torch.from_numpy(rng.uniform(-6, 6, n) * math.pi / 180).float()
    sc = torch.from_numpy(rng.uniform(0.92, 1.08, n)).float()
    tx = torch.from_numpy(rng.uniform(-2.5, 2.5, (n, 2)) / 14.0).float()
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = torch.cos(ang) / sc
    theta[:, 0, 1] = -torch.sin(ang) / sc
    theta[:, 1, 0] = torch.sin(ang) / sc
    theta[:, 1, 1] = torch.cos(ang) / sc
    theta[:, :, 2] = tx
    grid = F.affine_grid(theta, list(xb.shape), align_corners=False)
    xb = F.grid_sample(xb, grid, mode="bilinear", padding_mode="border", align_corners=False)
    # softness: half the batch blurred (Gaussian sigma 0.3-1.0 px) or reduced to 14-22 px and enlarged again
    kind = rng.randint(0, 4, n)
    for i in np.where(kind == 1)[0]:
        sigma = rng.uniform(0.3, 1.0)
        k = np.exp(-0.5 * (np.arange(-2, 3) / sigma) ** 2)
        k = torch.from_numpy(k / k.sum()).float()
        x = F.pad(xb[i:i + 1], (2, 2, 2, 2), mode="replicate")
        x = F.conv2d(x, k.view(1, 1, 1, 5))
        xb[i:i + 1] = F.conv2d(x, k.view(1, 1, 5, 1))
    for i in np.where(kind == 2)[0]:
        m = int(rng.randint(14, 23))
        small = torch.from_numpy(area_weights(28, m)).float()
        x = small @ xb[i, 0] @ small.T
        xb[i, 0] = F.interpolate(x[None, None], size=(28, 28), mode="bilinear", align_corners=False)[0, 0]
    # intensity: contrast 0.75-1.3 about the image mean, brightness +-0.08, gamma 0.8-1.25
    c = torch.from_numpy(rng.uniform(0.75, 1.3, (n, 1, 1, 1))).float()
    b = torch.from_numpy(rng.uniform(-0.08, 0.08, (n, 1, 1, 1))).float()
    g = torch.from_numpy(np.exp(rng.uniform(math.log(0.8), math.log(1.25), (n, 1, 1, 1)))).float()
    mu = xb.mean(dim=(2, 3), keepdim=True)
    xb = ((xb - mu) * c + mu + b).clamp(0, 1) ** g
    # 8-bit rounding as the stored images have
    xb = torch.floor(xb * 255 + 0.5) / 255
    return (xb - mean) / std


def train_member(seed, xtr01, ytr, args, mean, std, log):
    """Trains one ensemble member on class-balanced batches with augmentation."""
    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    model = SmallCNN()
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    steps = math.ceil(len(ytr) / args.batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps, pct_start=0.15)
    pos, neg = np.where(ytr == 1)[0], np.where(ytr == 0)[0]
    xt = torch.from_numpy(xtr01)
    history = []
    t0 = time.time()
    for epoch in range(args.epochs):
        model.train()
        tot = 0.0
        for _ in range(steps):
            # balanced sampling: half of each batch normal, half pneumonia (normals drawn with replacement)
            half = args.batch_size // 2
            idx = np.concatenate([rng.choice(neg, half), rng.choice(pos, args.batch_size - half)])
            xb = augment(xt[idx].clone(), rng, mean, std)
            yb = torch.from_numpy(ytr[idx])
            loss = F.binary_cross_entropy_with_logits(model(xb).squeeze(1), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += float(loss)
        history.append(round(tot / steps, 5))
        log(f"seed {seed} epoch {epoch + 1}/{args.epochs} loss {tot / steps:.4f} ({time.time() - t0:.0f}s)")
    model.eval()
    return model, history


class Ensemble(nn.Module):
    """Mean logit of the members, plus the class-conditional Mahalanobis distance of their features."""

    def __init__(self, members, means, precision):
        super().__init__()
        self.members = nn.ModuleList(members)
        self.register_buffer("means", torch.from_numpy(means).float())          # [2, D]
        self.register_buffer("precision", torch.from_numpy(precision).float())  # [D, D]

    def features(self, x):
        return torch.cat([m.embed(x) for m in self.members], dim=1)

    def forward(self, input):
        f = self.features(input)
        logits = torch.stack([m.fc(f[:, 64 * i:64 * (i + 1)]) for i, m in enumerate(self.members)], 0).mean(0)
        d = []
        for c in range(2):
            z = f - self.means[c:c + 1]
            d.append(((z @ self.precision) * z).sum(dim=1, keepdim=True))
        ood = torch.min(d[0], d[1])
        return logits, ood


def fit_mahalanobis(feats, labels, shrink=0.05):
    """Class means and the shared precision (Lee et al. 2018), covariance shrunk towards its diagonal."""
    means = np.stack([feats[labels == c].mean(0) for c in (0, 1)])
    z = np.concatenate([feats[labels == c] - means[c] for c in (0, 1)])
    cov = z.T @ z / len(z)
    cov = (1 - shrink) * cov + shrink * np.diag(np.diag(cov)) + 1e-6 * np.eye(len(cov)) * np.trace(cov) / len(cov)
    return means, np.linalg.inv(cov)


def mahalanobis(feats, means, precision):
    """Class-conditional squared Mahalanobis distance (minimum over the classes)."""
    return np.min(np.stack([np.einsum("nd,de,ne->n", feats - m, precision, feats - m) for m in means]), axis=0)


# ---------------------------------------------------------------- main
def main():
    args = parse_args()
    t_start = time.time()
    cpu_start = time.process_time()
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    np.random.seed(args.seed)

    path = os.path.join(args.data, "pneumoniamnist", "pneumoniamnist-trainval.npz")
    if not os.path.exists(path):
        sys.exit(f"data not found: {path} (pass --data or set BEDSIDE_DATA)")
    d = np.load(path)
    xtr, ytr = d["train_images"], d["train_labels"].reshape(-1).astype(np.float32)
    xva, yva = d["val_images"], d["val_labels"].reshape(-1).astype(np.float32)
    yv = yva.astype(int)

    mean = float((xtr.astype(np.float64) / 255.0).mean())
    std = float((xtr.astype(np.float64) / 255.0).std())

    def norm(x):
        return ((x.astype(np.float64) / 255.0 - mean) / std).astype(np.float32)[:, None, :, :]

    n_pos, n_neg = int(ytr.sum()), int(len(ytr) - ytr.sum())
    print(f"train {len(ytr)} (pos {n_pos}, neg {n_neg}), val {len(yva)} (pos {int(yva.sum())}); mean {mean:.5f} std {std:.5f}", flush=True)

    def log(msg):
        print(msg, flush=True)

    xtr01 = (xtr.astype(np.float32) / 255.0)[:, None]
    members, histories, member_auc = [], [], []
    for k in range(args.members):
        seed = args.seed + k
        cached = os.path.join(args.cache, f"member-{seed}.pt") if args.cache else None
        if cached and os.path.exists(cached):
            m = SmallCNN()
            saved = torch.load(cached)
            m.load_state_dict(saved["state"])
            m.eval()
            hist = saved["history"]
            log(f"seed {seed}: loaded {cached}")
        else:
            m, hist = train_member(seed, xtr01, ytr, args, mean, std, log)
            if cached:
                os.makedirs(args.cache, exist_ok=True)
                torch.save({"state": m.state_dict(), "history": hist}, cached)
        with torch.no_grad():
            member_auc.append(auc_mann_whitney(m(torch.from_numpy(norm(xva))).squeeze(1).numpy(), yv))
        log(f"seed {seed}: val AUC {member_auc[-1]:.5f}")
        members.append(m)
        histories.append(hist)

    # features of the clean training images -> class means and shared precision
    with torch.no_grad():
        ens0 = Ensemble(members, np.zeros((2, 64 * len(members))), np.eye(64 * len(members)))
        ftr = ens0.features(torch.from_numpy(norm(xtr))).double().numpy()
    means, precision = fit_mahalanobis(ftr, ytr.astype(int))
    model = Ensemble(members, means, precision).eval()
    n_params = sum(p.numel() for p in model.members.parameters())
    with torch.no_grad():
        lva_t, dva_t = model(torch.from_numpy(norm(xva)))
        dtr = model(torch.from_numpy(norm(xtr)))[1].squeeze(1).double().numpy()
    lva = lva_t.squeeze(1).double().numpy()
    dva = dva_t.squeeze(1).double().numpy()
    # Per class, so that the minority class (normal) is not refused more often than pneumonia.
    ood_threshold = float(max(np.quantile(dva[yv == c], args.ood_quantile) for c in (0, 1)))

    # calibration and operating point on val
    T = fit_temperature(lva, yva)
    p_raw = sigmoid(lva)
    p_cal = sigmoid(lva / T)
    thr = choose_threshold(p_cal, yv, args.target_sensitivity)
    band = [max(0.0, thr - args.band), min(1.0, thr + args.band)]
    in_band = (p_cal >= band[0]) & (p_cal <= band[1])
    outside = ~in_band
    auc = auc_mann_whitney(lva, yv)

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

    # robustness on val: blur and reduce-enlarge round trips (what the issue saw degrade specificity)
    def degraded(kind):
        x = torch.from_numpy(xva.astype(np.float32) / 255.0)[:, None]
        if kind == "blur":
            k = np.exp(-0.5 * (np.arange(-2, 3) / 0.8) ** 2)
            k = torch.from_numpy(k / k.sum()).float()
            x = F.conv2d(F.conv2d(F.pad(x, (2, 2, 2, 2), mode="replicate"), k.view(1, 1, 1, 5)), k.view(1, 1, 5, 1))
        else:
            big = F.interpolate(x, size=(112, 112), mode="bilinear", align_corners=False)
            w = torch.from_numpy(area_weights(112, 28)).float()
            x = w @ big @ w.T
        x = torch.floor(x * 255 + 0.5) / 255
        with torch.no_grad():
            lg, dd = model((x - mean) / std)
        pc = sigmoid(lg.squeeze(1).double().numpy() / T)
        c = confusion(pc, yv, thr)
        return {"auc": auc_mann_whitney(pc, yv), "sensitivity": c["sensitivity"], "specificity": c["specificity"],
                "ood_refused": float((dd.squeeze(1).numpy() > ood_threshold).mean())}
    robustness = {"gaussian_blur_sigma0.8": degraded("blur"), "enlarge_4x_bilinear_then_area_reduce": degraded("roundtrip")}

    wall = time.time() - t_start
    version = "0.2.0"
    op = confusion(p_cal, yv, thr)
    metrics = {
        "model": "bedside-demo-pneumonia-xray",
        "version": version,
        "task": "binary image classification: pneumonia pattern (1) vs normal (0)",
        "intended_use": "demonstration only, not for clinical use",
        "seed": args.seed,
        "training": {
            "data": "MedMNIST v2 PneumoniaMNIST, pneumoniamnist-trainval.npz (train split as shipped in ../shared/data)",
            "n_train": len(ytr), "n_train_pneumonia": n_pos, "n_train_normal": n_neg,
            "ensemble": {"members": args.members, "seeds": [args.seed + k for k in range(args.members)],
                         "combination": "mean of the members' logits", "member_val_auc": member_auc},
            "epochs": args.epochs, "batch_size": args.batch_size, "optimizer": "AdamW wd=1e-4, OneCycle max_lr=%g" % args.lr,
            "sampling": "class-balanced batches: half normal (drawn with replacement from the 388), half pneumonia",
            "loss": "binary cross-entropy (unweighted; the sampling balances the classes)",
            "augmentation": "per image: shift up to 2.5 px, scale 0.92-1.08, rotation +-6 deg (border replicated); "
                            "1/4 Gaussian blur sigma 0.3-1.0 px, 1/4 area-reduced to 14-22 px and enlarged again (bilinear); "
                            "contrast 0.75-1.3, brightness +-0.08, gamma 0.8-1.25; rounded to 8 bits. No flips.",
            "architecture": "per member SmallCNN: 5 conv3x3-BN-ReLU (16,16,32,32,64) with 2 maxpools, global average pool, dropout 0.2, linear -> 1",
            "parameters": n_params, "train_loss_per_epoch": histories,
            "torch": torch.__version__, "threads": args.threads,
            "wall_time_s": round(wall, 1), "cpu_time_s": round(time.process_time() - cpu_start, 1),
        },
        "preprocessing": {
            "size": [28, 28], "channels": 1, "colour": "greyscale, 0 = black",
            "resize": {"crop": "center-square", "filter": "area"},
            "resize_note": "centre crop to a square on the short edge, exact area averaging to 28x28, round to 8 bits "
                           "(preprocess.py; the app's imagePreprocess.ts matches it, see tensor_reference.json)",
            "scale": "x / 255", "mean": mean, "std": std,
            "formula": "input = (pixel / 255 - mean) / std",
        },
        "onnx": {
            "file": "model.onnx", "opset": 17,
            "inputs": {"input": {"dtype": "float32", "shape": ["N", 1, 28, 28]}},
            "outputs": {
                "logits": {"dtype": "float32", "shape": ["N", 1], "meaning": "uncalibrated mean logit of pneumonia over the ensemble (sigmoid, not softmax)"},
                "ood_distance": {"dtype": "float32", "shape": ["N", 1], "meaning": "class-conditional squared Mahalanobis distance of the concatenated penultimate features from the training images"},
            },
        },
        "calibration": {
            "method": "temperature scaling fitted on the validation split by binary NLL",
            "temperature": T,
            "probability": "p = sigmoid(logits / temperature)",
            "val_nll_before": nll(lva, yva, 1.0), "val_nll_after": nll(lva, yva, T),
            "val_ece10_before": ece(p_raw, yva), "val_ece10_after": ece(p_cal, yva),
        },
        "ood": {
            "method": "Mahalanobis distance (Lee et al., NeurIPS 2018) of the %d-dim concatenated penultimate activations, "
                      "class means and shared covariance (shrunk 5%% towards its diagonal) from the clean training images" % ftr.shape[1],
            "output": "ood_distance", "threshold": ood_threshold,
            "threshold_rule": "the higher of the two classes' quantile %.3f of the validation distances" % args.ood_quantile,
            "val_false_refusal_rate": float((dva > ood_threshold).mean()),
            "val_false_refusal_rate_normal": float((dva[yv == 0] > ood_threshold).mean()),
            "val_false_refusal_rate_pneumonia": float((dva[yv == 1] > ood_threshold).mean()),
            "train_refusal_rate": float((dtr > ood_threshold).mean()),
            "val_distance_quantiles": {q: float(np.quantile(dva, float(q))) for q in ("0.5", "0.9", "0.99", "1.0")},
        },
        "operating_point": {
            "rule": "highest threshold on the calibrated probability with validation sensitivity >= %.2f" % args.target_sensitivity,
            "threshold": thr,
            "uncertain_band": band,
            "uncertain_band_rule": "calibrated p within threshold +/- %.2f (inclusive) is reported as 'uncertain' rather than positive/negative" % args.band,
            "val_fraction_uncertain": float(in_band.mean()),
            "val_sensitivity_outside_band": confusion(p_cal[outside], yv[outside], thr)["sensitivity"],
            "val_specificity_outside_band": confusion(p_cal[outside], yv[outside], thr)["specificity"],
        },
        "metrics": {
            "split": "validation (MedMNIST v2 PneumoniaMNIST val, 524 images); the test split is not held here and is checked by others",
            "caveat": "temperature and thresholds were chosen on this same validation split, so figures at the operating threshold are optimistic; see val_cross_fit",
            "n": len(yv), "n_pneumonia": int(yv.sum()), "n_normal": int(len(yv) - yv.sum()),
            "val_auc": auc,
            "specificity_at_sens95": op["specificity"],
            "at_0.5_calibrated": confusion(p_cal, yv, 0.5),
            "at_operating_threshold": op,
            "operating_points_by_target_sensitivity": {
                "%.2f" % tgt: confusion(p_cal, yv, choose_threshold(p_cal, yv, tgt)) for tgt in (0.90, 0.95, 0.97, 0.98, 0.99)
            },
            "val_cross_fit_2fold": {
                "what": "val split in two halves (seed+1); T and threshold fitted on one half and applied to the other; mean of both directions",
                **cross_fit,
            },
            "robustness_val": robustness,
        },
    }

    os.makedirs(os.path.join(args.out, "examples"), exist_ok=True)
    onnx_path = os.path.join(args.out, "model.onnx")
    dummy = torch.from_numpy(norm(xva[:2]))
    torch.onnx.export(model, (dummy,), onnx_path, opset_version=17, input_names=["input"],
                      output_names=["logits", "ood_distance"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}, "ood_distance": {0: "batch"}},
                      do_constant_folding=True)
    import onnx
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    m.producer_version = ""
    m.doc_string = "Bedside demo pneumonia classifier (PneumoniaMNIST, 5-seed ensemble). Demonstration only, not for clinical use."
    onnx.save(m, onnx_path)
    import hashlib
    with open(onnx_path, "rb") as f:
        metrics["onnx"]["sha256"] = hashlib.sha256(f.read()).hexdigest()
    metrics["onnx"]["bytes"] = os.path.getsize(onnx_path)

    for old in os.listdir(os.path.join(args.out, "examples")):
        if old.startswith("val") and old.endswith(".png"):
            os.remove(os.path.join(args.out, "examples", old))
    ex = []
    for cls in (0, 1):
        for i in [int(k) for k in np.where(yv == cls)[0][:2]]:
            name = f"val{i:03d}_{'pneumonia' if cls else 'normal'}.png"
            write_png_gray(os.path.join(args.out, "examples", name), xva[i])
            pc = float(p_cal[i])
            ex.append({"file": name, "val_index": i, "label": cls,
                       "logit": float(lva[i]), "ood_distance": float(dva[i]), "probability_calibrated": pc,
                       "decision": "uncertain" if band[0] <= pc <= band[1] else ("pneumonia" if pc >= thr else "normal")})
    with open(os.path.join(args.out, "examples", "expected.json"), "w") as f:
        json.dump({"preprocessing": metrics["preprocessing"], "temperature": T, "threshold": thr,
                   "uncertain_band": band, "ood_threshold": ood_threshold, "tolerance_logit": 1e-4, "examples": ex}, f, indent=2)
    metrics["examples"] = ex
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)

    mt = metrics["metrics"]
    print(json.dumps({"val_auc": auc, "T": T, "thr": thr, "band": band, "op": op,
                      "ops": {k: (v["sensitivity"], v["specificity"]) for k, v in mt["operating_points_by_target_sensitivity"].items()},
                      "cross_fit": cross_fit, "ood": metrics["ood"], "robustness": robustness,
                      "member_auc": member_auc, "wall_s": round(wall, 1)}, indent=1))


if __name__ == "__main__":
    main()
