/**
 * What the screens need from Bedside, feature by feature. Each port is present only when its
 * channels are declared in the contract (see wiring.ts); screens show a plain notice otherwise,
 * so no undeclared channel is ever called.
 */
import type { MedicationChangeInput, ReconciliationInput, VocabularyHitDto } from '../../../electron/contract/schemas/medication';
import type { DocumentReference, Patient, Resource } from 'fhir/r4';
import type { Result } from '../../../electron/contract';
import type { DayVisitDto } from '../../../electron/contract/channels/records';
import type { Card, CardFeedback } from '../../../electron/contract/schemas/card';
import type { Entity, ImageAnalysis, OcrAnalysis } from '../../../electron/contract/channels/inference';
import type { BedsideApi } from '../../../electron/contract';
import type { CriticalLimit } from '../../../electron/contract/channels/cds';
export type { CriticalLimit };
import type { ImagePixels, ImagePreview } from '../../../electron/contract/channels/imaging';

/** A patient as the search returns it. */
export type PatientSummary = Patient & { id: string };

/** Everything the chart shows for one patient. */
export interface ChartPayload {
  patient: PatientSummary;
  resources: Resource[];
}

/** A full-text hit in a patient's notes. */
export interface NoteHit {
  id: string;
  snippet?: string;
}

/** The record store as the screens use it. */
export interface RecordsPort {
  searchPatients(input: { query: string; limit?: number }): Promise<Result<{ patients: PatientSummary[] }>>;
  chart(input: { patientId: string }): Promise<Result<ChartPayload>>;
  saveResource(input: { resource: Resource; expectedVersionId?: string }): Promise<Result<{ resource: Resource }>>;
  deleteResource(input: { resourceType: string; id: string }): Promise<Result<{ deleted: boolean }>>;
  getResource(input: { resourceType: string; id: string }): Promise<Result<{ resource: Resource }>>;
  searchNotes(input: { patientId: string; query: string }): Promise<Result<{ hits: NoteHit[] }>>;
  /** The day list: visits started in [from, to) and every visit still open, with their patients. */
  dayList(input: { from: string; to: string }): Promise<Result<{ visits: DayVisitDto[] }>>;
  /** Writes a backup on the server; in the browser host it is also offered as a download (`download.url`). */
  backup(input: Record<string, never>): Promise<Result<{ path: string; bytes?: number; download?: { url: string; name: string } | null }>>;
  /** Restores a backup: the file the user picked (browser host, uploaded first), or none (desktop: the OS dialog opens). */
  restore(input: { file?: File }): Promise<Result<{ restored: boolean }>>;
  jobCancel(input: { jobId: string }): Promise<Result<{ cancelled: boolean }>>;
}

/** Suggestion cards. */
export interface CdsPort {
  cardsForPatient(input: { patientId: string }): Promise<Result<{ cards: Card[] }>>;
  /** Records the outcome; accepting applies the chosen suggestions' changes in the main process, all or none. */
  feedback(input: CardFeedback): Promise<Result<{ recorded: boolean }>>;
  /** Checks a draft order before it is saved; save it with `medicationRequestId` so the cards point at it. */
  checkOrder(input: { patientId: string; medicationRequest: Resource }): Promise<Result<{ cards: Card[]; medicationRequestId?: string }>>;
  /** Drug picker: search-as-you-type over the drug vocabulary. */
  searchDrugs(input: { query: string; limit?: number }): Promise<Result<{ hits: VocabularyHitDto[] }>>;
  /** Stops, modifies or renews an order with a reason, in one transaction (a new order is checked again). */
  changeMedication(input: MedicationChangeInput): Promise<Result<{ changed: string[]; newOrder?: string }>>;
  /** Commits a medication reconciliation in one step. */
  reconcileMedications(input: ReconciliationInput): Promise<Result<{ list: string; encounter?: string; changed: string[] }>>;
  /** The critical-value table the rules alert on, so the chart styles critical results by the same limits. */
  criticalLimits?(): Promise<Result<{ limits: CriticalLimit[] }>>;
}


/** One note as the notes panel keeps it. */
export type NoteResource = DocumentReference & { id?: string };

/** Model packs, as the settings screen shows them. */
export interface ModelPackVersion {
  version: string;
  name: string;
  task: string;
  installedAt: string;
  modelCard: { intendedUse: string; trainingData: string; metrics: { name: string; value: number; split: string }[]; limits: string; license: string; credits: string };
}

/** An installed pack. */
export interface ModelPack {
  id: string;
  active: string | null;
  versions: ModelPackVersion[];
}

/** Model packs. */
export interface ModelsPort {
  list(input: Record<string, never>): Promise<Result<{ packs: ModelPack[] }>>;
  activate(input: { id: string; version: string }): Promise<Result<{ id: string; active: string }>>;
  rollback(input: { id: string }): Promise<Result<{ id: string; active: string; previous: string }>>;
}

/** The ports available now. */
export interface Ports {
  records?: RecordsPort;
  cds?: CdsPort;
  models?: ModelsPort;
  imaging?: ImagingPort;
  text?: TextPort;
  ocr?: OcrPort;
  /** The clinic's PACS over DICOMweb (the contract's typed client, `pacs.*`). */
  pacs?: PacsPort;
}

/** The `pacs` channels as the typed client offers them. */
export type PacsPort = BedsideApi['pacs'];

/** Image analysis and preview, once their channels exist. */
export interface ImagingPort {
  /** Classifies an image with the active image pack (inference.analyzeImage). */
  analyzeImage(input: { bytesBase64: string; fileName: string; explain?: { patch?: number; stride?: number }; confirmed?: boolean }): Promise<Result<ImageAnalysis>>;
  /** A PNG rendering of an image file (DICOM above all), windowed in modality units by the main side (imaging.preview). */
  preview?(input: { bytesBase64: string; fileName: string; window?: { center: number; width: number } }): Promise<Result<ImagePreview>>;
  /** One frame's modality values, compressed (imaging.pixels): the viewer windows them itself. */
  pixels?(input: { bytesBase64: string; fileName: string; frame?: number }): Promise<Result<ImagePixels>>;
}

/** The model that read a note, for the line under its highlights. */
export interface TextModelRef {
  packId: string;
  name: string;
  version: string;
}

/** Entities in a note, found by the active token-classification pack (inference.analyzeText). */
export interface TextPort {
  /** The active token-classification pack, or null when none is active. */
  activeEntityModel(): Promise<TextModelRef | null>;
  /** Entities in `text`, read with `model`. */
  findEntities(input: { text: string; model: TextModelRef }): Promise<Result<{ entities: Entity[] }>>;
}

/** The OCR pack that reads a page, for the note's provenance. */
export interface OcrModelRef {
  packId: string;
  name: string;
  version: string;
}

/** Printed text read from page images (inference.ocr), with the active `ocr` pack. */
export interface OcrPort {
  /** The active OCR pack, or null when none is active. */
  activeOcrModel(): Promise<OcrModelRef | null>;
  /** Reads the lines of a page image (PNG or JPEG) with `model`; `jobId` lets `cancel` stop it. */
  read(input: { bytesBase64: string; fileName: string; model: OcrModelRef; jobId: string }): Promise<Result<OcrAnalysis>>;
  /** Stops a reading that is queued or running. */
  cancel(jobId: string): Promise<void>;
}
