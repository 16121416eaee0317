/**
 * DICOM decode speed per transfer syntax: Bedside's decodeImage against dcmtk's decompressors
 * (dcmdjpeg, dcmdjpls, dcmdrle, dcmconv; gdcmconv for JPEG 2000), on the same files in the same run.
 * Sources are real images from ../shared/data/dicom tiled to 2048×2048 (4.2 MP): the 12-bit
 * JPEGExtended CT-like film (JPGExtended.dcm, decompressed by dcmtk) and the 8-bit image_dfl.dcm.
 * Bedside's time is the median wall time of decodeImage on the file's bytes (parse + decode +
 * modality values); the tool's is the median wall time of one process reading the file and writing
 * it decompressed, which includes process start-up, so the floor (dcmconv copying the uncompressed
 * file) is printed too.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeImage } from '../../electron/services/imaging';
export { withLargePages } from '../../electron/services/imaging/largePages';
import { runPacsRetrieveBench } from './pacsRetrieveBench';

const SIZE = 2048;
const RUNS = 11;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Tiles a rows×columns raw image (bytesPerSample each) to SIZE×SIZE. */
function tile(raw: Buffer, rows: number, columns: number, bytesPerSample: number): Buffer {
  const out = Buffer.alloc(SIZE * SIZE * bytesPerSample);
  for (let y = 0; y < SIZE; y++) {
    const sy = y % rows;
    for (let x = 0; x < SIZE; x += columns) {
      const n = Math.min(columns, SIZE - x);
      raw.copy(out, (y * SIZE + x) * bytesPerSample, sy * columns * bytesPerSample, (sy * columns + n) * bytesPerSample);
    }
  }
  return out;
}

/** Raw pixel data of an uncompressed file, as dcmdump +W writes it. */
function rawPixels(file: string, dir: string): Buffer {
  execFileSync('dcmdump', ['-q', '+W', dir, file], { stdio: 'ignore' });
  const raws = fs.readdirSync(dir).filter((f) => f.startsWith(path.basename(file)) && f.endsWith('.raw'));
  return fs.readFileSync(path.join(dir, raws.sort().at(-1)!));
}

/** Builds a SIZE×SIZE greyscale DICOM file with dump2dcm from tiled real pixels. */
function makeSource(dir: string, name: string, raw: Buffer, bits: 8 | 12, modality: string): string {
  const rawFile = path.join(dir, `${name}.raw`);
  fs.writeFileSync(rawFile, raw);
  const dump = [
    `(0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]`,
    `(0008,0018) UI [1.2.826.0.1.3680043.2.1143.${Date.now()}.${bits}]`,
    `(0008,0060) CS [${modality}]`,
    `(0028,0002) US 1`,
    `(0028,0004) CS [MONOCHROME2]`,
    `(0028,0010) US ${SIZE}`,
    `(0028,0011) US ${SIZE}`,
    `(0028,0100) US ${bits === 8 ? 8 : 16}`,
    `(0028,0101) US ${bits}`,
    `(0028,0102) US ${bits - 1}`,
    `(0028,0103) US 0`,
    ...(bits === 12 ? ['(0028,1052) DS [-1024]', '(0028,1053) DS [1]'] : []),
    `(7fe0,0010) ${bits === 8 ? 'OB' : 'OW'} =${rawFile}`,
  ];
  const dumpFile = path.join(dir, `${name}.dump`);
  fs.writeFileSync(dumpFile, dump.join('\n') + '\n');
  const out = path.join(dir, `${name}.dcm`);
  execFileSync('dump2dcm', ['+te', '-g', dumpFile, out], { stdio: 'ignore' });
  return out;
}

interface Case {
  readonly key: string;
  readonly label: string;
  readonly source: 'grey8' | 'grey12';
  readonly encode: readonly string[] | null;
  readonly decode: readonly string[];
}

const CASES: readonly Case[] = [
  { key: 'explicit_le', label: 'Explicit VR LE (uncompressed)', source: 'grey12', encode: null, decode: ['dcmconv', '+te'] },
  { key: 'deflate', label: 'Deflated Explicit VR LE', source: 'grey12', encode: ['dcmconv', '+td'], decode: ['dcmconv', '+te'] },
  { key: 'rle', label: 'RLE Lossless', source: 'grey12', encode: ['dcmcrle'], decode: ['dcmdrle'] },
  { key: 'jpeg_baseline', label: 'JPEG Baseline 8-bit (.50)', source: 'grey8', encode: ['dcmcjpeg', '+eb'], decode: ['dcmdjpeg'] },
  { key: 'jpeg_extended12', label: 'JPEG Extended 12-bit (.51)', source: 'grey12', encode: ['dcmcjpeg', '+ee'], decode: ['dcmdjpeg'] },
  { key: 'jpeg_lossless_sv1', label: 'JPEG Lossless SV1 (.70)', source: 'grey12', encode: ['dcmcjpeg', '+e1'], decode: ['dcmdjpeg'] },
  { key: 'jpegls_lossless', label: 'JPEG-LS Lossless (.80)', source: 'grey12', encode: ['dcmcjpls', '+el'], decode: ['dcmdjpls'] },
  { key: 'jpegls_near', label: 'JPEG-LS Near-Lossless (.81)', source: 'grey12', encode: ['dcmcjpls', '+en'], decode: ['dcmdjpls'] },
  { key: 'j2k_lossless', label: 'JPEG 2000 Lossless (.90)', source: 'grey12', encode: ['gdcmconv', '--j2k'], decode: ['gdcmconv', '--raw'] },
];

/** Makes the two SIZE×SIZE source images in `dir`. */
export function makeBenchSources(sharedDicom: string, dir: string): { grey8: string; grey12: string } {
  const work = (n: string): string => path.join(dir, n);
  execFileSync('dcmdjpeg', [path.join(sharedDicom, 'JPGExtended.dcm'), work('jpgext.dcm')]);
  const grey12 = makeSource(dir, 'grey12', tile(rawPixels(work('jpgext.dcm'), dir), 1024, 256, 2), 12, 'CT');
  execFileSync('dcmconv', ['+te', path.join(sharedDicom, 'image_dfl.dcm'), work('dfl.dcm')]);
  const grey8 = makeSource(dir, 'grey8', tile(rawPixels(work('dfl.dcm'), dir), 512, 512, 1), 8, 'OT');
  return { grey8, grey12 };
}

/** Encodes the sources into one file per syntax in `dir` (the uncompressed case is the source itself). */
export function makeBenchFiles(sharedDicom: string, dir: string): Record<string, string> {
  const sources = makeBenchSources(sharedDicom, dir);
  const files: Record<string, string> = {};
  for (const c of CASES) {
    const file = c.encode ? path.join(dir, `${c.key}.dcm`) : sources[c.source];
    if (c.encode) execFileSync(c.encode[0]!, [...c.encode.slice(1), sources[c.source], file], { stdio: 'ignore' });
    files[c.key] = file;
  }
  return files;
}

/** Runs the benchmark; returns the BENCH figures (ms per megapixel and ratio to the tool, per syntax). */
export async function runImagingBench(sharedDicom: string): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
  try {
    const work = (n: string): string => path.join(dir, n);
    const files = makeBenchFiles(sharedDicom, dir);
    const grey12 = files.explicit_le!;
    const mp = (SIZE * SIZE) / 1e6;
    const results: Record<string, number> = {};
    const rows: string[] = [];

    const toolFloor: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      execFileSync('dcmconv', ['+te', grey12, work('floor.dcm')]);
      toolFloor.push(performance.now() - t);
    }
    results.tool_floor_ms = median(toolFloor);

    for (const c of CASES) {
      const file = files[c.key]!;
      const bytes = fs.readFileSync(file);
      await decodeImage(bytes, path.basename(file)); // warm-up: codec load and JIT
      const app: number[] = [];
      const tool: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const t0 = performance.now();
        await decodeImage(fs.readFileSync(file), path.basename(file));
        app.push(performance.now() - t0);
        const t1 = performance.now();
        execFileSync(c.decode[0]!, [...c.decode.slice(1), file, work('out.dcm')], { stdio: 'ignore' });
        tool.push(performance.now() - t1);
      }
      const a = median(app);
      const t = median(tool);
      results[`${c.key}_ms_per_mp`] = a / mp;
      results[`${c.key}_tool_ms_per_mp`] = t / mp;
      results[`${c.key}_ratio`] = a / t;
      rows.push(
        `${c.label.padEnd(32)} ${(a / mp).toFixed(1).padStart(8)} ${(t / mp).toFixed(1).padStart(8)}  ${c.decode[0]!.padEnd(9)} ${(a / t).toFixed(2).padStart(6)}  ${(bytes.length / 1024).toFixed(0).padStart(6)} KiB`,
      );
    }
    console.log(`DICOM decode, ${SIZE}×${SIZE} (${mp.toFixed(2)} MP), median of ${RUNS}; tool floor (dcmconv copy, process start + I/O): ${results.tool_floor_ms.toFixed(1)} ms`);
    console.log(`${'syntax'.padEnd(32)} ${'ms/MP'.padStart(8)} ${'tool'.padStart(8)}  ${'tool'.padEnd(9)} ${'ratio'.padStart(6)}  ${'size'.padStart(10)}`);
    for (const r of rows) console.log(r);
    // Retrieval from a PACS (Orthanc on loopback), on the shared files and the large uncompressed file above.
    Object.assign(results, await runPacsRetrieveBench(sharedDicom, [grey12]));
    return results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
