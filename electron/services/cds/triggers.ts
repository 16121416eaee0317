/**
 * Background CDS work: what a saved record triggers, and a small job runner that keeps each
 * patient's jobs in order (a note saved twice is read in order) without blocking the caller.
 * A failing job is logged; the cards it would have made are simply not made (model failures
 * become error cards inside the job itself).
 */
import type { JsonObject } from '../json';
import { isJsonObject } from '../json';
import type { CardTrigger } from './cardStore';

/** Image content types an image model can read. */
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'application/dicom'];

/** One attachment of a resource: its content type and base64 data. */
export interface ResourceAttachment {
  contentType: string;
  data: string;
  title: string;
}

/** Attachments of a DocumentReference (content) or Media (content). */
export function attachmentsOf(resource: JsonObject): ResourceAttachment[] {
  const out: ResourceAttachment[] = [];
  const push = (a: unknown): void => {
    if (isJsonObject(a) && typeof a.contentType === 'string' && typeof a.data === 'string') {
      out.push({ contentType: a.contentType.toLowerCase(), data: a.data, title: typeof a.title === 'string' ? a.title : 'image' });
    }
  };
  if (resource.resourceType === 'DocumentReference' && Array.isArray(resource.content)) {
    for (const c of resource.content) if (isJsonObject(c)) push(c.attachment);
  }
  if (resource.resourceType === 'Media') push(resource.content);
  return out;
}

/** SNOMED CT 51185008 |Thoracic structure (body structure)|: the body site of a chest image. */
export const CHEST_BODY_SITE = { system: 'http://snomed.info/sct', code: '51185008', display: 'Thoracic structure' } as const;

/**
 * True when a Media records that the clinician confirmed it is a frontal chest X-ray: bodySite
 * coded as the chest (SNOMED CT 51185008) and a view whose text says frontal (set by the images
 * screen when the clinician ticks the confirmation before analysis).
 */
export function confirmedFrontalChest(resource: JsonObject): boolean {
  if (resource.resourceType !== 'Media') return false;
  const site = resource.bodySite;
  const view = resource.view;
  const chest = isJsonObject(site) && Array.isArray(site.coding) && site.coding.some((c) => isJsonObject(c) && c.system === CHEST_BODY_SITE.system && c.code === CHEST_BODY_SITE.code);
  return chest && isJsonObject(view) && typeof view.text === 'string' && /\bfrontal\b/i.test(view.text);
}

/** The note text a model reads: the first text/plain attachment (what the notes screen shows and highlights). */
export function noteTextForModel(resource: JsonObject): string {
  const a = attachmentsOf(resource).find((x) => x.contentType.startsWith('text/plain'));
  return a ? Buffer.from(a.data, 'base64').toString('utf8') : '';
}

/** The first image attachment, if any. */
export function imageAttachmentOf(resource: JsonObject): ResourceAttachment | undefined {
  return attachmentsOf(resource).find((a) => IMAGE_TYPES.some((t) => a.contentType.startsWith(t)));
}

/** Which trigger a saved resource fires, or undefined when it changes nothing the CDS reads. */
export function triggerForSaved(resource: JsonObject): CardTrigger | undefined {
  switch (resource.resourceType) {
    case 'Observation':
      return 'observation-recorded';
    case 'DocumentReference':
    case 'Media':
      if (imageAttachmentOf(resource)) return 'image-imported';
      return resource.resourceType === 'DocumentReference' && noteTextForModel(resource).trim() ? 'note-saved' : undefined;
    case 'MedicationRequest':
    case 'MedicationStatement':
    case 'Condition':
    case 'AllergyIntolerance':
    case 'Patient':
      return 'record-saved';
    default:
      return undefined;
  }
}

/** Runs jobs in the background, one patient's jobs in order. */
export class CdsJobs {
  private readonly chains = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly log: (message: string, error?: unknown) => void) {}

  /** Queues a job after the patient's earlier jobs; returns at once. */
  run(patientId: string, label: string, job: () => Promise<void> | void): void {
    if (this.stopped) return;
    const prior = this.chains.get(patientId) ?? Promise.resolve();
    const next = prior
      .then(() => new Promise<void>((r) => setImmediate(r)))
      .then(() => (this.stopped ? undefined : job()))
      .catch((e: unknown) => this.log(`Decision support job "${label}" for Patient/${patientId} failed`, e));
    this.chains.set(patientId, next);
    void next.then(() => {
      if (this.chains.get(patientId) === next) this.chains.delete(patientId);
    });
  }

  /** Resolves when every queued job has finished (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }

  /** Refuses new jobs and waits for running ones. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.whenIdle();
  }
}
