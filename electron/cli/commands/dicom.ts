/**
 * `admin dicom <file> [--frame N] [--values <out.f32>] [--json]`: decodes one DICOM file as the
 * app does and reports its size, syntax and modality values (min/max/mean), or why it cannot be read.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AdminCommand } from '../command';
import { BedsideError } from '../../services/errors';
import { decodeImage } from '../../services/imaging';

/** The 0-based frame index of --frame (the command line counts from 1, as dcmtk's +F does). */
function frameIndex(v: string | undefined): number {
  if (v === undefined) return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new BedsideError('invalid-input', `--frame takes a frame number from 1 (the first frame), not "${v}".`);
  return n - 1;
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
  options: {
    frame: { type: 'string', description: 'the frame to decode, from 1 (default 1)' },
    values: { type: 'string', description: 'also write the frame\'s modality values as little-endian float32 to this file' },
  },
  positionals: [1, 1],
  run: async (_args, ctx) => {
    const out = ctx.out;
    const values = ctx.values.values as string | undefined;
    const a = { file: ctx.positionals[0]!, frame: frameIndex(ctx.values.frame as string | undefined), ...(values !== undefined && { values }) };
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
    ctx.result(summary);
    out(`${path.basename(a.file)}: ${summary.columns}×${summary.rows}, frame ${a.frame + 1} of ${summary.frames}, ${summary.photometric}, ${summary.samplesPerPixel} sample(s) per pixel`);
    out(`Transfer syntax ${summary.transferSyntax ?? 'unknown'}; modality ${summary.modality ?? 'not stated'}`);
    out(`Values (${image.samplesPerPixel === 1 ? 'modality units' : 'RGB'}): min ${summary.min}, max ${summary.max}, mean ${summary.mean}`);
    out(`Window: centre ${summary.window.center}, width ${summary.window.width} (${image.windowFromFile ? 'from the file' : 'from the value range'})`);
    if (a.values) out(`Wrote ${image.pixels.length} float32 values (little-endian, row order${image.samplesPerPixel === 3 ? ', RGB interleaved' : ''}) to ${a.values}`);
    return 0;
  },
};
