"""The pneumonia pack's declared preprocessing, in numpy: the reference the app must match.

MedMNIST v2 made PneumoniaMNIST by centre-cropping each chest X-ray to a square on its short
edge and reducing it to 28x28 with an antialiasing filter. Bedside declares the same steps in
the pack manifest (`input.resize = {"crop": "center-square", "filter": "area"}`) and runs them in
electron/inference-host/imagePreprocess.ts:

1. centre crop to a square on the short edge (offset floor((long - short) / 2));
2. antialiased reduction by exact area averaging (each output pixel is the mean of the source
   area it covers, partial pixels weighted by their overlap: OpenCV's INTER_AREA);
3. round to 8 bits (floor(v + 0.5)), as the 8-bit MedMNIST images were stored;
4. (v / 255 - mean) / std.

`tensor_reference.json` (written by make_reference.py) holds this function's output for a
committed test image, and a Vitest test checks the app against it.
"""
import numpy as np


def area_weights(src: int, dst: int) -> np.ndarray:
    """Matrix [dst, src] whose row i averages the source interval [i*src/dst, (i+1)*src/dst)."""
    w = np.zeros((dst, src), dtype=np.float64)
    scale = src / dst
    for i in range(dst):
        lo, hi = i * scale, (i + 1) * scale
        j0, j1 = int(np.floor(lo)), int(np.ceil(hi))
        for j in range(j0, min(j1, src)):
            overlap = min(hi, j + 1) - max(lo, j)
            if overlap > 0:
                w[i, j] = overlap / scale
    return w


def center_square(img: np.ndarray) -> np.ndarray:
    """Centre crop of a 2-D array to a square on its short edge."""
    h, w = img.shape
    s = min(h, w)
    y0, x0 = (h - s) // 2, (w - s) // 2
    return img[y0:y0 + s, x0:x0 + s]


def reduce_to(img: np.ndarray, size: int = 28) -> np.ndarray:
    """Centre crop, area-average to size x size, round to uint8 (an image smaller than size is enlarged the same way)."""
    sq = center_square(np.asarray(img, dtype=np.float64))
    s = sq.shape[0]
    if s == size:
        return np.clip(np.floor(sq + 0.5), 0, 255).astype(np.uint8)
    w = area_weights(s, size) if s > size else nearest_weights(s, size)
    out = w @ sq @ w.T
    return np.clip(np.floor(out + 0.5), 0, 255).astype(np.uint8)


def nearest_weights(src: int, dst: int) -> np.ndarray:
    """Enlargement (rare: images under 28 px): nearest neighbour, pixel centres aligned."""
    w = np.zeros((dst, src), dtype=np.float64)
    for i in range(dst):
        w[i, min(src - 1, int(np.floor((i + 0.5) * src / dst)))] = 1.0
    return w


def to_tensor(img8: np.ndarray, mean: float, std: float) -> np.ndarray:
    """[28, 28] uint8 -> float32 [1, 1, 28, 28] as the model takes it."""
    return ((img8.astype(np.float64) / 255.0 - mean) / std).astype(np.float32)[None, None]
