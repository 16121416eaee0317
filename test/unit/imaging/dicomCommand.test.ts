/** `admin dicom`: the summary line, the float32 values against dcmtk, frames, and refusals with exit 1. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../../electron/cli/admin';
import { DCMTK_MISSING, haveDcmtk, maxAbsDiff, referenceDecode, tempDir } from './dcmtkReference';
import { dicomDir, haveDicom } from './sharedDicom';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function admin(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runAdmin(['dicom', ...args, '--data-dir', dir], (l) => lines.push(l));
  return { code, lines };
}

describe.skipIf(!haveDicom)('admin dicom', () => {
  it('prints one JSON document with the fields the issue names, in modality units', async () => {
    const { code, lines } = await admin(path.join(dicomDir, 'CT_small.dcm'), '--json');
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    const s = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(s)).toEqual(['command', 'ok', 'exitCode', 'rows', 'columns', 'frames', 'samplesPerPixel', 'photometric', 'transferSyntax', 'modality', 'min', 'max', 'mean', 'window']);
    expect(s).toMatchObject({ rows: 128, columns: 128, frames: 1, samplesPerPixel: 1, photometric: 'MONOCHROME2', transferSyntax: '1.2.840.10008.1.2.1', modality: 'CT' });
    // Hounsfield units: stored values minus 1024 (RescaleIntercept).
    expect(s.min as number).toBeLessThan(0);
  });

  it.skipIf(!haveDcmtk)('writes the frame asked for as little-endian float32 equal to dcmtk', async () => {
    const file = path.join(dicomDir, 'rtdose.dcm'); // 15 frames
    const out = path.join(dir, 'frame3.f32');
    const { code } = await admin(file, '--frame', '3', '--values', out);
    expect(code).toBe(0);
    const bytes = fs.readFileSync(out);
    const values = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
    const ref = referenceDecode(file, 2)!;
    expect(values.length).toBe(ref.values.length);
    expect(maxAbsDiff(values, ref.values)).toBeLessThanOrEqual(Math.max(...ref.values.map(Math.abs)) * 1e-6); // float32 rounding of doses
  });
  if (!haveDcmtk) console.warn(`Skipping the dcmtk check of admin dicom --values: ${DCMTK_MISSING}.`);

  it('exits 1 naming the reason for a file without an image, a damaged file and a missing frame', async () => {
    const plan = await admin(path.join(dicomDir, 'rtplan.dcm'));
    expect(plan.code).toBe(1);
    expect(plan.lines.join('\n')).toMatch(/holds no image: it is a radiotherapy plan/);
    const cut = await admin(path.join(dicomDir, 'MR_truncated.dcm'), '--json');
    expect(cut.code).toBe(1);
    expect(cut.lines.join('\n')).toMatch(/incomplete or damaged/);
    const frame = await admin(path.join(dicomDir, 'CT_small.dcm'), '--frame', '2');
    expect(frame.code).toBe(1);
    expect(frame.lines.join('\n')).toMatch(/has 1 frame; frame 2 does not exist/);
  });
});
