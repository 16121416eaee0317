/**
 * `admin dicom <file> [--frame N] [--values <out.f32>] [--json]`: decodes one DICOM file as the
 * app does and reports its size, syntax and modality values (min/max/mean), or why it cannot be read.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AdminCommand } from '../command';
import { BedsideError } from '../../services/errors';
import { decodeImage } from '../../services/imaging';

interface DicomArgs {
  file: string;
  /** 0-based frame index (the command line counts from 1, as dcmtk's +F does). */
  frame: number;
  values?: string;
  json: boolean;
}

function parseArgs(args: string[]): DicomArgs {
  let file: string | undefined;
  let frame = 0;
  let values: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--frame' || a === '--values') {
      const v = args[++i];
      if (v === undefined) throw new BedsideError('invalid-input', `${a} needs a value.`);
      if (a === '--values') values = v;
      else {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new BedsideError('invalid-input', `--frame takes a frame number from 1 (the first frame), not "${v}".`);
        frame = n - 1;
      }
    } else if (a.startsWith('--')) throw new BedsideError('invalid-input', `Unknown option ${a}. Usage: dicom <file> [--frame N] [--values <out.f32>] [--json]`);
    else if (file === undefined) file = a;
    else throw new BedsideError('invalid-input', `Only one file at a time; "${a}" is extra.`);
  }
  if (!file) throw new BedsideError('invalid-input', 'Name the DICOM file: dicom <file> [--frame N] [--values <out.f32>] [--json]');
  return { file, frame, ...(values !== undefined && { values }), json };
}

/** Smallest, largest and mean of every sample (all channels for colour). */
function stats(pixels: Float32Array): { min: number; max: number; mean: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, mean: pixels.length ? sum / pixels.length : 0 };
}

const round = (v: number): number => Math.round(v * 1e4) / 1e4;

export const dicomCommand: AdminCommand = {
  name: 'dicom',
  usage: 'dicom <file> [--frame N] [--values <out.f32>] [--json]',
  summary: 'Decode a DICOM file as the app does; print size, syntax and modality values',
  run: async (args, { out }) => {
    const a = parseArgs(args);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(a.file);
    } catch (e) {
      throw new BedsideError('not-found', `Cannot read "${a.file}": ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
    }
    const image = await decodeImage(bytes, path.basename(a.file), { frame: a.frame });
    if (image.source !== 'dicom') throw new BedsideError('invalid-input', `"${path.basename(a.file)}" is a ${image.source.toUpperCase()} image, not a DICOM file.`);
    const s = stats(image.pixels);
    if (a.values) {
      const le = Buffer.alloc(image.pixels.length * 4);
      for (let i = 0; i < image.pixels.length; i++) le.writeFloatLE(image.pixels[i] as number, i * 4);
      fs.writeFileSync(a.values, le);
    }
    const summary = {
      rows: image.height,
      columns: image.width,
      frames: image.frameCount,
      samplesPerPixel: image.samplesPerPixel,
      photometric: image.photometric,
      transferSyntax: image.transferSyntax ?? null,
      modality: image.modality ?? null,
      min: round(s.min),
      max: round(s.max),
      mean: round(s.mean),
      window: { center: round(image.window.center), width: round(image.window.width) },
    };
    if (a.json) {
      out(JSON.stringify(summary));
      return 0;
    }
    out(`${path.basename(a.file)}: ${summary.columns}×${summary.rows}, frame ${a.frame + 1} of ${summary.frames}, ${summary.photometric}, ${summary.samplesPerPixel} sample(s) per pixel`);
    out(`Transfer syntax ${summary.transferSyntax ?? 'unknown'}; modality ${summary.modality ?? 'not stated'}`);
    out(`Values (${image.samplesPerPixel === 1 ? 'modality units' : 'RGB'}): min ${summary.min}, max ${summary.max}, mean ${summary.mean}`);
    out(`Window: centre ${summary.window.center}, width ${summary.window.width} (${image.windowFromFile ? 'from the file' : 'from the value range'})`);
    if (a.values) out(`Wrote ${image.pixels.length} float32 values (little-endian, row order${image.samplesPerPixel === 3 ? ', RGB interleaved' : ''}) to ${a.values}`);
    return 0;
  },
};
