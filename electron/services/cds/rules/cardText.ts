/** Small text helpers shared by rules. */
import { CARD_SUMMARY_MAX, OVERRIDE_REASONS } from '../../../contract/schemas/card';
import type { OverrideReason } from '../../../contract/schemas/card';

/** Clips a summary to fewer than 140 characters (CDS Hooks 2.0), ending with an ellipsis when cut. */
export function clip(text: string, max = CARD_SUMMARY_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** The fixed override reasons, as cards carry them. */
export const ALL_OVERRIDE_REASONS: readonly OverrideReason[] = OVERRIDE_REASONS.map((r) => ({ ...r }));

/** Rounds for display without trailing noise (e.g. 1.2 not 1.2000000000000002). */
export function fmt(value: number, digits = 1): string {
  return String(Math.round(value * 10 ** digits) / 10 ** digits);
}

/**
 * Lower-cases a title for use inside a sentence, word by word, keeping abbreviations and codes
 * as written: "SSRI or SNRI with a Triptan" → "SSRI or SNRI with a triptan", "CYP3A4 inhibitor"
 * stays, "SSRIs" stays. Only a word that is one capital followed by lower-case letters changes.
 */
export function inSentence(title: string): string {
  return title.replace(/\p{L}[\p{L}\p{N}]*/gu, (w) => (/^\p{Lu}[\p{Ll}]*$/u.test(w) ? w.toLowerCase() : w));
}
