/** Reading the DICOM JSON model (PS3.18 Annex F) that QIDO-RS and STOW-RS answer with. */

/** One data set in the DICOM JSON model: tag (8 hex digits) → { vr, Value }. */
export type DicomJsonDataset = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

/** The first value of an attribute as text (person names: the alphabetic form). */
export function text(ds: DicomJsonDataset, tag: string): string | undefined {
  const v = ds[tag]?.Value?.[0];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const alphabetic = (v as { Alphabetic?: unknown }).Alphabetic;
    return typeof alphabetic === 'string' ? alphabetic : undefined;
  }
  return String(v);
}

/** Every value of an attribute as text. */
export function texts(ds: DicomJsonDataset, tag: string): string[] {
  return (ds[tag]?.Value ?? []).filter((v) => v !== null && typeof v !== 'object').map(String);
}

/** The first value of an attribute as a number. */
export function num(ds: DicomJsonDataset, tag: string): number | undefined {
  const v = Number(ds[tag]?.Value?.[0]);
  return ds[tag]?.Value?.length && Number.isFinite(v) ? v : undefined;
}

/** The items of a sequence attribute. */
export function items(ds: DicomJsonDataset, tag: string): DicomJsonDataset[] {
  return (ds[tag]?.Value ?? []).filter((v): v is DicomJsonDataset => typeof v === 'object' && v !== null);
}

/** Tags Bedside reads (PS3.6). */
export const TAG = {
  sopClassUid: '00080016',
  sopInstanceUid: '00080018',
  studyDate: '00080020',
  accessionNumber: '00080050',
  modality: '00080060',
  modalitiesInStudy: '00080061',
  studyDescription: '00081030',
  seriesDescription: '0008103E',
  failureReason: '00081197',
  failedSopSequence: '00081198',
  referencedSopSequence: '00081199',
  referencedSopInstanceUid: '00081155',
  patientName: '00100010',
  patientId: '00100020',
  studyInstanceUid: '0020000D',
  seriesInstanceUid: '0020000E',
  seriesNumber: '00200011',
  instanceNumber: '00200013',
  numberOfStudySeries: '00201206',
  numberOfStudyInstances: '00201208',
  numberOfSeriesInstances: '00201209',
  rows: '00280010',
  columns: '00280011',
  numberOfFrames: '00280008',
} as const;
