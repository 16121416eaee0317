/**
 * Accepts a suggestion: the CDS service applies its FHIR actions in the main process, in one
 * database transaction with the feedback and the audit trail, so either every change is made
 * or none is. The renderer never writes the changes itself.
 */
import type { Card, Suggestion } from '../../../../electron/contract/schemas/card';
import type { CdsPort } from '../../api/ports';
import { acceptedFeedback } from './cardLogic';

/** Accepts the suggestion; resolves with null when it went through, else the clinician-readable reason. */
export async function applySuggestion(cds: CdsPort | undefined, card: Card, suggestion: Suggestion, now = new Date()): Promise<string | null> {
  if (!cds) return 'Suggestions are not available, so nothing was changed.';
  const fb = await cds.feedback(acceptedFeedback(card, [suggestion.uuid], now));
  return fb.ok ? null : fb.error.message;
}
