import { describe, expect, it } from 'vitest';
import { noteTextOf, noteTitleOf } from '../../../renderer/src/fhir/noteText';
import { hasText, isLowConfidence, OCR_EXTENSION_URL, scannedNote, scannedText, type ReviewLine } from '../../../renderer/src/features/notes/scannedNote';

const line = (text: string, confidence = 0.95, readText = text): ReviewLine => ({ key: text, text, readText, confidence, box: [[0, 0], [10, 0], [10, 5], [0, 5]] });
const model = { packId: 'paddleocr-v4', name: 'Printed text reader', version: '1.0.0' };

describe('scanned notes', () => {
  it('flags lines under 0.8 confidence', () => {
    expect(isLowConfidence(0.79)).toBe(true);
    expect(isLowConfidence(0.8)).toBe(false);
  });

  it('keeps the corrected, non-blank lines and ends with the transcription line', () => {
    expect(scannedText([line('Creatinine 2.1 mg/dL'), line('  '), line('Potassium 5.8', 0.6, 'Potassium 4.2')], '[OCR]')).toBe('Creatinine 2.1 mg/dL\nPotassium 5.8\n\n[OCR]');
    expect(hasText([line(' ')])).toBe(false);
  });

  it('builds a final DocumentReference with a text/plain attachment and the OCR pack in an extension', () => {
    const now = new Date('2026-01-02T03:04:05Z');
    const doc = scannedNote({ patientId: 'demo-01', title: ' Outside lab ', lines: [line('Creatinine 2.1 mg/dL')], footer: '[OCR]', fileName: 'scan.png', model, corrected: 1, removed: 2, now });
    expect(doc.subject?.reference).toBe('Patient/demo-01');
    expect(noteTitleOf(doc)).toBe('Outside lab');
    expect(noteTextOf(doc)).toBe('Creatinine 2.1 mg/dL\n\n[OCR]');
    expect(doc.content[0]?.attachment.contentType).toBe('text/plain; charset=utf-8');
    const ext = doc.extension?.find((e) => e.url === OCR_EXTENSION_URL);
    expect(ext?.extension?.map((e) => [e.url, e.valueString ?? e.valueInteger ?? e.valueDateTime])).toEqual([
      ['packId', 'paddleocr-v4'],
      ['packVersion', '1.0.0'],
      ['packName', 'Printed text reader'],
      ['sourceFile', 'scan.png'],
      ['linesCorrected', 1],
      ['linesRemoved', 2],
      ['reviewed', '2026-01-02T03:04:05.000Z'],
    ]);
  });
});
