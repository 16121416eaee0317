/** Fixes made to the rule modules while wiring the service, each with the case that showed it. */
import { describe, expect, it } from 'vitest';
import type { AllergyIntolerance } from 'fhir/r4';
import { buildChartSnapshot } from '../../../../electron/services/cds/chart';
import { runRules } from '../../../../electron/services/cds/rulesEngine';
import { PATIENT_ID, draft, patient } from '../fixtures';

describe('drug-allergy', () => {
  it('gives one card per allergy and order for a combination product, not one per ingredient (Synthea: Bactrim allergy)', () => {
    const allergy: AllergyIntolerance = {
      resourceType: 'AllergyIntolerance',
      id: 'a1',
      patient: { reference: `Patient/${PATIENT_ID}` },
      category: ['medication'],
      criticality: 'low',
      code: { text: 'Sulfamethoxazole / Trimethoprim' },
    };
    const order = draft('Sulfamethoxazole 800 MG / Trimethoprim 160 MG Oral Tablet');
    const cards = runRules(buildChartSnapshot([patient('1950-01-01', 'female'), allergy]), { draftOrders: [order] });
    expect(cards.map((c) => [c.provenance.id, c.indicator])).toEqual([['drug-allergy', 'warning']]);
    expect(cards[0]!.triggeredBy).toEqual(['AllergyIntolerance/a1', `MedicationRequest/${order.id}`]);
  });
});
