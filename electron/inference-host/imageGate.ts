/**
 * Input gating for image packs, as clinical CAD products do (CAD4TB answers "invalid input"
 * rather than a score): a pack declares what it was trained on (`input.accepts`), and an image
 * that is something else is refused with the reason and never scored. DICOM files are judged
 * by their own attributes (PS3.3: Modality (0008,0060), Body Part Examined (0018,0015), View
 * Position (0018,5101), Patient's Age (0010,1010)); a PNG or JPEG carries none, so the clinician
 * must confirm what it shows. The out-of-distribution check on the model's own features comes
 * after the run (refusalForDistance).
 */
import { BedsideError } from '../services/errors';
import type { DecodedImage } from '../services/imaging';
import { readDicomDataset } from '../services/imaging/dicom/readDataset';
import type { ImageInputSpec } from '../services/models/manifest';

type Accepts = NonNullable<ImageInputSpec['accepts']>;

/** Why an image was refused (stable, for programs and tests). */
export type RefusalReason = 'modality' | 'body-part' | 'view' | 'age' | 'colour' | 'not-confirmed' | 'out-of-distribution';

/** A refusal: code invalid-input, details.refused = the reason. */
export function refusal(reason: RefusalReason, message: string, details: Record<string, unknown> = {}): BedsideError {
  return new BedsideError('invalid-input', `${message} The image was not scored.`, { refused: reason, ...details });
}

const list = (values: readonly string[]): string => values.join(', ');

/** DICOM Age String (PS3.5 §6.2, AS: nnnD, nnnW, nnnM, nnnY) in years, or undefined. */
export function dicomAgeYears(value: string | undefined): number | undefined {
  const m = /^(\d{3})([DWMY])$/.exec((value ?? '').trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const per = { D: 365.25, W: 365.25 / 7, M: 12, Y: 1 }[m[2] as 'D' | 'W' | 'M' | 'Y'];
  return n / per;
}

/** The attributes the gate reads from a DICOM file. */
export interface DicomAttributes {
  readonly modality?: string;
  readonly bodyPart?: string;
  readonly viewPosition?: string;
  readonly ageYears?: number;
}

/** Reads Modality, Body Part Examined, View Position and Patient's Age with the existing dataset reader. */
export function dicomAttributes(bytes: Uint8Array, fileName: string): DicomAttributes {
  const ds = readDicomDataset(bytes, fileName).dataSet;
  const text = (tag: string): string | undefined => {
    const v = ds.string(tag)?.trim().toUpperCase();
    return v ? v : undefined;
  };
  const age = dicomAgeYears(ds.string('x00101010'));
  const a: { modality?: string; bodyPart?: string; viewPosition?: string; ageYears?: number } = {};
  const modality = text('x00080060');
  const bodyPart = text('x00180015');
  const viewPosition = text('x00185101');
  if (modality) a.modality = modality;
  if (bodyPart) a.bodyPart = bodyPart;
  if (viewPosition) a.viewPosition = viewPosition;
  if (age !== undefined) a.ageYears = age;
  return a;
}

/** Mean absolute difference between the colour channels, 0..255: 0 for a grey picture stored as RGB. */
export function colourfulness(image: DecodedImage): number {
  if (image.samplesPerPixel === 1) return 0;
  const p = image.pixels;
  const n = image.width * image.height;
  const step = Math.max(1, Math.floor(n / 65536));
  const max = image.source === 'dicom' ? Math.max(1, 2 ** image.bitsStored - 1) : 255;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i += step) {
    const r = p[i * 3]!;
    const g = p[i * 3 + 1]!;
    const b = p[i * 3 + 2]!;
    sum += (Math.abs(r - g) + Math.abs(g - b) + Math.abs(r - b)) / 3;
    count++;
  }
  return ((sum / Math.max(1, count)) * 255) / max;
}

/** A picture with more colour than this (mean channel difference, 0..255) is not a radiograph. */
const COLOUR_LIMIT = 4;

/**
 * Checks a DICOM file's own attributes against what the pack accepts, before its pixels are
 * decoded; throws a refusal naming the reason. Modality must be listed (and present: it is
 * Type 1); Body Part Examined and View Position, when the file states them, must be listed;
 * Patient's Age, when stated, must be in range.
 */
export function checkDicomAttributes(accepts: Accepts, bytes: Uint8Array, fileName: string): DicomAttributes {
  const attributes = dicomAttributes(bytes, fileName);
  const { modality, bodyPart, viewPosition, ageYears } = attributes;
  if (!modality || !accepts.modalities.includes(modality)) {
    throw refusal(
      'modality',
      `"${fileName}" is ${modality ? `a ${modality} image` : 'a DICOM image that does not say its modality'}; this model reads only ${accepts.description} images (modality ${list(accepts.modalities)}).`,
      { modality: modality ?? null },
    );
  }
  if (bodyPart && !accepts.bodyParts.includes(bodyPart)) {
    throw refusal('body-part', `"${fileName}" shows the ${bodyPart.toLowerCase()} (Body Part Examined); this model reads only ${list(accepts.bodyParts).toLowerCase()} images.`, { bodyPart });
  }
  if (viewPosition && !accepts.viewPositions.includes(viewPosition)) {
    throw refusal('view', `"${fileName}" is a ${viewPosition} view; this model was trained only on ${list(accepts.viewPositions)} (frontal) views.`, { viewPosition });
  }
  if (ageYears !== undefined && accepts.ageYears && (ageYears < accepts.ageYears[0] || ageYears > accepts.ageYears[1])) {
    throw refusal('age', `The patient in "${fileName}" is ${formatAge(ageYears)} old; this model was trained on children aged ${accepts.ageYears[0]}–${accepts.ageYears[1]} years.`, { ageYears });
  }
  return attributes;
}

/**
 * Checks the decoded picture: a PNG or JPEG carries no record of what it shows, so the clinician
 * must have confirmed the pack's description; a colour picture is refused when the pack reads
 * greyscale radiographs.
 */
export function checkPicture(accepts: Accepts, image: DecodedImage, confirmed: boolean): void {
  if (image.source !== 'dicom' && !confirmed) {
    throw refusal('not-confirmed', `"${image.fileName}" carries no record of what it shows. Confirm that it is a ${accepts.description} before it is analysed.`);
  }
  if (accepts.greyscale && colourfulness(image) > COLOUR_LIMIT) {
    throw refusal('colour', `"${image.fileName}" is a colour picture; this model reads only greyscale ${accepts.description} images.`);
  }
}

/** "78 years", "8 months". */
function formatAge(years: number): string {
  return years >= 2 ? `${Math.floor(years)} years` : `${Math.round(years * 12)} months`;
}

/** The refusal for an image whose features lie beyond the pack's out-of-distribution threshold, or undefined. */
export function refusalForDistance(distance: number, ood: NonNullable<ImageInputSpec['ood']>, fileName: string, description: string): BedsideError | undefined {
  if (distance <= ood.threshold && Number.isFinite(distance)) return undefined;
  return refusal(
    'out-of-distribution',
    `"${fileName}" does not look like the ${description} images this model was trained on (feature distance ${distance.toFixed(0)}, limit ${ood.threshold.toFixed(0)}).`,
    { distance, threshold: ood.threshold },
  );
}
