/** Cutting each text box out of the page as an upright, straight line image. */
import { homography, quadSize } from './geometry';
import type { Quad, RgbImage } from './types';

/**
 * Rectifies one box: samples the page through the perspective transform that maps the box
 * onto an axis-aligned rectangle of its own width and height (bilinear, edges replicated), as
 * PaddleOCR's get_rotate_crop_image does. Boxes at least 1.5× taller than wide are vertical
 * text and are turned 90° so the line reads left to right.
 */
export function cropQuad(page: RgbImage, box: Quad): RgbImage {
  const { width: w0, height: h0 } = quadSize(box);
  const w = Math.max(1, Math.round(w0));
  const h = Math.max(1, Math.round(h0));
  const m = homography(
    [[0, 0], [w, 0], [w, h], [0, h]],
    box,
  );
  const out = new Uint8Array(w * h * 3);
  const { data, width: pw, height: ph } = page;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const den = (m[6] as number) * x + (m[7] as number) * y + 1;
      let sx = ((m[0] as number) * x + (m[1] as number) * y + (m[2] as number)) / den;
      let sy = ((m[3] as number) * x + (m[4] as number) * y + (m[5] as number)) / den;
      sx = sx < 0 ? 0 : sx > pw - 1 ? pw - 1 : sx;
      sy = sy < 0 ? 0 : sy > ph - 1 ? ph - 1 : sy;
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      const x1 = x0 + 1 < pw ? x0 + 1 : x0, y1 = y0 + 1 < ph ? y0 + 1 : y0;
      const fx = sx - x0, fy = sy - y0;
      const i00 = (y0 * pw + x0) * 3, i10 = (y0 * pw + x1) * 3, i01 = (y1 * pw + x0) * 3, i11 = (y1 * pw + x1) * 3;
      const o = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = (data[i00 + c] as number) * (1 - fx) + (data[i10 + c] as number) * fx;
        const bottom = (data[i01 + c] as number) * (1 - fx) + (data[i11 + c] as number) * fx;
        out[o + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  const crop = { data: out, width: w, height: h };
  return h / w >= 1.5 ? rotate90CounterClockwise(crop) : crop;
}

/** Turns an image 90° counter-clockwise (PaddleOCR's np.rot90 for vertical boxes). */
export function rotate90CounterClockwise(img: RgbImage): RgbImage {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h * 3);
  // New image is h wide and w tall; new (x', y') = old (w − 1 − y', x').
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < h; x++) {
      const s = (x * w + (w - 1 - y)) * 3, d = (y * h + x) * 3;
      out[d] = data[s] as number;
      out[d + 1] = data[s + 1] as number;
      out[d + 2] = data[s + 2] as number;
    }
  }
  return { data: out, width: h, height: w };
}

/** Turns an image 180° (text the direction classifier found upside down). */
export function rotate180(img: RgbImage): RgbImage {
  const n = img.width * img.height;
  const out = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) {
    const s = p * 3, d = (n - 1 - p) * 3;
    out[d] = img.data[s] as number;
    out[d + 1] = img.data[s + 1] as number;
    out[d + 2] = img.data[s + 2] as number;
  }
  return { data: out, width: img.width, height: img.height };
}
