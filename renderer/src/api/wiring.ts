/**
 * The one place that connects ports to contract channels, adapting the channels' shapes to
 * what the screens use. A port is wired only once its channels are declared in
 * electron/contract/index.ts; until then it stays undefined and the screens say what is not
 * available yet.
 */
import type { Patient, Resource } from 'fhir/r4';
import type { BedsideApi, Result } from '../../../electron/contract';
import { api as defaultApi } from './client';
import type { CdsPort, ImagingPort, ModelsPort, OcrModelRef, OcrPort, PatientSummary, Ports, RecordsPort, TextModelRef, TextPort } from './ports';

/** Most records fetched for one chart (pages of 1,000). */
const MAX_CHART_PAGES = 20;

const mapOk = <T, U>(r: Result<T>, f: (v: T) => U): Result<U> => (r.ok ? { ok: true, value: f(r.value) } : r);

/** Uploads a file the user picked into a single-use slot of the browser host; returns the slot's token. */
async function uploadFile(api: BedsideApi, purpose: 'restore' | 'import', file: File): Promise<Result<string>> {
  const slot = await api.records.uploadSlot({ purpose, name: file.name, bytes: file.size });
  if (!slot.ok) return slot;
  try {
    const res = await fetch(slot.value.url, { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' } });
    const body = (await res.json()) as { ok: boolean; error?: { code: string; message: string } };
    if (!res.ok || !body.ok) return { ok: false, error: body.error ?? { code: 'unavailable', message: 'The upload failed; nothing was changed. Try again.' } };
  } catch {
    return { ok: false, error: { code: 'unavailable', message: 'The upload did not reach Bedside; nothing was changed. Check the connection and try again.' } };
  }
  return { ok: true, value: slot.value.token };
}

/** The record store over the records.* channels. */
export function recordsPort(api: BedsideApi): RecordsPort {
  return {
    searchPatients: async (input) =>
      mapOk(await api.records.searchPatients(input), (v) => ({
        patients: v.patients.map(
          (p): PatientSummary => ({
            resourceType: 'Patient',
            id: p.id,
            name: [{ text: p.name }],
            ...(p.birthDate ? { birthDate: p.birthDate } : {}),
            ...(p.gender ? { gender: p.gender as Patient['gender'] } : {}),
            identifier: p.identifiers.map((value) => ({ value })),
          }),
        ),
      })),
    chart: async ({ patientId }) => {
      const patient = await api.records.getResource({ resourceType: 'Patient', id: patientId });
      if (!patient.ok) return patient;
      const resources: Resource[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_CHART_PAGES; page++) {
        const r = await api.records.chart(cursor ? { patientId, limit: 1000, cursor } : { patientId, limit: 1000 });
        if (!r.ok) return r;
        for (const res of r.value.resources) if (res['resourceType'] !== 'Patient') resources.push(res as unknown as Resource);
        if (!r.value.nextCursor) break;
        cursor = r.value.nextCursor;
      }
      return { ok: true, value: { patient: patient.value.resource as unknown as PatientSummary, resources } };
    },
    saveResource: async ({ resource, expectedVersionId }) => {
      const json = resource as unknown as { resourceType: string; [k: string]: unknown };
      const r = await api.records.saveResource(expectedVersionId ? { resource: json, expectedVersionId } : { resource: json });
      return mapOk(r, (v) => ({ resource: { ...resource, id: v.id, meta: { ...resource.meta, versionId: v.versionId, lastUpdated: v.lastUpdated } } }));
    },
    getResource: async (input) => mapOk(await api.records.getResource(input), (v) => ({ resource: v.resource as unknown as Resource })),
    deleteResource: async (input) => mapOk(await api.records.deleteResource(input), (v) => ({ deleted: v.deleted })),
    dayList: ({ from, to }) => api.records.dayList({ from, to }),
    searchNotes: async ({ patientId, query }) => mapOk(await api.records.searchNotes({ patientId, query }), (v) => ({ hits: v.hits.map((h) => ({ id: h.id, snippet: h.snippet })) })),
    backup: async () => mapOk(await api.records.backup({}), (v) => ({ path: v.path, bytes: v.bytes, download: v.download })),
    restore: async ({ file }) => {
      if (!file) return mapOk(await api.records.restore({}), (v) => ({ restored: v.restored }));
      const uploaded = await uploadFile(api, 'restore', file);
      if (!uploaded.ok) return uploaded;
      return mapOk(await api.records.restore({ upload: uploaded.value }), (v) => ({ restored: v.restored }));
    },
    jobCancel: (input) => api.records.jobCancel(input),
  };
}

/** Suggestion cards over the cds.* channels. */
export function cdsPort(api: BedsideApi): CdsPort {
  return {
    cardsForPatient: async ({ patientId }) => mapOk(await api.cds.cardsForPatient({ patientId }), (v) => ({ cards: v.cards })),
    feedback: async (input) => mapOk(await api.cds.feedback(input), (v) => ({ recorded: v.recorded })),
    checkOrder: async ({ patientId, medicationRequest }) =>
      mapOk(await api.cds.checkOrder({ patientId, medicationRequest: medicationRequest as unknown as { resourceType: 'MedicationRequest'; [k: string]: unknown } }), (v) => ({
        cards: v.cards,
        medicationRequestId: v.medicationRequestId,
      })),
    searchDrugs: async (input) => mapOk(await api.cds.searchDrugs(input), (v) => ({ hits: v.hits })),
    changeMedication: (input) => api.cds.changeMedication(input),
    reconcileMedications: (input) => api.cds.reconcileMedications(input),
    criticalLimits: () => api.cds.criticalLimits({}),
  };
}

/** Model packs over the models.* channels. */
export function modelsPort(api: BedsideApi): ModelsPort {
  return { list: () => api.models.list({}), activate: (input) => api.models.activate(input), rollback: (input) => api.models.rollback(input) };
}

/** Image analysis over inference.analyzeImage, with the active image-classification pack. */
export function imagingPort(api: BedsideApi, models: ModelsPort): ImagingPort {
  return {
    analyzeImage: async (input) => {
      const packId = await activeImagePack(models);
      if (!packId) return { ok: false, error: { code: 'not-found', message: 'No image model is active. An administrator can install or activate one in Settings, under Model packs.' } };
      return api.inference.analyzeImage({ ...input, packId });
    },
    preview: ({ bytesBase64, fileName, window }) => api.imaging.preview(window ? { bytesBase64, fileName, window } : { bytesBase64, fileName }),
    pixels: ({ bytesBase64, fileName, frame }) => api.imaging.pixels(frame === undefined ? { bytesBase64, fileName } : { bytesBase64, fileName, frame }),
  };
}

/** Note entities over inference.analyzeText, with the active token-classification pack (models.list says which). */
export function textPort(api: BedsideApi, models: ModelsPort): TextPort {
  return {
    activeEntityModel: async (): Promise<TextModelRef | null> => {
      const r = await models.list({});
      if (!r.ok) return null;
      for (const p of r.value.packs) {
        const v = p.versions.find((x) => x.version === p.active && x.task === 'token-classification');
        if (v) return { packId: p.id, name: v.name, version: v.version };
      }
      return null;
    },
    // Background priority: a physician's image analysis goes first; highlights can wait a moment.
    findEntities: async ({ text, model }) => mapOk(await api.inference.analyzeText({ packId: model.packId, text, priority: 'background' }), (v) => ({ entities: v.entities ?? [] })),
  };
}

/** Page reading over inference.ocr, with the active `ocr` pack (models.list says which). */
export function ocrPort(api: BedsideApi, models: ModelsPort): OcrPort {
  return {
    activeOcrModel: async (): Promise<OcrModelRef | null> => {
      const r = await models.list({});
      if (!r.ok) return null;
      for (const p of r.value.packs) {
        const v = p.versions.find((x) => x.version === p.active && x.task === 'ocr');
        if (v) return { packId: p.id, name: v.name, version: v.version };
      }
      return null;
    },
    read: ({ bytesBase64, fileName, model, jobId }) => api.inference.ocr({ packId: model.packId, bytesBase64, fileName: fileName.slice(0, 255), priority: 'interactive', jobId }),
    cancel: async (jobId) => {
      await api.inference.cancel({ jobId });
    },
  };
}

/** The ports wired to the contract as it stands. */
export function createPorts(api: BedsideApi = defaultApi): Ports {
  const models = modelsPort(api);
  return { records: recordsPort(api), cds: cdsPort(api), models, imaging: imagingPort(api, models), text: textPort(api, models), ocr: ocrPort(api, models), pacs: api.pacs };
}

/** The id of the active image-classification pack, if one is installed. */
export async function activeImagePack(models: ModelsPort): Promise<string | null> {
  const r = await models.list({});
  if (!r.ok) return null;
  const pack = r.value.packs.find((p) => p.active && p.versions.some((v) => v.version === p.active && v.task === 'image-classification'));
  return pack?.id ?? null;
}
