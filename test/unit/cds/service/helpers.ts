/** A record store with a CDS service on it, fake models, and a recorder of 'cds.cardsReady' events. */
import path from 'node:path';
import type { ImageAnalysis, TextAnalysis } from '../../../../electron/contract/channels/inference';
import { CdsService } from '../../../../electron/services/cds/cdsService';
import type { CdsModels } from '../../../../electron/services/cds/modelPort';
import type { CdsRule } from '../../../../electron/services/cds/rulesEngine';
import { BedsideError } from '../../../../electron/services/errors';
import { FileKeyStore } from '../../../../electron/services/records/keyStore';
import { RecordsService } from '../../../../electron/services/records/recordsService';
import { tempDir } from '../../../helpers/tempDir';

/** One 'cds.cardsReady' event. */
export interface ReadyEvent {
  patientId: string;
  trigger: string;
  cardIds: string[];
}

/** The store, the service and the events it sent. */
export interface CdsFixture {
  records: RecordsService;
  cds: CdsService;
  events: ReadyEvent[];
}

/** Opens a fresh record store and a CDS service at a fixed clinical time. */
export function openCds(options: { now: string; models?: CdsModels; rules?: readonly CdsRule[] }): CdsFixture {
  const dir = tempDir('bedside-cds-');
  const now = (): Date => new Date(options.now);
  const records = new RecordsService({ databaseFile: path.join(dir, 'bedside.db'), backupsDir: path.join(dir, 'backups'), keyStore: new FileKeyStore(path.join(dir, 'bedside.key')), now });
  records.boot();
  const events: ReadyEvent[] = [];
  const cds = new CdsService({
    records: () => records,
    now,
    emit: (name, payload) => {
      if (name === 'cds.cardsReady') events.push(payload as ReadyEvent);
    },
    ...(options.models ? { models: options.models } : {}),
    ...(options.rules ? { rules: options.rules } : {}),
  });
  return { records, cds, events };
}

const provenance = (input: string): TextAnalysis['provenance'] => ({
  modelId: 'test-ner',
  modelVersion: '1.0.0',
  fileSha256: 'a'.repeat(64),
  provider: 'cpu',
  requestedProvider: 'cpu',
  inputSha256: input,
  timings: { queueMs: 0, loadMs: 1, preprocessMs: 1, runMs: 3, postprocessMs: 1, totalMs: 6 },
  attempts: 1,
});

const PACK = { version: '1.0.0', intendedUse: 'Testing only.', limits: 'Not for clinical use.' };

/** Fake models: an NER pack that tags every listed phrase found in the note, and an image pack with a fixed probability. */
export function fakeModels(
  options: { phrases?: string[]; imageProbability?: number; imageRefusal?: string; demo?: boolean; failText?: boolean; ner?: boolean; image?: boolean } = {},
): CdsModels & { textCalls: number; confirmedCalls: boolean[] } {
  const fake = {
    textCalls: 0,
    confirmedCalls: [] as boolean[],
    activePack: (task: string) =>
      Promise.resolve(
        task === 'token-classification' && options.ner !== false
          ? { id: 'test-ner', name: 'Test disease tagger', task, ...PACK }
          : task === 'image-classification' && options.image !== false
            ? { id: 'test-xray', name: 'Test chest X-ray', task, ...PACK, imageSize: { width: 28, height: 28 } }
            : null,
      ),
    analyzeText: async (_packId: string, text: string): Promise<TextAnalysis> => {
      fake.textCalls++;
      if (options.failText) throw new Error('the model file is damaged');
      const { createHash } = await import('node:crypto');
      const entities = (options.phrases ?? []).flatMap((p) => {
        const out: NonNullable<TextAnalysis['entities']> = [];
        for (let i = text.toLowerCase().indexOf(p.toLowerCase()); i >= 0; i = text.toLowerCase().indexOf(p.toLowerCase(), i + 1)) {
          out.push({ label: 'Disease', start: i, end: i + p.length, text: text.slice(i, i + p.length), score: 0.91, status: 'present', codes: [] });
        }
        return out;
      });
      return { jobId: 'j', task: 'token-classification', entities, windows: { count: 1, windowTokens: 128, strideTokens: 32, totalTokens: 10 }, provenance: provenance(createHash('sha256').update(text).digest('hex')) };
    },
    analyzeImage: async (_packId: string, bytes: Uint8Array, _fileName: string, _explain: unknown, confirmed?: boolean): Promise<ImageAnalysis> => {
      const { createHash } = await import('node:crypto');
      fake.confirmedCalls.push(confirmed ?? false);
      if (options.imageRefusal) throw new BedsideError('invalid-input', options.imageRefusal, { refused: 'modality' });
      const p = options.imageProbability ?? 0.9;
      const status = p >= 0.38 && p <= 0.58 ? 'uncertain' : p >= 0.48 ? 'present' : 'absent';
      return {
        jobId: 'j',
        task: 'image-classification',
        labels: [{ index: 0, name: 'pneumonia pattern', probability: p, threshold: 0.48, status, codes: [], operatingPoint: { sensitivity: 0.95, specificity: 0.9, split: 'validation' } }],
        image: { width: 28, height: 28, source: 'png' },
        suitability: { demo: options.demo ?? false, description: 'frontal chest X-ray', ageYears: [1, 5] },
        explanation: { kind: 'occlusion', label: 'pneumonia', width: 2, height: 2, values: [0.1, 0.2, 0.3, 0.4], imageWidth: 28, imageHeight: 28, patch: 7, stride: 4, forwardPasses: 16, costMs: 3 },
        provenance: { ...provenance(createHash('sha256').update(bytes).digest('hex')), modelId: 'test-xray' },
      };
    },
  };
  return fake;
}

/** A text note (DocumentReference) for a patient. */
export function noteFor(patientId: string, id: string, text: string, when = '2026-01-15T09:00:00.000Z'): Record<string, unknown> {
  return {
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    subject: { reference: `Patient/${patientId}` },
    date: when,
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: Buffer.from(text, 'utf8').toString('base64') } }],
  };
}

/** A numeric observation with a LOINC code. */
export function observationFor(patientId: string, id: string, code: string, value: number, unit: string, when = '2026-01-15T09:00:00.000Z'): Record<string, unknown> {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: when,
    valueQuantity: { value, unit },
  };
}
