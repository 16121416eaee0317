/** A suggestion's FHIR actions as plain sentences pieces: what, to which record type. Pure. */
import type { SuggestionAction } from '../../../../electron/contract/schemas/card';

/** One change, ready to translate: the verb, the record type and the card's own description. */
export interface ActionInWords {
  verb: 'create' | 'update' | 'delete';
  resourceType: string;
  description: string;
}

/** The record type an action touches ("Condition", "MedicationRequest", …). */
function resourceTypeOf(action: SuggestionAction): string {
  const fromResource = action.resource?.['resourceType'];
  if (typeof fromResource === 'string') return fromResource;
  return action.resourceId?.split('/')[0] ?? '';
}

/** Each action of a suggestion in words. */
export function actionsInWords(actions: readonly SuggestionAction[]): ActionInWords[] {
  return actions.map((a) => ({ verb: a.type, resourceType: resourceTypeOf(a), description: a.description }));
}
