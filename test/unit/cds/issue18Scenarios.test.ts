/** The order scenarios of issue #18, through every rule, as the order form checks them (order-sign). */
import type { MedicationRequest } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { DRUG_VOCABULARY_SYSTEM, NOT_IN_VOCABULARY } from '../../../electron/contract/schemas/medication';
import { RULES, runRules } from '../../../electron/services/cds/rulesEngine';
import { allergy, chartOf, draft, med } from './fixtures';

const summaries = (active: MedicationRequest[], order: MedicationRequest, extra: Parameters<typeof chartOf> = []) =>
  runRules(chartOf(...extra, ...active), { rules: RULES, draftOrders: [order] }).map((c) => `${c.indicator} ${c.provenance.id}: ${c.summary}`);

describe('issue #18: medication safety that does not depend on spelling', () => {
  it('"fluoxetin" (a typo) beside phenelzine fires the MAOI interaction', () => {
    expect(summaries([med('Phenelzine 15 MG Oral Tablet')], draft('fluoxetin 20 mg'))).toEqual([
      expect.stringMatching(/^critical drug-interactions: Contraindicated combination: .*fluoxetine.*phenelzine|^critical drug-interactions: Contraindicated combination: phenelzine.*fluoxetine/),
    ]);
  });

  it('"cefalexin" for a penicillin-allergic patient fires cross-reactivity', () => {
    expect(summaries([], draft('cefalexin 500 mg'), [allergy('Allergy to penicillin')])).toEqual([expect.stringMatching(/^warning drug-allergy: cefalexin: patient has a recorded allergy to Allergy to penicillin \(cross class\)/)]);
  });

  it('French "erythromycine" beside simvastatin fires', () => {
    expect(summaries([med('Simvastatin 20 MG Oral Tablet')], draft('erythromycine 500 mg'))).toEqual([expect.stringMatching(/^critical drug-interactions: Contraindicated combination: simvastatin with erythromycin/)]);
  });

  it('"Advil" beside warfarin fires the anticoagulant + NSAID interaction', () => {
    expect(summaries([med('Warfarin Sodium 5 MG Oral Tablet')], draft('Advil'))).toEqual([expect.stringMatching(/^warning drug-interaction-groups: Major interaction: warfarin \+ ibuprofen/)]);
  });

  it('ibuprofen + Advil is duplicate therapy', () => {
    expect(summaries([med('Ibuprofen 400 MG Oral Tablet')], draft('Advil'))).toEqual(['warning duplicate-therapy: Duplicate therapy: ibuprofen is in Advil and Ibuprofen 400 MG Oral Tablet']);
  });

  it('an order coded by the picker is checked from its code, whatever its text says', () => {
    const coded: MedicationRequest = { ...draft('Mon médicament'), medicationCodeableConcept: { text: 'Mon médicament', coding: [{ system: DRUG_VOCABULARY_SYSTEM, code: 'ibuprofen' }] } };
    expect(summaries([med('warfarin')], coded)).toEqual([expect.stringMatching(/^warning drug-interaction-groups: Major interaction: warfarin \+ ibuprofen/)]);
  });

  it('"not in the vocabulary" recorded by the prescriber gives a warning that no check was possible', () => {
    const unlisted: MedicationRequest = { ...draft('Zorblatin 10 mg'), medicationCodeableConcept: { text: 'Zorblatin 10 mg', coding: [{ system: DRUG_VOCABULARY_SYSTEM, code: NOT_IN_VOCABULARY }] } };
    const cards = runRules(chartOf(allergy('Allergy to penicillin'), med('warfarin')), { rules: RULES, draftOrders: [unlisted] });
    expect(cards.map((c) => `${c.indicator} ${c.status} ${c.summary}`)).toEqual(['warning not-checked No interaction or allergy check was possible for Zorblatin 10 mg: not in the drug vocabulary']);
    expect(cards[0]?.detail).toContain('The prescriber recorded that this drug is not in the Bedside drug vocabulary');
  });

  it('an unresolved name lists the closest entries as candidates', () => {
    // Six letters allow one edit; "tramdl" is two from tramadol: not guessed, but offered.
    const far = runRules(chartOf(med('sertraline')), { rules: RULES, draftOrders: [draft('tramdl 50 mg')] });
    expect(far.map((c) => c.status)).toEqual(['not-checked']);
    expect(far[0]?.detail).toMatch(/Did you mean: tramadol\?/);
  });
});
