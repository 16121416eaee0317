import { describe, expect, it } from 'vitest';
import { orderIngredients } from '../../../electron/services/cds/drugNames';
import { searchVocabulary } from '../../../electron/services/cds/drugMatching';
import { orderDailyMg } from '../../../electron/services/cds/rules/structuredDose';
import * as contract from '../../../electron/contract/schemas/medication';
import * as form from '../../../renderer/src/features/orders/orderDraft';

const { draftOrder } = form;

const advil = () => {
  const hit = searchVocabulary('advil').find((h) => h.label === 'Advil');
  if (!hit) throw new Error('Advil is not in the vocabulary');
  return { ...hit, ingredients: [...hit.ingredients], atc: [...hit.atc] };
};

describe('structured order (FHIR MedicationRequest.dosageInstruction)', () => {
  it('uses the code systems the contract declares', () => {
    expect([form.DRUG_VOCABULARY_SYSTEM, form.ATC_SYSTEM, form.NOT_IN_VOCABULARY]).toEqual([contract.DRUG_VOCABULARY_SYSTEM, contract.ATC_SYSTEM, contract.NOT_IN_VOCABULARY]);
  });

  it('writes the picked drug as vocabulary and ATC codings, and the dose as a FHIR Dosage', () => {
    const order = draftOrder('p1', { drug: { kind: 'picked', hit: advil() }, strength: '400 mg', dose: 400, unit: 'mg', route: 'oral', frequency: 'tds', asNeeded: false, durationDays: 5 }, new Date('2026-01-01T00:00:00Z'));
    expect(order.medicationCodeableConcept).toEqual({
      text: 'Advil (ibuprofen) 400 mg',
      coding: [
        { system: 'urn:bedside:drug-vocabulary', code: 'ibuprofen', display: 'ibuprofen' },
        { system: 'http://www.whocc.no/atc', code: 'M01AE01' },
      ],
    });
    expect(order.dosageInstruction).toEqual([
      {
        text: '400 mg oral three times daily for 5 days',
        timing: { repeat: { frequency: 3, period: 1, periodUnit: 'd', boundsDuration: { value: 5, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' } } },
        route: { coding: [{ system: 'http://snomed.info/sct', code: '26643006', display: 'Oral route' }], text: 'Oral route' },
        doseAndRate: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/dose-rate-type', code: 'ordered', display: 'Ordered' }] }, doseQuantity: { value: 400, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }],
      },
    ]);
    // The rules read what the form writes.
    expect(orderIngredients(order)).toMatchObject({ ingredients: ['ibuprofen'], coded: true });
    expect(orderDailyMg(order)).toBe(1200);
  });

  it('an every-8-hours order counts three doses a day; "not in the vocabulary" is recorded as such', () => {
    const q8h = draftOrder('p1', { drug: { kind: 'picked', hit: advil() }, strength: '', dose: 0.4, unit: 'g', route: 'oral', frequency: 'q8h', asNeeded: true });
    expect(orderDailyMg(q8h)).toBeCloseTo(1200);
    expect(q8h.dosageInstruction?.[0]?.asNeededBoolean).toBe(true);
    const unlisted = draftOrder('p1', { drug: { kind: 'not-in-vocabulary', text: 'Zorblatin' }, strength: '10 mg', unit: 'mg', route: 'oral', frequency: 'od', asNeeded: false });
    expect(orderIngredients(unlisted)).toMatchObject({ ingredients: [], recordedNotInVocabulary: true });
  });
});
