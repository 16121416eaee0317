#!/usr/bin/env python3
"""Write the preprocessing reference the app is tested against (test/unit/inference/imagePreprocess.test.ts).

  /usr/bin/python3 models/training/pneumonia/make_reference.py

Takes validation image 0, enlarges it to 75x75 (bilinear), adds black bars to 97x75 as a
non-square film would have, saves that as examples/reference_97x75.png and writes
examples/tensor_reference.json: the 28x28 8-bit picture and the model tensor that preprocess.py
(the pack's declared preprocessing) makes of it.
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from preprocess import reduce_to, to_tensor  # noqa: E402
from train import REPO, write_png_gray  # noqa: E402


def bilinear(img, size):
    """Enlarges a 2-D uint8 image to size x size, bilinear with centres aligned (half-pixel)."""
    h, w = img.shape
    ys = np.clip((np.arange(size) + 0.5) * h / size - 0.5, 0, h - 1)
    xs = np.clip((np.arange(size) + 0.5) * w / size - 0.5, 0, w - 1)
    y0, x0 = np.floor(ys).astype(int), np.floor(xs).astype(int)
    y1, x1 = np.minimum(y0 + 1, h - 1), np.minimum(x0 + 1, w - 1)
    fy, fx = (ys - y0)[:, None], (xs - x0)[None, :]
    a = img.astype(np.float64)
    top = a[y0][:, x0] * (1 - fx) + a[y0][:, x1] * fx
    bot = a[y1][:, x0] * (1 - fx) + a[y1][:, x1] * fx
    return np.clip(np.round(top * (1 - fy) + bot * fy), 0, 255).astype(np.uint8)


def main():
    data = os.environ.get("BEDSIDE_DATA", os.path.join(REPO, "..", "shared", "data"))
    d = np.load(os.path.join(data, "pneumoniamnist", "pneumoniamnist-trainval.npz"))
    out = os.path.join(REPO, "models", "demo", "pneumonia-xray", "examples")
    metrics = json.load(open(os.path.join(REPO, "models", "demo", "pneumonia-xray", "metrics.json")))
    mean, std = metrics["preprocessing"]["mean"], metrics["preprocessing"]["std"]
    big = bilinear(d["val_images"][0], 75)
    film = np.zeros((75, 97), dtype=np.uint8)
    film[:, 11:86] = big
    write_png_gray(os.path.join(out, "reference_97x75.png"), film)
    seen = reduce_to(film, 28)
    tensor = to_tensor(seen, mean, std)
    with open(os.path.join(out, "tensor_reference.json"), "w") as f:
        json.dump({
            "what": "models/training/pneumonia/preprocess.py applied to reference_97x75.png (val image 0 enlarged to 75x75 with black bars)",
            "image": "reference_97x75.png", "mean": mean, "std": std,
            "seen": seen.reshape(-1).tolist(),
            "tensor": [float(v) for v in tensor.reshape(-1)],
        }, f)
    print("wrote", out)


if __name__ == "__main__":
    main()
