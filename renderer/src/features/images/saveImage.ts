/**
 * Stores an imported image in the patient's chart as a FHIR R4 Media with the file itself
 * (Media.content: contentType, base64 data, title, size), saved through the record store and so
 * encrypted like the rest of the record. When the clinician confirms a PNG/JPEG is a frontal
 * chest X-ray the Media records it (bodySite SNOMED CT 51185008 |Thoracic structure|, view
 * "frontal"), which the background image model reads before scoring the stored image.
 */
import type { Media } from 'fhir/r4';
import { bytesToBase64 } from '../../fhir/noteText';
import type { ImageChart } from './ImagesPanel';
import type { ImportedImage } from './ImageImport';

const CONTENT_TYPE = { png: 'image/png', jpeg: 'image/jpeg', dicom: 'application/dicom' } as const;

/** The Media for an imported image. Pure. */
export function imageMedia(patientId: string, image: ImportedImage, confirmedFrontalChest: boolean, now: Date, id?: string): Media {
  return {
    resourceType: 'Media',
    ...(id ? { id } : {}),
    status: 'completed',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/media-type', code: 'image', display: 'Image' }] },
    subject: { reference: `Patient/${patientId}` },
    createdDateTime: now.toISOString(),
    ...(confirmedFrontalChest
      ? {
          bodySite: { coding: [{ system: 'http://snomed.info/sct', code: '51185008', display: 'Thoracic structure' }], text: 'chest' },
          view: { text: 'frontal (confirmed by the clinician)' },
        }
      : {}),
    content: { contentType: CONTENT_TYPE[image.kind], data: bytesToBase64(image.bytes), title: image.name, size: image.bytes.length, creation: now.toISOString() },
  };
}

/** Saves (or updates) the image's Media in the chart; the id of the stored Media, or why not. */
export async function saveImageToChart(chart: ImageChart, image: ImportedImage, confirmed: boolean, id?: string): Promise<{ ok: true; id: string } | { ok: false; message: string }> {
  const r = await chart.records.saveResource({ resource: imageMedia(chart.patientId, image, confirmed, new Date(), id) });
  return r.ok ? { ok: true, id: r.value.resource.id ?? '' } : { ok: false, message: r.error.message };
}
