import { describe, expect, it } from 'vitest';
import { drugAllergyRule } from '../../../electron/services/cds/rules/drugAllergy';
import { runRules } from '../../../electron/services/cds/rulesEngine';
import { allergy, chartOf, draft, med } from './fixtures';

const rules = [drugAllergyRule];
const onOrder = (allergyText: string, order: string, criticality?: 'low' | 'high' | 'unable-to-assess', manifestation?: string) =>
  runRules(chartOf(allergy(allergyText, criticality, manifestation)), { rules, draftOrders: [draft(order)] });

describe('drug–allergy rule', () => {
  it('penicillin allergy (Synthea wording) → amoxicillin is critical and offers to cancel the order', () => {
    const cards = onOrder('Allergy to penicillin', 'Amoxicillin 500 MG Oral Tablet');
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ indicator: 'critical' });
    expect(cards[0]?.suggestions[0]?.actions[0]?.type).toBe('delete');
  });

  it('"Penicillin V" allergy → Augmentin and piperacillin (same class)', () => {
    expect(onOrder('Penicillin V', 'Amoxicillin 250 MG / Clavulanate 125 MG Oral Tablet')[0]?.indicator).toBe('critical');
    expect(onOrder('Penicillin V', 'Piperacillin 4000 MG / tazobactam 500 MG Injection')[0]?.indicator).toBe('critical');
  });

  it("criticality 'low' without a severe reaction downgrades to warning; anaphylaxis keeps it critical", () => {
    expect(onOrder('Penicillin V', 'Amoxicillin 500 MG Oral Tablet', 'low')[0]?.indicator).toBe('warning');
    expect(onOrder('Penicillin V', 'Amoxicillin 500 MG Oral Tablet', 'low', 'Anaphylaxis (disorder)')[0]?.indicator).toBe('critical');
  });

  it('penicillin allergy → cephalosporin: low cross-reactivity, warning (info when low criticality)', () => {
    const card = onOrder('Allergy to penicillin', 'Ceftriaxone 1000 MG Injection')[0];
    expect(card?.indicator).toBe('warning');
    expect(card?.detail).toContain('1–2%');
    expect(onOrder('Allergy to penicillin', 'Ceftriaxone 1000 MG Injection', 'low')[0]?.indicator).toBe('info');
  });

  it('amoxicillin allergy → cefadroxil (shared R1 side chain) is a warning even at low criticality', () => {
    const card = onOrder('Amoxicillin', 'Cefadroxil 500 MG Oral Capsule', 'low')[0];
    expect(card?.indicator).toBe('warning');
    expect(card?.detail).toContain('side chain');
  });

  it('sulfonamide antibiotic allergy → sulfamethoxazole fires, hydrochlorothiazide and furosemide do not', () => {
    expect(onOrder('Sulfa drugs', 'Sulfamethoxazole 800 MG / Trimethoprim 160 MG Oral Tablet')[0]?.indicator).toBe('critical');
    expect(onOrder('Sulfamethoxazole / Trimethoprim', 'Hydrochlorothiazide 25 MG Oral Tablet')).toEqual([]);
    expect(onOrder('Sulfa drugs', 'Furosemide 40 MG Oral Tablet')).toEqual([]);
  });

  it('aspirin allergy → ibuprofen is a cross-reactivity warning (Synthea: Aspirin allergy, Ibuprofen [Ibu])', () => {
    expect(onOrder('Aspirin', 'Ibuprofen 400 MG Oral Tablet [Ibu]')[0]?.indicator).toBe('warning');
  });

  it('checks the active list on patient-view, ignores food and environment allergies', () => {
    const food = { ...allergy('Tree nut (substance)'), category: ['food' as const] };
    const cards = runRules(chartOf(allergy('Allergy to penicillin'), food, med('Amoxicillin 500 MG Oral Tablet')), { rules });
    expect(cards.map((c) => c.indicator)).toEqual(['critical']);
  });

  it('no allergy relation → no card; unreadable allergy → not checked; unreadable order → left to the unresolved-medication rule', () => {
    expect(onOrder('Allergy to penicillin', 'lisinopril 10 MG Oral Tablet')).toEqual([]);
    expect(onOrder('Allergy to zorbulax', 'lisinopril 10 MG Oral Tablet').map((c) => c.status)).toEqual(['not-checked']);
    expect(onOrder('Allergy to penicillin', 'Zorbulax 10 MG Oral Tablet')).toEqual([]);
  });

  it('cefalexin (INN spelling) for a penicillin-allergic patient fires cross-reactivity', () => {
    expect(onOrder('Allergy to penicillin', 'cefalexin 500 mg').map((c) => c.indicator)).toEqual(['warning']);
  });
});
