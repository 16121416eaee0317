/**
 * Model latency through the app's full path on the CPU: the committed packs installed into a
 * temporary data folder by the real registry (verified), jobs through InferenceService and the
 * supervised host, exactly as a clinician's request runs. Measures a PneumoniaMNIST X-ray, a
 * full-size chest-film-sized PNG, a ~500-word note through the disease tagger pack, a rendered page through
 * the OCR pack, and the occlusion explanation. Wall-clock from the caller (queue + transport
 * + host), after one warm-up run that loads each model.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { entitiesFromTags, tagSentences } from '../../electron/inference-host/sequencePipeline';
import { sequenceResources } from '../../electron/inference-host/sequencePack';
import type { LoadedModel } from '../../electron/inference-host/ortSessions';
import type { HostJob } from '../../electron/services/inference/hostProtocol';
import { parseManifest } from '../../electron/services/models/manifest';
import { splitSentences } from '../../electron/services/nlp/wordTokens';
import { openEvalEngine } from '../../electron/services/evaluation/evalEngine';

/**
 * CPU time of the host's note pipeline (sentences, features, the ONNX run on one ORT thread,
 * Viterbi, marginals, ConText, concepts) run in this process: what one core spends on a note,
 * which the wall clock on a shared machine cannot show.
 */
async function noteCpuMs(repoRoot: string, runs: number): Promise<number> {
  const packs = path.join(repoRoot, 'models', 'packs');
  const dir = path.join(packs, fs.readdirSync(packs).find((n) => n.startsWith('ncbi-disease-bilstm-crf-'))!);
  const parsed = parseManifest(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
  if (!parsed.ok || parsed.manifest.input.kind !== 'sequence') throw new Error('tagger pack not found');
  const manifest = parsed.manifest;
  const spec = parsed.manifest.input;
  const pack = { id: manifest.id, version: manifest.version, dir, manifest };
  const session = await ort.InferenceSession.create(path.join(dir, spec.model), { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all', extra: { session: { intra_op: { allow_spinning: '0' } } } });
  const model = { run: (feeds: Record<string, ort.Tensor>) => session.run(feeds) } as unknown as LoadedModel;
  const job = { kind: 'text', pack, text: NOTE, explain: false, batch: 8 } as Extract<HostJob, { kind: 'text' }>;
  const once = async (): Promise<void> => {
    const res = sequenceResources(pack);
    const sentences = splitSentences(NOTE);
    const { tags, scores } = await tagSentences(model, res, spec, sentences.map((s) => s.tokens.map((t) => t.text)), null);
    entitiesFromTags(NOTE, sentences, tags, scores, res, job);
  };
  await once();
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    await once();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  await session.release();
  return median(cpu);
}

const NOTE = `Chief complaint: cough, fever and shortness of breath for four days.
History of present illness: 67-year-old man with type 2 diabetes mellitus, hypertension and chronic kidney disease stage 3 presents with productive cough, fevers to 38.9 C, rigors and pleuritic chest pain on the right. He reports decreased appetite and fatigue. No hemoptysis. He was treated for community-acquired pneumonia two years ago. He has a remote history of colon cancer treated with hemicolectomy, no recurrence. His brother has cystic fibrosis and his mother had breast cancer and Alzheimer disease.
Past medical history: type 2 diabetes mellitus, hypertension, chronic kidney disease, osteoarthritis of both knees, gout, obstructive sleep apnea on CPAP, benign prostatic hyperplasia.
Medications: metformin 1000 mg twice daily, lisinopril 20 mg daily, amlodipine 5 mg daily, allopurinol 100 mg daily, tamsulosin 0.4 mg nightly, atorvastatin 40 mg nightly.
Allergies: penicillin (rash).
Examination: temperature 38.6 C, heart rate 104, blood pressure 132/78, respiratory rate 24, oxygen saturation 91% on room air. Crackles and bronchial breathing at the right base. No peripheral edema. Mild tenderness of the right knee consistent with osteoarthritis.
Investigations: white cell count 15.2, CRP 186, creatinine 1.9 mg/dL (baseline 1.6), urea 9.8 mmol/L, sodium 133, potassium 5.1. Chest X-ray shows right lower lobe consolidation without effusion. Blood cultures pending. ECG sinus tachycardia.
Assessment: right lower lobe community-acquired pneumonia with hypoxemia, CURB-65 score 2, acute kidney injury on chronic kidney disease, likely prerenal from sepsis and poor intake. Diabetes with hyperglycemia. Rule out pulmonary embolism is not required given the clear focal consolidation.
Plan: admit to the ward, oxygen to keep saturation above 92%, ceftriaxone and azithromycin given the penicillin rash history, hold metformin and lisinopril during acute kidney injury, intravenous fluids, insulin sliding scale, repeat creatinine in the morning, sputum culture, urinary antigens, reassess in 48 hours.
Review of systems: denies headache, neck stiffness, abdominal pain, diarrhea, dysuria or rash. No recent travel and no sick contacts. He denies weight loss or night sweats. No history of tuberculosis, asthma or chronic obstructive pulmonary disease.
Family history:
Breast cancer and Alzheimer disease in his mother; cystic fibrosis in his brother; his father died of a myocardial infarction at 70.
Social history: retired electrician, lives with his wife, former smoker with 20 pack-years, quit 10 years ago, drinks alcohol occasionally. Code status: full code, discussed with the patient and his wife, who agree with admission. He walks independently and manages his own medications at home without help.
Discussion: the patient and his wife were told that if confusion, worsening breathlessness or chest pain develop, or if the fever returns after antibiotics, he should tell the nurse at once. Possible early sepsis was discussed; lactate was 1.8 and he is not hypotensive. Risk of delirium, falls and hospital-acquired infection reviewed. Renal dosing of antibiotics checked. Diabetes control to be reviewed by the diabetes team; consider SGLT2 inhibitor after recovery of kidney function. Follow-up chest X-ray in six weeks to confirm resolution of the consolidation and exclude an underlying lung cancer.`;

const PAGE = [
  'Greenfield Family Clinic - Laboratory Report',
  'Patient: Jane Doe   DOB: 1958-04-12   MRN: 0048213',
  'Collected: 2025-03-14 08:12   Reported: 2025-03-14 11:40',
  'Sodium 139 mmol/L (135-145)',
  'Potassium 5.8 mmol/L (3.5-5.1) HIGH',
  'Creatinine 2.1 mg/dL (0.7-1.3) HIGH',
  'eGFR 31 mL/min/1.73m2',
  'Hemoglobin 10.9 g/dL (13.0-17.0) LOW',
  'White cell count 11.2 x10^9/L',
  'Medications: Amoxicillin 500 mg three times daily',
  'Metformin 1000 mg twice daily (hold if eGFR < 30)',
  'Comment: please repeat potassium within 24 hours.',
];

/** Renders the page (DejaVu Sans on white, A4-ish 1240 px wide) as PNG. */
async function renderPage(): Promise<Buffer> {
  const size = 26;
  const gap = 48;
  const text = PAGE.map((l, i) => `<text x="80" y="${120 + i * gap}" font-family="DejaVu Sans" font-size="${size}" fill="#111">${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="${200 + PAGE.length * gap}"><rect width="100%" height="100%" fill="#fff"/>${text}</svg>`;
  return sharp(Buffer.from(svg)).flatten({ background: '#fff' }).png().toBuffer();
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function timeIt<T>(runs: number, work: () => Promise<T>): Promise<{ ms: number; min: number; last: T }> {
  const times: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await work();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), min: Math.min(...times), last };
}

/** Runs the benchmark; prints the table; returns the BENCH figures. */
export async function runModelsBench(hostScript: string, repoRoot: string): Promise<Record<string, number | string>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-bench-models-'));
  const engine = await openEvalEngine({
    dataDir,
    bundledPacksDir: path.join(repoRoot, 'models', 'packs'),
    trustedKeyDirs: [path.join(repoRoot, 'models', 'keys', 'trusted')],
    hostScript,
    provider: 'cpu',
    // One ORT thread: note_ms is specified for one CPU core.
    intraOpNumThreads: 1,
  });
  const { inference } = engine;
  try {
    const xray = fs.readFileSync(path.join(repoRoot, 'models', 'demo', 'pneumonia-xray', 'examples', 'val000_pneumonia.png'));
    // A film-sized PNG (2048×2048 greyscale, 16-bit-like detail lost to 8 bits): the same image upscaled, with noise so PNG cannot compress it away.
    const { data } = await sharp(xray).greyscale().resize(2048, 2048, { kernel: 'cubic' }).raw().toBuffer({ resolveWithObject: true });
    let seed = 7;
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      data[i] = Math.max(0, Math.min(255, data[i]! + ((seed >>> 24) % 9) - 4));
    }
    const fullSize = await sharp(data, { raw: { width: 2048, height: 2048, channels: 1 } }).png().toBuffer();
    const page = await renderPage();
    const words = NOTE.split(/\s+/).length;

    const img = (bytes: Buffer, name: string, explain?: { patch?: number; stride?: number }) => () => inference.analyzeImage({ packId: 'pneumonia-xray', bytes, fileName: name, confirmed: true, ...(explain ? { explain } : {}) });
    // Warm-up: start the host and load each model once.
    await img(xray, 'warm.png')();
    await inference.analyzeText({ packId: 'ncbi-disease-bilstm-crf', text: NOTE });
    const tLoad = performance.now();
    await inference.readText({ packId: 'paddleocr-v4', bytes: page, fileName: 'page.png' });
    const ocrFirstMs = performance.now() - tLoad;

    const x28 = await timeIt(30, img(xray, 'val000.png'));
    const xFull = await timeIt(10, img(fullSize, 'film.png'));
    const note = await timeIt(20, () => inference.analyzeText({ packId: 'ncbi-disease-bilstm-crf', text: NOTE }));
    const noteCpu = await noteCpuMs(repoRoot, 20);
    const ocr = await timeIt(5, () => inference.readText({ packId: 'paddleocr-v4', bytes: page, fileName: 'page.png' }));
    // Occlusion as the image panel and the image trigger ask for it: the host picks the patch from the model's input size.
    const explainFine = await timeIt(10, img(xray, 'val000.png', {}));
    const fine = explainFine.last.explanation!;
    const ocrLines = ocr.last.lines.length;
    const ocrRead = ocr.last.text;
    const ocrTruth = PAGE.join('\n');
    const rows: [string, string, string][] = [
      ['X-ray 28×28 PNG (PneumoniaMNIST val 0)', `${x28.ms.toFixed(1)} ms`, `min ${x28.min.toFixed(1)}; host ${x28.last.provenance.timings.preprocessMs.toFixed(1)} prep + ${x28.last.provenance.timings.runMs.toFixed(2)} run`],
      ['X-ray 2048×2048 PNG (full size)', `${xFull.ms.toFixed(1)} ms`, `min ${xFull.min.toFixed(1)}; host ${xFull.last.provenance.timings.preprocessMs.toFixed(1)} decode+resize + ${xFull.last.provenance.timings.runMs.toFixed(2)} run; file ${(fullSize.length / 1e6).toFixed(1)} MB`],
      [`note, ${words} words, BiLSTM-CRF pack (1 thread)`, `${note.ms.toFixed(1)} ms`, `min ${note.min.toFixed(1)}; pipeline CPU time ${noteCpu.toFixed(1)} ms (one core); ${note.last.windows.count} sentences, ${note.last.windows.totalTokens} tokens, ${note.last.entities?.length ?? 0} entities; run ${note.last.provenance.timings.runMs.toFixed(1)}`],
      [`page 1240×${(200 + PAGE.length * 48)} px, ${PAGE.length} lines, OCR pack`, `${ocr.ms.toFixed(0)} ms`, `min ${ocr.min.toFixed(0)}; det ${ocr.last.stages.detMs.toFixed(0)}, cls ${ocr.last.stages.clsMs.toFixed(0)}, rec ${ocr.last.stages.recMs.toFixed(0)}; ${ocrLines} lines; first page incl. loading 3 graphs ${ocrFirstMs.toFixed(0)} ms`],
      [`occlusion, default patch ${fine.patch} stride ${fine.stride} (X-ray)`, `${explainFine.ms.toFixed(1)} ms`, `${fine.forwardPasses} passes; explanation costMs ${fine.costMs.toFixed(1)}; whole request`],
      ['leave-one-out (text classifier)', 'n/a', 'no text-classification pack is shipped; NER has no explanation'],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length));
    console.log(`\nModels through the app's full path (CPU, ${os.cpus().length} cores, ${engine.packs.map((p) => `${p.id} ${p.version}`).join(', ')}), median:\n`);
    for (const [a, b, c] of rows) console.log(`  ${a.padEnd(w0)}  ${b.padStart(10)}  ${c}`);
    const cer = levenshtein(ocrRead, ocrTruth) / ocrTruth.length;
    console.log(`\n  OCR page character accuracy (1 − CER): ${(1 - cer).toFixed(3)}`);
    return {
      xray_ms: x28.ms,
      xray_full_ms: xFull.ms,
      note_ms: note.ms,
      note_cpu_ms: noteCpu,
      note_words: words,
      page_ms: ocr.ms,
      page_char_accuracy: 1 - cer,
      explain_ms: explainFine.ms,
      explain_cost_ms: fine.costMs,
      explain_passes: fine.forwardPasses,
      cores: os.cpus().length,
    };
  } finally {
    await engine.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
