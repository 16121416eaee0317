/**
 * The model triggers: a saved note is read by the active token-classification pack, an
 * imported image by the active image-classification pack. No active pack: nothing happens
 * (no card: the absence of an optional model is not news at every save). A model that fails
 * gives one error card for that model and that record; rules are unaffected.
 */
import { performance } from 'node:perf_hooks';
import type { Condition } from 'fhir/r4';
import type { Card } from '../../contract/schemas/card';
import { sha256Hex, type JsonObject } from '../json';
import { isBedsideError } from '../errors';
import { imageFindingCards, imageRefusalCard, modelErrorCard, problemListCards } from './modelFindings';
import type { CdsModels } from './modelPort';
import { confirmedFrontalChest, imageAttachmentOf, noteTextForModel } from './triggers';

/** The outcome of one model trigger: cards, and the model and input they came from. */
export interface ModelTriggerResult {
  cards: Card[];
  /** `<pack id>@<version>`, for remembering the run. */
  modelKey: string;
  packId: string;
  inputHash: string;
}

const referenceOf = (r: JsonObject): string => `${String(r.resourceType)}/${String(r.id)}`;

/** Reads a note with the active NER pack; undefined when no pack is active, the note has no text, or `skip` says it was read already. */
export async function readNote(
  models: CdsModels,
  patientId: string,
  note: JsonObject,
  problems: readonly Condition[],
  now: Date,
  skip: (modelKey: string, inputHash: string) => boolean = () => false,
): Promise<ModelTriggerResult | undefined> {
  const text = noteTextForModel(note);
  if (!text.trim()) return undefined;
  const pack = await models.activePack('token-classification');
  if (!pack) return undefined;
  const modelKey = `${pack.id}@${pack.version}`;
  const inputHash = sha256Hex(Buffer.from(text, 'utf8'));
  if (skip(modelKey, inputHash)) return undefined;
  const noteReference = referenceOf(note);
  const started = performance.now();
  try {
    const analysis = await models.analyzeText(pack.id, text.slice(0, 2_000_000));
    return { cards: problemListCards({ patientId, noteReference, analysis, pack, problems, now }), modelKey, packId: pack.id, inputHash };
  } catch (error) {
    const card = modelErrorCard({ patientId, packId: pack.id, packVersion: pack.version, packName: pack.name, triggeredBy: [noteReference], input: { note: noteReference, inputHash }, error, latencyMs: performance.now() - started });
    return { cards: [card], modelKey, packId: pack.id, inputHash };
  }
}

/** Reads an image attachment with the active image pack (with an occlusion heatmap). */
export async function readImage(
  models: CdsModels,
  patientId: string,
  resource: JsonObject,
  now: Date,
  skip: (modelKey: string, inputHash: string) => boolean = () => false,
): Promise<ModelTriggerResult | undefined> {
  const image = imageAttachmentOf(resource);
  if (!image) return undefined;
  const pack = await models.activePack('image-classification');
  if (!pack) return undefined;
  const bytes = Buffer.from(image.data, 'base64');
  const modelKey = `${pack.id}@${pack.version}`;
  const inputHash = sha256Hex(bytes);
  if (skip(modelKey, inputHash)) return undefined;
  const imageReference = referenceOf(resource);
  const started = performance.now();
  try {
    // The host picks the occlusion patch from the model's input size.
    const analysis = await models.analyzeImage(pack.id, bytes, image.title, {}, confirmedFrontalChest(resource));
    return { cards: imageFindingCards({ patientId, imageReference, analysis, pack, now }), modelKey, packId: pack.id, inputHash };
  } catch (error) {
    // A PNG/JPEG nobody has yet confirmed as what the model reads: no card until the clinician confirms it.
    if (isBedsideError(error) && error.details?.refused === 'not-confirmed') return undefined;
    if (isBedsideError(error) && error.details?.refused) {
      // Not what the model was trained on: a card that says so, never a score.
      const card = imageRefusalCard({ patientId, imageReference, pack, inputHash, reason: error.message, latencyMs: performance.now() - started });
      return { cards: [card], modelKey, packId: pack.id, inputHash };
    }
    const card = modelErrorCard({ patientId, packId: pack.id, packVersion: pack.version, packName: pack.name, triggeredBy: [imageReference], input: { image: imageReference, inputHash }, error, latencyMs: performance.now() - started });
    return { cards: [card], modelKey, packId: pack.id, inputHash };
  }
}
