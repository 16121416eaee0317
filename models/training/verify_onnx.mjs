// Cross-check the exported demo models with the app's own runtimes (onnxruntime-node and
// @huggingface/transformers from the repo's node_modules). No Python needed.
//   node models/training/verify_onnx.mjs [modelsDemoDir]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';

const here = path.dirname(fileURLToPath(import.meta.url));
const demo = process.argv[2] ?? path.join(here, '..', 'demo');
let failures = 0;
const check = (ok, msg) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${msg}`); if (!ok) failures++; };

// minimal PNG decoder for 8-bit greyscale, non-interlaced, filter 0..4
function decodeGreyPng(buf) {
  let off = 8, w = 0, h = 0; const idat = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off); const type = buf.toString('ascii', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') { w = data.readUInt32BE(0); h = data.readUInt32BE(4); if (data[8] !== 8 || data[9] !== 0) throw new Error('not 8-bit grey'); }
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat)); const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const f = raw[y * (w + 1)];
    for (let x = 0; x < w; x++) {
      const v = raw[y * (w + 1) + 1 + x];
      const a = x > 0 ? out[y * w + x - 1] : 0, b = y > 0 ? out[(y - 1) * w + x] : 0, c = x > 0 && y > 0 ? out[(y - 1) * w + x - 1] : 0;
      let p = 0;
      if (f === 1) p = a; else if (f === 2) p = b; else if (f === 3) p = (a + b) >> 1;
      else if (f === 4) { const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c); p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      out[y * w + x] = (v + p) & 255;
    }
  }
  return { w, h, pixels: out };
}

// ---- pneumonia
{
  const dir = path.join(demo, 'pneumonia-xray');
  const exp = JSON.parse(fs.readFileSync(path.join(dir, 'examples', 'expected.json'), 'utf8'));
  const { mean, std } = exp.preprocessing;
  const sess = await ort.InferenceSession.create(path.join(dir, 'model.onnx'));
  check(sess.inputNames.join() === 'input' && sess.outputNames.join() === 'logits,ood_distance', `pneumonia io names ${sess.inputNames} -> ${sess.outputNames}`);
  const n = exp.examples.length; const data = new Float32Array(n * 784);
  exp.examples.forEach((e, i) => {
    const img = decodeGreyPng(fs.readFileSync(path.join(dir, 'examples', e.file)));
    for (let k = 0; k < 784; k++) data[i * 784 + k] = (img.pixels[k] / 255 - mean) / std;
  });
  const out = await sess.run({ input: new ort.Tensor('float32', data, [n, 1, 28, 28]) });
  check(out.logits.dims.join() === `${n},1`, `pneumonia logits dims ${out.logits.dims}`);
  exp.examples.forEach((e, i) => {
    const l = out.logits.data[i]; const p = 1 / (1 + Math.exp(-l / exp.temperature));
    check(Math.abs(l - e.logit) < 1e-4 && Math.abs(p - e.probability_calibrated) < 1e-5,
      `pneumonia ${e.file}: logit ${l.toFixed(5)} vs ${e.logit.toFixed(5)}, p ${p.toFixed(5)}`);
    // The out-of-distribution distance: relative tolerance (squared distances in the hundreds).
    const dist = out.ood_distance.data[i];
    check(Math.abs(dist - e.ood_distance) <= 1e-3 * Math.max(1, e.ood_distance), `pneumonia ${e.file}: ood distance ${dist.toFixed(3)} vs ${e.ood_distance.toFixed(3)}`);
  });
}

// ---- NER
{
  const dir = path.join(demo, 'ncbi-disease-ner');
  const exp = JSON.parse(fs.readFileSync(path.join(dir, 'examples', 'expected_logits.json'), 'utf8'));
  const sess = await ort.InferenceSession.create(path.join(dir, 'onnx', 'model.onnx'));
  check(sess.inputNames.slice().sort().join() === 'attention_mask,input_ids,token_type_ids' && sess.outputNames.join() === 'logits',
    `ner io names ${sess.inputNames} -> ${sess.outputNames}`);
  const L = exp.input_ids.length; const i64 = (a) => new ort.Tensor('int64', BigInt64Array.from(a.map(BigInt)), [1, L]);
  const out = await sess.run({ input_ids: i64(exp.input_ids), attention_mask: i64(exp.attention_mask), token_type_ids: i64(exp.token_type_ids) });
  let maxd = 0; const d = out.logits.data;
  exp.logits.forEach((row, t) => row.forEach((v, k) => { maxd = Math.max(maxd, Math.abs(d[t * 3 + k] - v)); }));
  check(out.logits.dims.join() === `1,${L},3` && maxd < 1e-4, `ner logits dims ${out.logits.dims}, max |diff| ${maxd.toExponential(2)}`);
  // padded batch of 2 must give the same logits for the real tokens
  const L2 = L + 5; const ids = new Array(2 * L2).fill(0), am = new Array(2 * L2).fill(0);
  for (let t = 0; t < L; t++) { ids[t] = exp.input_ids[t]; am[t] = 1; ids[L2 + t] = exp.input_ids[t]; am[L2 + t] = 1; }
  const t2 = (a) => new ort.Tensor('int64', BigInt64Array.from(a.map(BigInt)), [2, L2]);
  const out2 = await sess.run({ input_ids: t2(ids), attention_mask: t2(am), token_type_ids: t2(new Array(2 * L2).fill(0)) });
  let maxd2 = 0;
  exp.logits.forEach((row, t) => row.forEach((v, k) => { maxd2 = Math.max(maxd2, Math.abs(out2.logits.data[L2 * 3 + t * 3 + k] - v)); }));
  check(maxd2 < 1e-4, `ner padded batch (2 x ${L2}) max |diff| ${maxd2.toExponential(2)}`);

  // tokenizer: transformers.js must reproduce the Python WordPiece ids
  const { AutoTokenizer, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = false; env.localModelPath = path.dirname(dir);
  const tok = await AutoTokenizer.from_pretrained(path.basename(dir));
  const cases = JSON.parse(fs.readFileSync(path.join(dir, 'examples', 'tokenizer_check.json'), 'utf8'));
  let bad = 0;
  for (const c of cases) {
    const ids = tok(c.text).input_ids.tolist()[0].map(Number);
    if (ids.join() !== c.input_ids.join()) { if (bad < 3) console.log('  mismatch:', c.text.slice(0, 80), ids.slice(0, 12), c.input_ids.slice(0, 12)); bad++; }
  }
  check(bad === 0, `transformers.js tokenizer matches Python on ${cases.length - bad}/${cases.length} devel sentences`);
  const extra = 'Café naïve “quoted” e.g. BRCA1-associated x2+ 10mg/kg, ß αβ';
  console.log('  sample tokens:', tok.tokenize(extra).join(' '));
}
console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
process.exit(failures ? 1 : 0);
