/** Shared set-up for the records tests: temp folders, a booted service, small FHIR fixtures. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileKeyStore } from '../../../electron/services/records/keyStore';
import { RecordsService } from '../../../electron/services/records/recordsService';

/** A new temporary folder for one test. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
}

/** A booted RecordsService in `dir` (file key store), with a test clock if given. */
export function openRecords(dir = tempDir(), now?: () => Date): RecordsService {
  const service = new RecordsService({
    databaseFile: path.join(dir, 'bedside.db'),
    backupsDir: path.join(dir, 'backups'),
    keyStore: new FileKeyStore(path.join(dir, 'bedside.key')),
    ...(now ? { now } : {}),
  });
  service.boot();
  return service;
}

/** The shared public data folder, or null when absent. */
export function sharedDataDir(): string | null {
  const dir = process.env.BEDSIDE_SHARED_DATA ?? path.resolve(__dirname, '../../../../shared/data');
  return fs.existsSync(dir) ? dir : null;
}

/** A minimal Patient. */
export function patient(id: string, family = 'Testperson', given = 'Ada', birthDate = '1970-01-01'): Record<string, unknown> {
  return { resourceType: 'Patient', id, name: [{ family, given: [given] }], birthDate, identifier: [{ system: 'urn:mrn', value: `MRN-${id}` }] };
}

/** A heart-rate Observation of a patient. */
export function heartRate(id: string, patientId: string, value: unknown, when = '2024-01-01T10:00:00Z'): Record<string, unknown> {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: when,
    valueQuantity: { value, unit: '/min' },
  };
}

/** A text note of a patient. */
export function note(id: string, patientId: string, text: string, when = '2024-01-01T10:00:00Z'): Record<string, unknown> {
  return {
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    subject: { reference: `Patient/${patientId}` },
    date: when,
    content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(text).toString('base64') } }],
  };
}

/** A collection Bundle of resources. */
export function bundle(resources: Record<string, unknown>[], type = 'transaction'): Record<string, unknown> {
  return { resourceType: 'Bundle', type, entry: resources.map((resource) => ({ resource, request: { method: 'PUT', url: `${String(resource.resourceType)}/${String(resource.id)}` } })) };
}
