/**
 * Saves the records one entry form produced, in order, through records.saveResource (so the
 * write-permission table and the CDS triggers apply to each). Everything is checked before the
 * first write; if the store refuses one, the ones before it stay saved and the message says
 * which were saved and which were not, so nothing is silently half-written.
 */
import type { Resource } from 'fhir/r4';
import type { RecordsPort } from '../../api/ports';

/** The outcome: the saved resources, and the store's message for the first refusal (null when all were saved). */
export interface SaveAllResult {
  saved: Resource[];
  error: string | null;
  notSaved: Resource[];
}

/** Saves `resources` one after another; stops at the first refusal. */
export async function saveAll(records: Pick<RecordsPort, 'saveResource'>, resources: readonly Resource[]): Promise<SaveAllResult> {
  const saved: Resource[] = [];
  for (let i = 0; i < resources.length; i++) {
    const r = await records.saveResource({ resource: resources[i]! });
    if (!r.ok) return { saved, error: r.error.message, notSaved: resources.slice(i) };
    saved.push(r.value.resource);
  }
  return { saved, error: null, notSaved: [] };
}
