/**
 * Carrying out accepted suggestions: every FHIR action of the chosen suggestions goes through
 * the record store's own write and delete (validation, versions, full-text rows), inside the
 * caller's transaction, so either all of them are made or none is. Each change is audited.
 */
import type { Card, SuggestionAction } from '../../contract/schemas/card';
import { BedsideError } from '../errors';
import type { AuditAction, AuditLog } from '../records/auditLog';
import { isJsonObject, type JsonObject } from '../json';
import type { ResourceStore } from '../records/resourceStore';

/** What one action did. */
export interface AppliedAction {
  type: SuggestionAction['type'];
  reference: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'deleted' | 'already-absent';
}

/** Audit actions of decision support (the audit_log action column is free text; these extend the records' list). */
export const CDS_AUDIT = {
  /** Cards evaluated for an opened chart. */
  cards: 'cds-cards' as AuditAction,
  /** A draft order checked before signing. */
  orderCheck: 'cds-order-check' as AuditAction,
  /** A card accepted or overridden. */
  feedback: 'cds-feedback' as AuditAction,
  /** A CDS Hooks service call from another system answered on the data it sent (prefetch). */
  hooksCall: 'cds-hooks-call' as AuditAction,
} as const;

const patientOf = (r: JsonObject): string | undefined => {
  if (r.resourceType === 'Patient') return typeof r.id === 'string' ? r.id : undefined;
  for (const f of ['subject', 'patient'] as const) {
    const v = r[f];
    if (isJsonObject(v) && typeof v.reference === 'string' && v.reference.startsWith('Patient/')) return v.reference.slice(8);
  }
  return undefined;
};

const splitReference = (ref: string | undefined): [string, string] | undefined => {
  const m = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(ref ?? '');
  return m ? [m[1]!, m[2]!] : undefined;
};

/** The actions of the suggestions a clinician accepted, refusing ids the card does not offer. */
export function chosenActions(card: Card, suggestionIds: readonly string[]): SuggestionAction[] {
  const unknown = suggestionIds.filter((id) => !card.suggestions.some((s) => s.uuid === id));
  if (unknown.length > 0) throw new BedsideError('invalid-input', 'The accepted suggestion is not one this card offers (the card may have changed). Nothing was changed; reopen the chart and choose again.');
  if (card.selectionBehavior === 'at-most-one' && suggestionIds.length > 1) {
    throw new BedsideError('invalid-input', 'This card allows one suggestion at a time; nothing was changed. Choose one.');
  }
  return card.suggestions.filter((s) => suggestionIds.includes(s.uuid)).flatMap((s) => s.actions);
}

/** Applies the actions for one patient's card; throws (and the caller's transaction rolls back) on the first refusal. */
export function applyActions(store: ResourceStore, audit: AuditLog, actor: string, card: Card, actions: readonly SuggestionAction[]): AppliedAction[] {
  const applied: AppliedAction[] = [];
  for (const action of actions) {
    if (action.type === 'delete') {
      const target = splitReference(action.resourceId);
      if (!target) throw new BedsideError('invalid-input', `${action.description}: the suggestion names no record to remove. Nothing was changed.`);
      const current = store.get(...target);
      const reference = `${target[0]}/${target[1]}`;
      // A draft order the clinician cancelled before saving is already absent: nothing to undo.
      if (!current) {
        applied.push({ type: 'delete', reference, outcome: 'already-absent' });
        continue;
      }
      if (patientOf(current) !== card.patientId) throw otherPatient(action.description);
      store.delete(...target);
      audit.append({ actor, action: 'resource-delete', patientId: card.patientId, target: reference, detail: `accepted suggestion of card ${card.uuid}` });
      applied.push({ type: 'delete', reference, outcome: 'deleted' });
      continue;
    }
    if (!action.resource || !isJsonObject(action.resource)) throw new BedsideError('invalid-input', `${action.description}: the suggestion carries no record. Nothing was changed.`);
    const resource = structuredClone(action.resource) as JsonObject;
    if (patientOf(resource) !== card.patientId) throw otherPatient(action.description);
    const meta = isJsonObject(resource.meta) ? resource.meta : undefined;
    const expected = action.type === 'update' && typeof meta?.versionId === 'string' ? meta.versionId : undefined;
    const r = store.write(resource, { mode: 'save', ...(expected !== undefined ? { expectedVersionId: expected } : {}) });
    const reference = `${r.type}/${r.id}`;
    if (r.outcome !== 'unchanged') {
      audit.append({ actor, action: r.outcome === 'created' ? 'resource-create' : 'resource-update', patientId: card.patientId, target: reference, detail: `version ${r.versionId}; accepted suggestion of card ${card.uuid}` });
    }
    applied.push({ type: action.type, reference, outcome: r.outcome });
  }
  return applied;
}

function otherPatient(description: string): BedsideError {
  return new BedsideError('invalid-input', `${description}: the change would touch another patient's record, so it was refused. Nothing was changed; report this card to your Bedside administrator.`);
}
