// @vitest-environment jsdom
/**
 * The image analysis panel: the clinician confirms a PNG is a frontal chest X-ray before it is
 * analysed; the imported image is stored in the chart as a FHIR Media with the file; the result
 * shows "Demo – not for diagnosis", the operating point, the model's 28 × 28 input and the age
 * range against the patient's age; a failed import clears the viewer.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { Media, Resource } from 'fhir/r4';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImageAnalysis } from '../../../electron/contract/channels/inference';
import type { ImagingPort, RecordsPort } from '../../../renderer/src/api/ports';
import { ImagesPanel } from '../../../renderer/src/features/images/ImagesPanel';
import { modelInputPixels } from '../../../renderer/src/features/images/ModelInputView';
import { imageMedia } from '../../../renderer/src/features/images/saveImage';
import { ageInYears } from '../../../renderer/src/features/images/Suitability';
import { renderEn } from './renderWithI18n';

afterEach(cleanup);
// jsdom decodes no images: the viewer waits for ever, which is all these tests need.
HTMLImageElement.prototype.decode = () => new Promise<void>(() => undefined);

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

const analysis: ImageAnalysis = {
  jobId: 'j',
  task: 'image-classification',
  labels: [{ index: 0, name: 'pneumonia pattern', probability: 0.93, threshold: 0.89, status: 'present', codes: [], operatingPoint: { sensitivity: 0.951, specificity: 0.985, split: 'PneumoniaMNIST validation, 524 images' } }],
  image: { width: 28, height: 28, source: 'png' },
  modelInput: { width: 28, height: 28, channels: 1, pixels: Array.from({ length: 784 }, (_, i) => i % 256) },
  suitability: { demo: true, description: 'frontal chest X-ray', ageYears: [1, 5] },
  provenance: {
    modelId: 'pneumonia-xray', modelVersion: '0.2.0', fileSha256: 'a'.repeat(64), provider: 'cpu', requestedProvider: 'cpu', inputSha256: 'b'.repeat(64),
    timings: { queueMs: 0, loadMs: 0, preprocessMs: 1, runMs: 2, postprocessMs: 0, totalMs: 3 }, attempts: 1,
  },
};

function file(name: string, bytes: Uint8Array): File {
  return new File([bytes.slice().buffer], name, { type: 'image/png' });
}

describe('image analysis panel', () => {
  it('asks for the frontal chest X-ray confirmation, stores the image, and shows demo, operating point, model input and age', async () => {
    const saved: Resource[] = [];
    const records = { saveResource: vi.fn(async ({ resource }: { resource: Resource }) => { saved.push(resource); return { ok: true as const, value: { resource: { ...resource, id: 'm1' } } }; }) } as unknown as RecordsPort;
    const analyzeImage = vi.fn(async () => ({ ok: true as const, value: analysis }));
    const imaging = { analyzeImage } as unknown as ImagingPort;
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    renderEn(<ImagesPanel imaging={imaging} chart={{ patientId: 'p1', records, ageYears: 78 }} />);
    fireEvent.change(screen.getByTestId('image-file'), { target: { files: [file('chest.png', PNG)] } });
    await screen.findByTestId('image-saved');
    expect(saved[0]).toMatchObject({ resourceType: 'Media', status: 'completed', subject: { reference: 'Patient/p1' }, content: { contentType: 'image/png', title: 'chest.png', size: PNG.length } });
    expect((saved[0] as Media).bodySite).toBeUndefined();
    const analyse = screen.getByTestId('analyse-image');
    expect((analyse as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('confirm-frontal-chest'));
    fireEvent.click(analyse);
    await screen.findByTestId('findings');
    expect(analyzeImage).toHaveBeenCalledWith(expect.objectContaining({ fileName: 'chest.png', confirmed: true }));
    expect(screen.getByTestId('demo-banner').textContent).toBe('Demo – not for diagnosis');
    expect(screen.getByTestId('operating-point').textContent).toBe('At this threshold: sensitivity 95%, specificity 99% (PneumoniaMNIST validation, 524 images).');
    expect(screen.getByTestId('age-check').getAttribute('data-outside')).toBe('true');
    expect(screen.getByTestId('age-check').textContent).toMatch(/aged 1–5 years; this patient is 78 years old: the score does not apply/);
    expect(screen.getByTestId('model-input-image').getAttribute('width')).toBe('28');
    // The confirmation is written onto the chart's copy.
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(saved[1]).toMatchObject({ id: 'm1', bodySite: { coding: [{ system: 'http://snomed.info/sct', code: '51185008' }] }, view: { text: expect.stringMatching(/frontal/) } });
  });

  it('a failed import clears the viewer and the earlier result', async () => {
    const imaging = { analyzeImage: vi.fn(async () => ({ ok: true as const, value: analysis })) } as unknown as ImagingPort;
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    renderEn(<ImagesPanel imaging={imaging} />);
    fireEvent.change(screen.getByTestId('image-file'), { target: { files: [file('chest.png', PNG)] } });
    await screen.findByTestId('image-name');
    expect(screen.queryByTestId('image-viewer')).not.toBeNull();
    fireEvent.change(screen.getByTestId('image-file'), { target: { files: [file('notes.txt', new Uint8Array([1, 2, 3]))] } });
    await screen.findByText(/notes\.txt is not a PNG, JPEG or DICOM image/);
    expect(screen.queryByTestId('image-viewer')).toBeNull();
    expect(screen.queryByTestId('image-name')).toBeNull();
  });

  it('pure parts: the Media, the patient age and the model-input pixels', () => {
    const m = imageMedia('p1', { name: 'x.png', kind: 'png', bytes: PNG }, true, new Date('2026-01-01T00:00:00Z'));
    expect(m.content.data).toBe(Buffer.from(PNG).toString('base64'));
    expect(m.view?.text).toMatch(/frontal/);
    expect(ageInYears('2022-06-15', new Date('2026-06-14T00:00:00Z'))).toBe(3);
    expect(ageInYears('2022-06-15', new Date('2026-06-15T00:00:00Z'))).toBe(4);
    expect(ageInYears(undefined, new Date())).toBeUndefined();
    const px = modelInputPixels({ width: 1, height: 1, channels: 1, pixels: [100] });
    expect(Array.from(px)).toEqual([100, 100, 100, 255]);
  });
});
