import type { DataSet } from 'dicom-parser';
import type { LookupTable, WindowLevel } from '../types';

/**
 * Reads the LUT of the first item of a Modality or VOI LUT Sequence (PS3.3 C.11.1 / C.11.2):
 * LUT Descriptor (0028,3002) = [entries (0 means 65536), first value mapped, bits per entry],
 * LUT Data (0028,3006). The first value mapped is signed when the pixel data is (PixelRepresentation 1).
 */
export function readLutSequence(ds: DataSet, sequenceTag: string, signedInput: boolean): LookupTable | undefined {
  const item = ds.elements[sequenceTag]?.items?.[0]?.dataSet;
  if (!item?.elements['x00283002'] || !item.elements['x00283006']) return undefined;
  const entries = item.uint16('x00283002', 0) || 65536;
  const rawFirst = item.uint16('x00283002', 1) ?? 0;
  const first = signedInput && rawFirst > 0x7fff ? rawFirst - 0x10000 : rawFirst;
  const bits = item.uint16('x00283002', 2) ?? 16;
  const el = item.elements['x00283006'];
  const data = new Float32Array(entries);
  const wide = el.length >= entries * 2;
  for (let i = 0; i < entries; i++) {
    const v = wide ? item.uint16('x00283006', i) : item.byteArray[el.dataOffset + i];
    data[i] = v ?? 0;
  }
  return { first, bits, data, ...(item.string('x00283003') ? { explanation: item.string('x00283003') } : {}) };
}

/** A value through a LUT: inputs below the first mapped value take the first entry, above the last the last. */
export function lookUp(lut: LookupTable, value: number): number {
  const i = Math.min(lut.data.length - 1, Math.max(0, Math.round(value) - lut.first));
  return lut.data[i] as number;
}

function firstNumber(ds: DataSet, tag: string): number | undefined {
  const v = ds.floatString(tag, 0);
  return v === undefined || Number.isNaN(v) ? undefined : v;
}

/** How stored values become modality values: a Modality LUT, or rescale slope and intercept. */
export type ModalityTransform = { kind: 'lut'; lut: LookupTable } | { kind: 'rescale'; slope: number; intercept: number };

/**
 * The first item of a functional group macro for one frame of a multi-frame functional group
 * image (Enhanced CT, MR, XA, PET…; PS3.3 C.7.6.16): from that frame's item of the Per-frame
 * Functional Groups Sequence (5200,9230), else from the Shared Functional Groups Sequence (5200,9229).
 */
export function functionalGroup(ds: DataSet, frame: number, macroTag: string): DataSet | undefined {
  const perFrame = ds.elements['x52009230']?.items?.[frame]?.dataSet?.elements[macroTag]?.items?.[0]?.dataSet;
  return perFrame ?? ds.elements['x52009229']?.items?.[0]?.dataSet?.elements[macroTag]?.items?.[0]?.dataSet;
}

/**
 * The modality transform of one frame of a greyscale image (PS3.3 C.11.1): the frame's Pixel Value
 * Transformation Sequence (0028,9145; C.7.6.16.2.9) in the functional groups of an enhanced
 * multi-frame image, else the Modality LUT Sequence (0028,3000), else Rescale Slope (0028,1053) /
 * Intercept (0028,1052), else identity.
 */
export function modalityTransformOf(ds: DataSet, signed: boolean, frame = 0): ModalityTransform {
  const group = functionalGroup(ds, frame, 'x00289145');
  if (group && (group.elements['x00281053'] || group.elements['x00281052'])) {
    return { kind: 'rescale', slope: firstNumber(group, 'x00281053') ?? 1, intercept: firstNumber(group, 'x00281052') ?? 0 };
  }
  const lut = readLutSequence(ds, 'x00283000', signed);
  if (lut) return { kind: 'lut', lut };
  return { kind: 'rescale', slope: firstNumber(ds, 'x00281053') ?? 1, intercept: firstNumber(ds, 'x00281052') ?? 0 };
}

/** Maps stored values through a Modality LUT in place (a rescale is applied while unpacking). */
export function applyModalityLut(samples: Float32Array, lut: LookupTable): void {
  for (let i = 0; i < samples.length; i++) samples[i] = lookUp(lut, samples[i] as number);
}

/** The modality values a transform gives for stored values lo..hi (both ends). */
export function modalityRange(t: ModalityTransform, lo: number, hi: number): { min: number; max: number } {
  if (t.kind === 'lut') {
    let min = Infinity;
    let max = -Infinity;
    for (const v of t.lut.data) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { min, max };
  }
  const a = lo * t.slope + t.intercept;
  const b = hi * t.slope + t.intercept;
  return { min: Math.min(a, b), max: Math.max(a, b) };
}

/** The first VOI window (0028,1050/1051; PS3.3 C.11.2.1.2) in a data set, when it has a usable one. */
function windowIn(ds: DataSet): WindowLevel | undefined {
  const center = firstNumber(ds, 'x00281050');
  const width = firstNumber(ds, 'x00281051');
  return center !== undefined && width !== undefined && width > 0 ? { center, width } : undefined;
}

/**
 * The file's first VOI window for one frame: the frame's Frame VOI LUT Sequence (0028,9132;
 * C.7.6.16.2.10) in the functional groups of an enhanced multi-frame image, else the top level.
 */
export function fileWindow(ds: DataSet, frame = 0): WindowLevel | undefined {
  const group = functionalGroup(ds, frame, 'x00289132');
  return (group && windowIn(group)) ?? windowIn(ds);
}

/**
 * The window that covers a VOI LUT's input range, for sliders and previews that work in
 * windows; the LUT itself is kept on the image and applied when showing the file's own VOI.
 */
export function windowOfLut(lut: LookupTable): WindowLevel {
  return { center: lut.first + (lut.data.length - 1) / 2, width: Math.max(1, lut.data.length - 1) };
}
