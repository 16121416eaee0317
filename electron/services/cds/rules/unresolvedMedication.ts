/**
 * An unresolved drug is never silent: every order whose drug is not a vocabulary ingredient
 * (a name that no match step resolved, or the prescriber's explicit "not in the vocabulary")
 * gives one warning card saying plainly that no interaction or allergy check was possible.
 * The closest vocabulary entries are listed when there are any.
 */
import { ALL_OVERRIDE_REASONS, clip } from './cardText';
import { ordersToCheck } from './medicationScope';
import type { CdsRule, RuleFinding } from './types';

/** Unresolved-medication rule. */
export const unresolvedMedicationRule: CdsRule = {
  id: 'unresolved-medication',
  version: '1.0.0',
  title: 'Medication not in the drug vocabulary: not checked',
  citation: 'Bedside drug vocabulary (WHO EML 2023, WHOCC ATC index, public product labels); see docs/cds.md.',
  hooks: ['patient-view', 'order-sign'],
  evaluate(input) {
    return ordersToCheck(input)
      .filter((o) => o.medication.unknown.length > 0)
      .map((o): RuleFinding => {
        const m = o.medication;
        const candidates = [...new Map((m.candidates ?? []).map((c) => [c.name, c])).values()].slice(0, 5);
        const why = m.recordedNotInVocabulary
          ? 'The prescriber recorded that this drug is not in the Bedside drug vocabulary.'
          : `Bedside could not match ${m.unknown.map((u) => `“${u}”`).join(', ')} to a drug in its vocabulary.`;
        return {
          key: `unresolved:${o.reference}`,
          summary: clip(`No interaction or allergy check was possible for ${o.name}: not in the drug vocabulary`),
          indicator: 'warning',
          status: 'not-checked',
          detail: [
            `${why} **No interaction, allergy, duplicate-therapy or kidney-dose check was possible for this drug.** This is not an all-clear: check it yourself or with a pharmacist.`,
            ...(candidates.length ? ['', `Did you mean: ${candidates.map((c) => `${c.label}${c.label.toLowerCase() !== c.name ? ` (${c.name})` : ''}`).join(', ')}?`] : []),
            ...(m.ingredients.length ? ['', `Checked: ${m.ingredients.join(', ')} (the parts Bedside could read).`] : []),
          ].join('\n'),
          explanation: {
            kind: 'rule-trace',
            steps: [
              { label: 'Medication', value: o.name },
              { label: 'Not in the vocabulary', value: m.unknown.join(', ') },
              ...(candidates.length ? [{ label: 'Closest entries', value: candidates.map((c) => `${c.name} (${c.distance} edit${c.distance === 1 ? '' : 's'})`).join(', ') }] : []),
            ],
            citation: 'Bedside drug vocabulary (electron/services/cds/knowledge/vocabulary)',
          },
          triggeredBy: [o.reference],
          inputs: { order: o.reference, unknown: m.unknown, recorded: m.recordedNotInVocabulary === true },
          source: { label: 'Drug vocabulary' },
          overrideReasons: ALL_OVERRIDE_REASONS,
        };
      });
  },
};
