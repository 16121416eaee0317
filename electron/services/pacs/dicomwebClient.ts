/**
 * A DICOMweb client (PS3.18): QIDO-RS search of studies, series and instances, WADO-RS
 * retrieve of instances (multipart/related, original transfer syntax), STOW-RS store.
 * Every answer is checked before it is used: a malformed one is refused with a message, never
 * half-used.
 */
import { parseMultipart, buildMultipart } from './multipart';
import { PacsError } from './pacsError';
import type { PacsSettings } from './pacsSettings';
import { sendRequest, type HttpAnswer, type HttpRequest } from './httpTransport';
import { items, num, text, texts, TAG, type DicomJsonDataset } from './dicomJson';

/** A study as the PACS lists it. */
export interface PacsStudy {
  studyInstanceUid: string;
  patientId?: string;
  patientName?: string;
  /** YYYYMMDD as DICOM stores it. */
  studyDate?: string;
  description?: string;
  accessionNumber?: string;
  modalities: string[];
  seriesCount?: number;
  instanceCount?: number;
}

/** A series as the PACS lists it. */
export interface PacsSeries {
  seriesInstanceUid: string;
  modality?: string;
  description?: string;
  seriesNumber?: number;
  instanceCount?: number;
}

/** An instance as the PACS lists it. */
export interface PacsInstance {
  sopInstanceUid: string;
  sopClassUid?: string;
  instanceNumber?: number;
}

/** What to search for; at least one criterion (a PACS is never listed whole). */
export interface StudyQuery {
  patientId?: string;
  patientName?: string;
  /** YYYYMMDD or a range YYYYMMDD-YYYYMMDD. */
  studyDate?: string;
  modality?: string;
}

/** The outcome of a STOW-RS store. */
export interface StoreResult {
  stored: string[];
  failed: { sopInstanceUid?: string; reason?: number }[];
}

const DICOM_JSON = 'application/dicom+json';
/** WADO-RS: Part 10 files in the transfer syntax they were stored in (no transcoding by the PACS). */
const MULTIPART_DICOM = 'multipart/related; type="application/dicom"; transfer-syntax=*';
const UID = /^[0-9]+(\.[0-9]+)*$/;

function checkUid(uid: string, what: string): string {
  if (uid.length > 64 || !UID.test(uid)) throw new PacsError('bad-settings', `"${uid.slice(0, 80)}" is not a DICOM ${what} UID.`);
  return uid;
}

/** One DICOMweb server, reached with the clinic's settings. */
export class DicomWebClient {
  private readonly host: string;

  constructor(private readonly settings: PacsSettings) {
    this.host = new URL(settings.baseUrl).host;
  }

  /** QIDO-RS studies matching the query, newest first. */
  async searchStudies(query: StudyQuery): Promise<PacsStudy[]> {
    const params = new URLSearchParams();
    if (query.patientId) params.set('PatientID', query.patientId);
    if (query.patientName) params.set('PatientName', query.patientName);
    if (query.studyDate) params.set('StudyDate', query.studyDate);
    if (query.modality) params.set('ModalitiesInStudy', query.modality);
    if ([...params.keys()].length === 0) throw new PacsError('bad-settings', 'Say what to search the PACS for: a patient identifier, a name, a date or a modality.');
    for (const tag of [TAG.studyDescription, TAG.modalitiesInStudy, TAG.numberOfStudySeries, TAG.numberOfStudyInstances]) params.append('includefield', tag);
    const sets = await this.qido(`/studies?${params.toString()}`);
    return sets
      .map((ds) => ({
        studyInstanceUid: this.required(ds, TAG.studyInstanceUid, 'Study Instance UID'),
        ...opt('patientId', text(ds, TAG.patientId)),
        ...opt('patientName', text(ds, TAG.patientName)),
        ...opt('studyDate', text(ds, TAG.studyDate)),
        ...opt('description', text(ds, TAG.studyDescription)),
        ...opt('accessionNumber', text(ds, TAG.accessionNumber)),
        modalities: texts(ds, TAG.modalitiesInStudy),
        ...opt('seriesCount', num(ds, TAG.numberOfStudySeries)),
        ...opt('instanceCount', num(ds, TAG.numberOfStudyInstances)),
      }))
      .sort((a, b) => (b.studyDate ?? '').localeCompare(a.studyDate ?? ''));
  }

  /** QIDO-RS series of a study, in series-number order. */
  async searchSeries(studyUid: string): Promise<PacsSeries[]> {
    const sets = await this.qido(`/studies/${checkUid(studyUid, 'study')}/series?includefield=${TAG.seriesDescription}&includefield=${TAG.numberOfSeriesInstances}`);
    return sets
      .map((ds) => ({
        seriesInstanceUid: this.required(ds, TAG.seriesInstanceUid, 'Series Instance UID'),
        ...opt('modality', text(ds, TAG.modality)),
        ...opt('description', text(ds, TAG.seriesDescription)),
        ...opt('seriesNumber', num(ds, TAG.seriesNumber)),
        ...opt('instanceCount', num(ds, TAG.numberOfSeriesInstances)),
      }))
      .sort((a, b) => (a.seriesNumber ?? 0) - (b.seriesNumber ?? 0));
  }

  /** QIDO-RS instances of a series, in instance-number order. */
  async searchInstances(studyUid: string, seriesUid: string): Promise<PacsInstance[]> {
    const sets = await this.qido(`/studies/${checkUid(studyUid, 'study')}/series/${checkUid(seriesUid, 'series')}/instances`);
    return sets
      .map((ds) => ({
        sopInstanceUid: this.required(ds, TAG.sopInstanceUid, 'SOP Instance UID'),
        ...opt('sopClassUid', text(ds, TAG.sopClassUid)),
        ...opt('instanceNumber', num(ds, TAG.instanceNumber)),
      }))
      .sort((a, b) => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0));
  }

  /** WADO-RS one instance: its Part 10 file, as stored. */
  async retrieveInstance(studyUid: string, seriesUid: string, instanceUid: string): Promise<Buffer> {
    const path = `/studies/${checkUid(studyUid, 'study')}/series/${checkUid(seriesUid, 'series')}/instances/${checkUid(instanceUid, 'instance')}`;
    const files = await this.wado(path);
    if (files.length !== 1) throw this.malformed(`it sent ${files.length} files for one image`);
    return files[0]!;
  }

  /** WADO-RS every instance of a series, in the order the PACS sends them. */
  async retrieveSeries(studyUid: string, seriesUid: string): Promise<Buffer[]> {
    return this.wado(`/studies/${checkUid(studyUid, 'study')}/series/${checkUid(seriesUid, 'series')}`);
  }

  /** STOW-RS: stores Part 10 files; says which the PACS kept and which it refused. */
  async store(files: readonly Buffer[]): Promise<StoreResult> {
    if (files.length === 0) return { stored: [], failed: [] };
    const { body, contentType } = buildMultipart(files);
    const answer = await this.send({ method: 'POST', path: '/studies', accept: DICOM_JSON, body, contentType });
    if (answer.status !== 200 && answer.status !== 202 && answer.status !== 409) this.fail(answer, 'store the images');
    const ds = this.json(answer);
    const first = (Array.isArray(ds) ? ds[0] : ds) as DicomJsonDataset | undefined;
    if (!first || typeof first !== 'object') throw this.malformed('its answer to the upload is not a DICOM JSON data set');
    return {
      stored: items(first, TAG.referencedSopSequence).map((i) => text(i, TAG.referencedSopInstanceUid) ?? ''),
      failed: items(first, TAG.failedSopSequence).map((i) => ({ ...opt('sopInstanceUid', text(i, TAG.referencedSopInstanceUid)), ...opt('reason', num(i, TAG.failureReason)) })),
    };
  }

  private async qido(path: string): Promise<DicomJsonDataset[]> {
    const answer = await this.send({ method: 'GET', path, accept: DICOM_JSON });
    if (answer.status === 204) return [];
    if (answer.status !== 200) this.fail(answer, 'search');
    const json = this.json(answer);
    if (!Array.isArray(json) || json.some((x) => typeof x !== 'object' || x === null || Array.isArray(x))) throw this.malformed('its search answer is not a list of DICOM JSON data sets');
    return json as DicomJsonDataset[];
  }

  private async wado(path: string): Promise<Buffer[]> {
    const answer = await this.send({ method: 'GET', path, accept: MULTIPART_DICOM });
    if (answer.status !== 200 && answer.status !== 206) this.fail(answer, 'send the images');
    let parts;
    try {
      parts = parseMultipart(answer.body, String(answer.headers['content-type'] ?? ''));
    } catch (e) {
      throw this.malformed((e as Error).message);
    }
    if (parts.length === 0) throw this.malformed('it sent no image');
    return parts.map((p, i) => {
      const type = (p.headers['content-type'] ?? 'application/dicom').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/dicom') throw this.malformed(`part ${i + 1} is ${type}, not a DICOM file`);
      if (!looksLikeDicom(p.body)) throw this.malformed(`part ${i + 1} is not a DICOM file`);
      return p.body;
    });
  }

  private send(req: HttpRequest): Promise<HttpAnswer> {
    return sendRequest(this.settings, req);
  }

  private json(answer: HttpAnswer): unknown {
    try {
      return JSON.parse(answer.body.toString('utf8'));
    } catch {
      throw this.malformed('its answer is not valid JSON');
    }
  }

  private required(ds: DicomJsonDataset, tag: string, name: string): string {
    const v = text(ds, tag);
    if (!v) throw this.malformed(`a result has no ${name}`);
    return v;
  }

  private malformed(what: string): PacsError {
    return new PacsError('malformed-response', `The PACS at ${this.host} sent an answer Bedside cannot use: ${what}. Nothing was kept. Ask clinic IT to check the PACS's DICOMweb service.`);
  }

  private fail(answer: HttpAnswer, doing: string): never {
    const s = answer.status;
    if (s === 401 || s === 403)
      throw new PacsError('refused-credentials', `The PACS at ${this.host} refused Bedside's credentials (HTTP ${s}). Clinic IT should check the user name, password or token in the PACS settings.`, { status: s });
    if (s === 404) throw new PacsError('not-found', `The PACS at ${this.host} does not have what was asked for (HTTP 404): it may have been deleted or moved. Search again.`, { status: s });
    throw new PacsError('server-error', `The PACS at ${this.host} could not ${doing} (HTTP ${s}). Try again later; if it persists, clinic IT should check the PACS's log.`, { status: s });
  }
}

/**
 * A Part 10 file (128-byte preamble, then "DICM", PS3.10 §7.1), or a bare data set as some
 * archives store and return it (no preamble: the first element is group 0002 or 0008, either
 * byte order), which Bedside's decoder also reads.
 */
export function looksLikeDicom(b: Buffer): boolean {
  if (b.length >= 132 && b.toString('latin1', 128, 132) === 'DICM') return true;
  if (b.length < 8) return false;
  const le = b.readUInt16LE(0);
  const be = b.readUInt16BE(0);
  return le === 0x0002 || le === 0x0008 || be === 0x0002 || be === 0x0008;
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
