/**
 * A scanned paper document as a note: the lines read by OCR, as the physician corrected them,
 * saved as a DocumentReference with a text/plain attachment and a record of the OCR pack that
 * read it (an extension, and a closing line in the text for readers that ignore extensions). Pure.
 */
import type { DocumentReference } from 'fhir/r4';
import type { OcrModelRef } from '../../api/ports';
import { textToBase64 } from '../../fhir/noteText';

/** Below this confidence a line is flagged for checking against the image. */
export const LOW_CONFIDENCE = 0.8;

/** The extension that says a note was transcribed from a scan by OCR, and with which pack. */
export const OCR_EXTENSION_URL = 'urn:bedside:fhir:StructureDefinition:ocr-transcription';

/** One line under review: as read (confidence, box) and as corrected (text). */
export interface ReviewLine {
  key: string;
  text: string;
  readText: string;
  confidence: number;
  box: readonly (readonly [number, number])[];
}

export const isLowConfidence = (confidence: number): boolean => confidence < LOW_CONFIDENCE;

/** The note's text: the kept lines (blank ones dropped), then the transcription line. */
export function scannedText(lines: readonly ReviewLine[], footer: string): string {
  const body = lines.map((l) => l.text.trim()).filter((t) => t.length > 0);
  return `${body.join('\n')}\n\n${footer}`;
}

/** Whether any line still has text: nothing to save otherwise. */
export const hasText = (lines: readonly ReviewLine[]): boolean => lines.some((l) => l.text.trim().length > 0);

/** A new, final note for `patientId` holding the reviewed transcription of `fileName`. */
export function scannedNote(input: {
  patientId: string;
  title: string;
  lines: readonly ReviewLine[];
  footer: string;
  fileName: string;
  model: OcrModelRef;
  corrected: number;
  removed: number;
  now?: Date;
}): DocumentReference {
  const now = input.now ?? new Date();
  return {
    resourceType: 'DocumentReference',
    extension: [
      {
        url: OCR_EXTENSION_URL,
        extension: [
          { url: 'packId', valueString: input.model.packId },
          { url: 'packVersion', valueString: input.model.version },
          { url: 'packName', valueString: input.model.name },
          { url: 'sourceFile', valueString: input.fileName },
          { url: 'linesCorrected', valueInteger: input.corrected },
          { url: 'linesRemoved', valueInteger: input.removed },
          { url: 'reviewed', valueDateTime: now.toISOString() },
        ],
      },
    ],
    status: 'current',
    docStatus: 'final',
    type: { text: 'Scanned document' },
    subject: { reference: `Patient/${input.patientId}` },
    date: now.toISOString(),
    description: input.title.trim(),
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: textToBase64(scannedText(input.lines, input.footer)), title: input.fileName } }],
  };
}
