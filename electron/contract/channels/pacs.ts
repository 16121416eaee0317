/** PACS channels: the clinic's DICOMweb server, searched by patient, its images retrieved for the viewer, files sent to it. */
import { z } from 'zod';
import { channel } from '../define';
import { MAX_IMAGE_BYTES } from './inference';

/** A DICOM UID (PS3.5 §9.1): digits and dots, at most 64 characters. */
const uidSchema = z.string().min(1).max(64).regex(/^[0-9]+(\.[0-9]+)*$/, 'not a DICOM UID');

export const pacsStudySchema = z.object({
  studyInstanceUid: z.string(),
  patientId: z.string().optional(),
  patientName: z.string().optional(),
  studyDate: z.string().optional(),
  description: z.string().optional(),
  accessionNumber: z.string().optional(),
  modalities: z.array(z.string()),
  seriesCount: z.number().optional(),
  instanceCount: z.number().optional(),
});
export type PacsStudyInfo = z.infer<typeof pacsStudySchema>;

export const pacsSeriesSchema = z.object({
  seriesInstanceUid: z.string(),
  modality: z.string().optional(),
  description: z.string().optional(),
  seriesNumber: z.number().optional(),
  instanceCount: z.number().optional(),
});
export type PacsSeriesInfo = z.infer<typeof pacsSeriesSchema>;

const text = z.string().trim().min(1).max(64);

export const pacsChannels = {
  status: channel({
    summary: 'Whether clinic IT has connected a PACS, and its address (no network call)',
    input: z.strictObject({}),
    output: z.object({ configured: z.boolean(), address: z.string().optional(), problem: z.string().optional() }),
  }),
  searchStudies: channel({
    summary: "QIDO-RS: the PACS's studies for a patient identifier, name, study date or modality",
    input: z
      .strictObject({
        patientId: text.optional(),
        patientName: text.optional(),
        /** YYYYMMDD or YYYYMMDD-YYYYMMDD. */
        studyDate: z.string().regex(/^\d{8}(-\d{8})?$/, 'a date as YYYYMMDD or a range YYYYMMDD-YYYYMMDD').optional(),
        modality: z.string().regex(/^[A-Z]{2,4}$/, 'a DICOM modality such as CR, DX, CT').optional(),
      })
      .refine((q) => Object.values(q).some((v) => v !== undefined), 'Give a patient identifier, a name, a date or a modality'),
    output: z.object({ studies: z.array(pacsStudySchema) }),
  }),
  series: channel({
    summary: 'QIDO-RS: the series of a study',
    input: z.strictObject({ studyUid: uidSchema }),
    output: z.object({ series: z.array(pacsSeriesSchema) }),
  }),
  instances: channel({
    summary: 'QIDO-RS: the instances of a series',
    input: z.strictObject({ studyUid: uidSchema, seriesUid: uidSchema }),
    output: z.object({ instances: z.array(z.object({ sopInstanceUid: z.string(), sopClassUid: z.string().optional(), instanceNumber: z.number().optional() })) }),
  }),
  retrieve: channel({
    summary: 'WADO-RS: one instance as its DICOM file, for the viewer and the image model (from the encrypted cache when retrieved before)',
    input: z.strictObject({ studyUid: uidSchema, seriesUid: uidSchema, instanceUid: uidSchema }),
    output: z.object({ bytesBase64: z.string(), fileName: z.string(), cached: z.boolean() }),
  }),
  store: channel({
    summary: 'STOW-RS: sends a DICOM file imported from disk to the PACS',
    maxRequestBytes: Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 64 * 1024,
    input: z.strictObject({ bytesBase64: z.string().min(1).max(Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 4), fileName: z.string().max(255).default('image.dcm') }),
    output: z.object({ stored: z.array(z.string()), failed: z.array(z.object({ sopInstanceUid: z.string().optional(), reason: z.number().optional() })) }),
  }),
};
