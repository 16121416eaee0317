import { describe, expect, it } from 'vitest';
import { ONC_DDI } from '../../../electron/services/cds/knowledge/oncDdi';
import { interactionsBetween } from '../../../electron/services/cds/rules/drugInteractions';
import { runRules } from '../../../electron/services/cds/rulesEngine';
import { drugInteractionRule } from '../../../electron/services/cds/rules/drugInteractions';
import { unresolvedMedicationRule } from '../../../electron/services/cds/rules/unresolvedMedication';
import { chartOf, draft, med } from './fixtures';

const titleCase = (s: string): string => s.replace(/\b\w/g, (c) => c.toUpperCase());
const rules = [drugInteractionRule];

describe('ONC high-priority interactions (generated from the knowledge file)', () => {
  for (const i of ONC_DDI.interactions) {
    const object = i.object.members[0] ?? '';
    // Interaction 21 pairs the class with itself: take two different members.
    const precipitant = i.number === 21 ? (i.precipitant.members[1] ?? '') : (i.precipitant.members.at(-1) ?? '');

    it(`#${i.number} fires for ${object} + ${precipitant} (whole active list)`, () => {
      const cards = runRules(chartOf(med(`${titleCase(object)} 10 MG Oral Tablet`), med(`${titleCase(precipitant)} 5 MG Oral Tablet`)), { rules });
      const hit = cards.filter((c) => c.source.topic?.code === `onc-ddi#${i.number}`);
      expect(hit).toHaveLength(1);
      expect(hit[0]?.indicator).toBe('critical');
      expect(hit[0]?.detail).toContain(i.mechanism);
      expect(hit[0]?.explanation.kind).toBe('rule-trace');
    });

    it(`#${i.number} fires when ${precipitant} is ordered on top of ${object} (order-sign)`, () => {
      const order = draft(`${titleCase(precipitant)} 5 MG Oral Tablet`);
      const cards = runRules(chartOf(med(`${titleCase(object)} 10 MG Oral Tablet`)), { rules, draftOrders: [order] });
      const hit = cards.find((c) => c.source.topic?.code === `onc-ddi#${i.number}`);
      expect(hit?.suggestions[0]?.actions[0]).toMatchObject({ type: 'delete', resourceId: `MedicationRequest/${order.id}` });
    });

    it(`#${i.number} stays silent for ${object} + lisinopril`, () => {
      expect(interactionsBetween(object, 'lisinopril')).toEqual([]);
      const cards = runRules(chartOf(med(`${titleCase(object)} 10 MG Oral Tablet`), med('lisinopril 10 MG Oral Tablet')), { rules });
      expect(cards).toEqual([]);
    });
  }

  it('matches classes, not just listed names: any SSRI with any MAO inhibitor', () => {
    expect(interactionsBetween('sertraline', 'phenelzine').map((i) => i.number)).toEqual([8]);
    expect(interactionsBetween('phenelzine', 'fluoxetine').map((i) => i.number)).toEqual([8]);
  });

  it('reads brands and combination products (Synthea cough syrup with dextromethorphan + MAOI)', () => {
    const cards = runRules(
      chartOf(
        med('Acetaminophen 21.7 MG/ML / Dextromethorphan Hydrobromide 1 MG/ML / doxylamine succinate 0.417 MG/ML Oral Solution'),
        med('Nardil 15 MG Oral Tablet'),
      ),
      { rules },
    );
    expect(cards.map((c) => c.source.topic?.code)).toEqual(['onc-ddi#16']);
  });

  it('does not alert on stopped medications or a drug with itself', () => {
    const cards = runRules(chartOf(med('Simvastatin 20 MG Oral Tablet'), med('Clarithromycin 500 MG Oral Tablet', 'stopped'), med('Simvastatin 10 MG Oral Tablet')), { rules });
    expect(cards).toEqual([]);
  });

  it('merges the same pair ordered twice into one card naming both orders', () => {
    const a = med('Simvastatin 20 MG Oral Tablet');
    const b = med('Simvastatin 10 MG Oral Tablet');
    const c = med('Clarithromycin 500 MG Oral Tablet');
    const cards = runRules(chartOf(a, b, c), { rules });
    expect(cards).toHaveLength(1);
    expect(cards[0]?.triggeredBy).toEqual(expect.arrayContaining([`MedicationRequest/${a.id}`, `MedicationRequest/${b.id}`, `MedicationRequest/${c.id}`]));
  });

  it('leaves an unknown medication to the unresolved-medication rule, never reporting "no interaction"', () => {
    const cards = runRules(chartOf(med('Zorbulax 10 MG Oral Tablet'), med('lisinopril 10 MG Oral Tablet')), { rules: [drugInteractionRule, unresolvedMedicationRule] });
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ status: 'not-checked', indicator: 'warning', provenance: { id: 'unresolved-medication' } });
    expect(cards[0]?.summary).toContain('No interaction or allergy check was possible for Zorbulax');
  });

  it('on order-sign, an unknown draft order gets the "not checked" warning', () => {
    const cards = runRules(chartOf(med('lisinopril 10 MG Oral Tablet')), { rules: [drugInteractionRule, unresolvedMedicationRule], draftOrders: [draft('Mystery Elixir 5 MG/ML Oral Solution')] });
    expect(cards.map((c) => `${c.indicator} ${c.status}`)).toEqual(['warning not-checked']);
  });
});
