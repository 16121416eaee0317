/**
 * Reference decoding with dcmtk (and GDCM's gdcmconv for JPEG 2000, which dcmtk does not read):
 * the tool decompresses the file to Explicit VR Little Endian, dcmdump writes the raw pixel
 * data, and modality values follow from the tool's own output with PS3.3 C.11.1 (stored value
 * masked to BitsStored, sign-extended for PixelRepresentation 1, × RescaleSlope + RescaleIntercept).
 * Colour images come from dcm2pnm's raw PPM of the decompressed file (RGB after dcmtk's own YBR
 * and palette conversion).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function has(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

/** dcmtk's command-line tools are installed (scripts/install.sh installs Debian's dcmtk). */
export const haveDcmtk = ['dcmdump', 'dcmconv', 'dcmdjpeg', 'dcmdjpls', 'dcmdrle', 'dcm2pnm', 'dcmcjpeg', 'dcmcjpls', 'dcmcrle'].every(has);
/** GDCM's gdcmconv (Debian libgdcm-tools), for JPEG 2000. */
export const haveGdcm = has('gdcmconv');
/** OpenJPEG's opj_decompress (Debian libopenjp2-tools, 2.5 or later), the reference decoder for HTJ2K. */
export const haveOpenJpeg = has('opj_decompress');

/** Why the dcmtk comparison tests are skipped on this machine. */
export const DCMTK_MISSING = 'dcmtk is not installed (apt-get install dcmtk; scripts/install.sh does this)';

/** A temporary folder for one test file's conversions. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
}

function run(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

/** Attributes as dcmdump prints them: tag "gggg,eeee" → value text (first occurrence, top level). */
export function dumpAttributes(file: string): Map<string, string> {
  return parseDump(run('dcmdump', ['-q', '-Un', '+L', '-M', file]));
}

function parseDump(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\((\w{4},\w{4})\) \w\w (.*?)\s+#/.exec(line);
    if (!m || out.has(m[1]!.toLowerCase())) continue;
    const value = m[2]!.trim();
    out.set(m[1]!.toLowerCase(), value.startsWith('[') ? value.slice(1, value.lastIndexOf(']')) : value.replace(/^=/, ''));
  }
  return out;
}

const num = (a: Map<string, string>, tag: string, fallback: number): number => {
  const v = a.get(tag);
  const n = v === undefined ? NaN : Number(v.split('\\')[0]);
  return Number.isFinite(n) ? n : fallback;
};

/** The transfer syntax UID in the file's meta header. */
export function transferSyntaxOfFile(file: string): string | undefined {
  return dumpAttributes(file).get('0002,0010')?.replace(/\0/g, '');
}

/** A reference decoding: one frame of modality values (greyscale) or RGB (colour), interleaved. */
export interface Reference {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: 1 | 3;
  readonly values: Float64Array;
  readonly tool: string;
}

/** Decompresses to Explicit VR Little Endian with the tool for its syntax; undefined when none reads it. */
function decompress(file: string, ts: string | undefined, dir: string): { file: string; tool: string } | undefined {
  const out = path.join(dir, 'reference.dcm');
  const jpeg = ['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.53', '1.2.840.10008.1.2.4.55', '1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70'];
  let tool: string[];
  if (ts && jpeg.includes(ts)) tool = ['dcmdjpeg', file, out];
  else if (ts === '1.2.840.10008.1.2.4.80' || ts === '1.2.840.10008.1.2.4.81') tool = ['dcmdjpls', file, out];
  else if (ts === '1.2.840.10008.1.2.5') tool = ['dcmdrle', file, out];
  else if (ts === '1.2.840.10008.1.2.4.90' || ts === '1.2.840.10008.1.2.4.91') {
    if (!haveGdcm) return undefined;
    tool = ['gdcmconv', '--raw', file, out];
  } else if (ts === undefined || ['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99'].includes(ts)) {
    tool = ['dcmconv', '+te', file, out];
  } else return undefined;
  run(tool[0]!, tool.slice(1));
  return { file: out, tool: tool[0]! };
}

/**
 * Decodes frame `frame` (0-based) of `file` with dcmtk/GDCM. Returns undefined when no reference
 * tool reads the syntax (HTJ2K, or JPEG 2000 without gdcmconv); throws when the tool fails.
 */
export function referenceDecode(file: string, frame = 0): Reference | undefined {
  const dir = tempDir();
  try {
    const original = dumpAttributes(file);
    const ts = original.get('0002,0010');
    const samplesPerPixel = num(original, '0028,0002', 1);
    const photometric = (original.get('0028,0004') ?? '').trim();
    if (samplesPerPixel === 3 || photometric === 'PALETTE COLOR') {
      // dcmtk renders colour (after its own YBR → RGB and palette lookup) as a raw PPM, from the
      // file its syntax's tool (or gdcmconv for JPEG 2000) decompressed.
      const plain = decompress(file, ts, dir);
      if (!plain) return undefined;
      const ppm = path.join(dir, 'reference.ppm');
      run('dcm2pnm', ['+F', String(frame + 1), '--write-raw-pnm', plain.file, ppm]);
      return { ...readPpm(fs.readFileSync(ppm)), tool: `${plain.tool}+dcm2pnm` };
    }
    const plain = decompress(file, ts, dir);
    if (!plain) return undefined;
    const a = parseDump(run('dcmdump', ['-q', '-Un', '+L', '-M', '+W', dir, plain.file]));
    // dcmdump +W writes each binary element in file order (overlays 60xx,3000 before pixel data): take the last.
    const raws = fs.readdirSync(dir).filter((f) => f.endsWith('.raw')).sort((x, y) => Number(x.split('.').at(-2)) - Number(y.split('.').at(-2)));
    if (raws.length === 0) throw new Error('no pixel data');
    const raw = fs.readFileSync(path.join(dir, raws.at(-1)!));
    const rows = num(a, '0028,0010', 0);
    const columns = num(a, '0028,0011', 0);
    const bitsAllocated = num(a, '0028,0100', 16);
    const bitsStored = num(a, '0028,0101', bitsAllocated);
    const signed = num(a, '0028,0103', 0) === 1;
    const slope = num(a, '0028,1053', 1);
    const intercept = num(a, '0028,1052', 0);
    const count = rows * columns;
    const values = new Float64Array(count);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const mask = 2 ** bitsStored - 1;
    for (let i = 0; i < count; i++) {
      const k = frame * count + i;
      let v: number;
      if (bitsAllocated === 1) v = ((raw[k >> 3] as number) >> (k & 7)) & 1;
      else if (bitsAllocated === 8) v = raw[k] as number;
      else if (bitsAllocated === 16) v = view.getUint16(k * 2, true);
      else v = view.getUint32(k * 4, true);
      if (bitsAllocated > 1) v = (v & mask) >>> 0;
      if (signed && bitsAllocated > 1 && v >= 2 ** (bitsStored - 1)) v -= 2 ** bitsStored;
      values[i] = v * slope + intercept;
    }
    return { rows, columns, samplesPerPixel: 1, values, tool: plain.tool };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readPpm(bytes: Buffer): Omit<Reference, 'tool'> {
  const header = bytes.subarray(0, 64).toString('latin1');
  const m = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header);
  if (!m) throw new Error('dcm2pnm did not write a raw PPM');
  const columns = Number(m[1]);
  const rows = Number(m[2]);
  const start = m[0].length;
  const values = Float64Array.from(bytes.subarray(start, start + rows * columns * 3));
  return { rows, columns, samplesPerPixel: 3, values };
}

/** Largest absolute difference between two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}
