/**
 * Evaluation without storing (the admin `suggest` command): every rule on a chart, and every
 * active model on the chart's newest note and newest image. Nothing is written anywhere.
 */
import type { FhirResource } from 'fhir/r4';
import type { Card } from '../../contract/schemas/card';
import type { JsonObject } from '../json';
import { buildChartSnapshot, recordedConditions } from './chart';
import type { CdsModels } from './modelPort';
import { readImage, readNote } from './modelTriggers';
import { runRules } from './rulesEngine';
import { imageAttachmentOf, noteTextForModel } from './triggers';

/** The clinical date of a note or image, for choosing the newest. */
const dateOf = (r: JsonObject): string => {
  for (const k of ['date', 'createdDateTime', 'issued']) if (typeof r[k] === 'string') return r[k];
  const meta = r.meta as { lastUpdated?: unknown } | undefined;
  return typeof meta?.lastUpdated === 'string' ? meta.lastUpdated : '';
};

/** The resources of a FHIR Bundle (entries' resources) or a single resource as a list. */
export function resourcesOfBundle(value: unknown): FhirResource[] {
  const v = value as { resourceType?: unknown; entry?: { resource?: unknown }[] };
  if (v?.resourceType === 'Bundle') return (v.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => typeof r === 'object' && r !== null);
  return typeof v?.resourceType === 'string' ? [value as FhirResource] : [];
}

/** Every card Bedside would show for the chart now: rules, then models on the newest note and image. */
export async function suggestCards(resources: readonly FhirResource[], patientId: string, options: { now: Date; models: CdsModels }): Promise<Card[]> {
  const chart = buildChartSnapshot(resources, patientId);
  const cards = runRules(chart, { hook: 'patient-view', now: options.now });
  const newest = (pick: (r: JsonObject) => boolean): JsonObject | undefined =>
    (resources as unknown as JsonObject[]).filter(pick).sort((a, b) => dateOf(b).localeCompare(dateOf(a)))[0];
  const note = newest((r) => r.resourceType === 'DocumentReference' && noteTextForModel(r).trim().length > 0);
  const image = newest((r) => (r.resourceType === 'DocumentReference' || r.resourceType === 'Media') && imageAttachmentOf(r) !== undefined);
  if (note) cards.push(...((await readNote(options.models, chart.patientId, note, recordedConditions(chart), options.now))?.cards ?? []));
  if (image) cards.push(...((await readImage(options.models, chart.patientId, image, options.now))?.cards ?? []));
  return cards;
}
