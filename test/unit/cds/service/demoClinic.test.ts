/**
 * The demo clinic through the CDS service, as of the clinic's anchor date: the cards each
 * scenario was built to trigger, storage with provenance, duplicates merged, dismissals that
 * stick until the inputs change, the observation trigger and the order check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card } from '../../../../electron/contract/schemas/card';
import { OVERRIDE_REASONS } from '../../../../electron/contract/schemas/card';
import { openCds, observationFor, type CdsFixture } from './helpers';

/** Three hours after the demo clinic's last visits (the fixed DEMO_ANCHOR, 09:00): recent vitals still count. */
const NOW = '2026-01-15T12:00:00.000Z';
let f: CdsFixture;
beforeAll(() => {
  f = openCds({ now: NOW });
  f.records.seedDemoClinic('dr.test');
});
afterAll(async () => {
  await f.cds.shutdown();
  await f.records.shutdown();
});

const summary = (cards: readonly Card[]): string[] => cards.filter((c) => !c.status).map((c) => `${c.indicator} ${c.provenance.id}: ${c.summary}`);
const reason = (code: (typeof OVERRIDE_REASONS)[number]['code']) => OVERRIDE_REASONS.find((r) => r.code === code)!;

describe('demo clinic: the cards each scenario was designed to trigger', () => {
  // Every latest visit records a GCS and room air, so NEWS2 is a real score (an info card when
  // low) and never "not enough data"; qSOFA and CURB-65 score where an infection or pneumonia is active.
  const news2Low = (score: number) => `info score-news2: NEWS2 ${score} (low)`;
  it.each([
    ['demo-01', ['critical drug-interactions: Contraindicated combination: simvastatin with clarithromycin (simvastatin or lovastatin with CYP3A4 inhibitors)', news2Low(0), 'info score-qsofa: qSOFA 0 (lower risk)', 'info score-curb65: CURB-65 1 (low)']],
    ['demo-02', ['critical drug-allergy: amoxicillin: patient has a recorded allergy to Allergy to penicillin (finding) (same class)', news2Low(0)]],
    ['demo-03', ['critical renal-dosing: Metformin with eGFR 16: contraindicated', news2Low(0)]],
    // Samuel Achterberg: urinary infection, RR 24, systolic 95, GCS 13 (new confusion), SpO2 93 % on air, HR 118, 38.9 °C.
    ['demo-04', ['critical score-news2: NEWS2 12 (high)', 'warning score-qsofa: qSOFA 3 (higher risk)']],
    ['demo-05', ['warning score-cha2ds2vasc: CHA2DS2-VASc 5 (oac recommended)', news2Low(1)]],
    ['demo-06', [news2Low(0), 'info score-cha2ds2vasc: CHA2DS2-VASc 1: already anticoagulated (warfarin)']],
    ['demo-07', ['critical drug-interactions: Contraindicated combination: tizanidine with ciprofloxacin (tizanidine with CYP1A2 inhibitors)', news2Low(0), 'info score-qsofa: qSOFA 0 (lower risk)']],
    ['demo-08', [news2Low(0)]],
    // Designed "no flag" patients: only the NEWS2 score itself (0, low risk).
    ['demo-09', [news2Low(0)]],
    // Henry Castellanos: potassium 6.8 mmol/L on lisinopril with CKD 3 is beyond the 6.5 critical limit.
    ['demo-10', ['critical critical-values: Critical potassium: 6.8 mmol/L (high)', news2Low(0)]],
    ['demo-11', [news2Low(0)]],
    ['demo-12', [news2Low(0)]],
  ])('%s', (patientId, expected) => {
    const { cards } = f.cds.cardsForPatient('dr.test', patientId);
    expect(summary(cards)).toEqual(expected);
    expect(cards.filter((c) => c.status === 'not-checked').map((c) => c.summary)).toEqual([]);
    for (const c of cards) {
      expect(c.patientId).toBe(patientId);
      expect(c.provenance).toMatchObject({ kind: 'rule', inputHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
  });

  it('stores each card once with provenance and its triggering records, however often the chart is opened', () => {
    const first = f.cds.cardsForPatient('dr.test', 'demo-01').cards;
    const again = f.cds.cardsForPatient('dr.test', 'demo-01').cards;
    expect(again.map((c) => c.uuid)).toEqual(first.map((c) => c.uuid));
    const ddi = first.find((c) => c.provenance.id === 'drug-interactions')!;
    const row = f.records.database
      .prepare<[string], { source_kind: string; source_id: string; source_version: string; input_hash: string; status: string; shown_count: number; patient_id: string }>('SELECT * FROM cds_cards WHERE uuid = ?')
      .get(ddi.uuid)!;
    expect(row).toMatchObject({ source_kind: 'rule', source_id: 'drug-interactions', input_hash: ddi.provenance.inputHash, status: 'active', patient_id: 'demo-01' });
    expect(row.shown_count).toBeGreaterThanOrEqual(3);
    const refs = f.records.database.prepare<[string], string>('SELECT reference FROM cds_card_triggers WHERE card_uuid = ? ORDER BY reference').pluck().all(ddi.uuid);
    expect(refs).toEqual([...ddi.triggeredBy].sort());
  });
});

describe('alert fatigue', () => {
  it('a dismissed card stays dismissed until its inputs change, then a new card shows and the dismissal stays on record', () => {
    const before = f.cds.cardsForPatient('dr.test', 'demo-03').cards;
    const renal = before.find((c) => c.provenance.id === 'renal-dosing')!;
    const r = f.cds.feedback('dr.test', { card: renal.uuid, outcome: 'overridden', acceptedSuggestions: [], overrideReason: { reason: reason('already-managed'), userComment: 'Stopping metformin at this visit' }, outcomeTimestamp: NOW });
    expect(r).toMatchObject({ recorded: true, status: 'overridden', applied: [] });
    expect(f.cds.cardsForPatient('dr.test', 'demo-03').cards.map((c) => c.uuid)).not.toContain(renal.uuid);
    expect(() => f.cds.feedback('dr.test', { card: renal.uuid, outcome: 'overridden', acceptedSuggestions: [], overrideReason: { reason: reason('not-applicable') }, outcomeTimestamp: NOW })).toThrow(/already dismissed/);

    // A new creatinine changes the rule's inputs: a new card, and the dismissed one is history.
    f.records.saveResource('dr.test', observationFor('demo-03', 'demo-03-new-creat', '2160-0', 3.4, 'mg/dL', '2026-01-15T11:00:00.000Z'));
    const after = f.cds.cardsForPatient('dr.test', 'demo-03').cards;
    const renal2 = after.find((c) => c.provenance.id === 'renal-dosing')!;
    expect(renal2.uuid).not.toBe(renal.uuid);
    expect(renal2.summary).toMatch(/eGFR 14/);
    const statuses = f.records.database.prepare<[], { uuid: string; status: string }>("SELECT uuid, status FROM cds_cards WHERE source_id = 'renal-dosing' AND patient_id = 'demo-03'").all();
    expect(Object.fromEntries(statuses.map((s) => [s.uuid, s.status]))).toEqual({ [renal.uuid]: 'overridden', [renal2.uuid]: 'active' });
  });

  it('only critical cards are critical: the order check marks what must interrupt', () => {
    // Erythromycin is a CYP3A4 inhibitor: with simvastatin it is ONC high-priority interaction #25.
    const draft = { resourceType: 'MedicationRequest', status: 'draft', intent: 'order', subject: { reference: 'Patient/demo-01' }, medicationCodeableConcept: { text: 'erythromycin 250 MG Oral Tablet' } };
    const { cards, medicationRequestId } = f.cds.checkOrder('dr.test', 'demo-01', draft);
    expect(medicationRequestId).toMatch(/^[0-9a-f-]{36}$/);
    const critical = cards.filter((c) => c.indicator === 'critical');
    // Erythromycin also prolongs QT with the clarithromycin she takes (also on the ONC list).
    expect(critical.map((c) => c.summary).sort()).toEqual([
      'Contraindicated combination: erythromycin with clarithromycin (two QT-prolonging drugs together)',
      'Contraindicated combination: simvastatin with erythromycin (simvastatin or lovastatin with CYP3A4 inhibitors)',
    ]);
    for (const c of critical) {
      expect(c.triggeredBy).toContain(`MedicationRequest/${medicationRequestId}`);
      expect(c.suggestions[0]!.actions[0]).toMatchObject({ type: 'delete', resourceId: `MedicationRequest/${medicationRequestId}` });
    }
    // A safe drug gives no card.
    expect(f.cds.checkOrder('dr.test', 'demo-01', { ...draft, medicationCodeableConcept: { text: 'acetaminophen 500 MG Oral Tablet' } }).cards).toEqual([]);
    // An unknown drug is "not checked", never silently safe.
    const unknown = f.cds.checkOrder('dr.test', 'demo-01', { ...draft, medicationCodeableConcept: { text: 'Zorblatin 10 MG' } }).cards;
    expect(unknown.every((c) => c.status === 'not-checked' && c.indicator !== 'critical')).toBe(true);
    expect(unknown.length).toBeGreaterThan(0);
    // An order for another patient is refused.
    expect(() => f.cds.checkOrder('dr.test', 'demo-01', { ...draft, subject: { reference: 'Patient/demo-02' } })).toThrow(/not for the chart that is open/);
  });

  it('accepting "cancel the new order" for a draft that was never saved records the outcome and changes nothing', () => {
    const draft = { resourceType: 'MedicationRequest', status: 'draft', intent: 'order', subject: { reference: 'Patient/demo-07' }, medicationCodeableConcept: { text: 'fluvoxamine 50 MG Oral Tablet' } };
    const { cards } = f.cds.checkOrder('dr.test', 'demo-07', draft);
    const card = cards.find((c) => c.indicator === 'critical')!;
    const r = f.cds.feedback('dr.test', { card: card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: card.suggestions[0]!.uuid }], outcomeTimestamp: NOW });
    expect(r.applied).toEqual([{ type: 'delete', reference: card.suggestions[0]!.actions[0]!.resourceId, outcome: 'already-absent' }]);
  });
});

describe('observation recorded', () => {
  it('oxygen started for the septic patient raises NEWS2 from 12 to 14, announced with cds.cardsReady', async () => {
    const before = summary(f.cds.cardsForPatient('dr.test', 'demo-04').cards);
    expect(before).toEqual(['critical score-news2: NEWS2 12 (high)', 'warning score-qsofa: qSOFA 3 (higher risk)']);
    // Supplemental oxygen scores 2 in NEWS2 (RCP 2017); qSOFA does not use it.
    f.records.saveResource('dr.test', observationFor('demo-04', 'demo-04-o2-started', '3151-8', 4, 'L/min', '2026-01-15T10:00:00.000Z'));
    f.cds.afterSave('Observation', 'demo-04-o2-started');
    await f.cds.whenIdle();
    const ready = f.events.filter((e) => e.patientId === 'demo-04' && e.trigger === 'observation-recorded');
    expect(ready.length).toBeGreaterThan(0);
    const after = summary(f.cds.cardsForPatient('dr.test', 'demo-04').cards);
    expect(after).toEqual(['critical score-news2: NEWS2 14 (high)', 'warning score-qsofa: qSOFA 3 (higher risk)']);
  });
});

describe('report', () => {
  it('counts cards per rule with the override reasons and comments', () => {
    const report = f.cds.report();
    const renal = report.sources.find((s) => s.id === 'renal-dosing')!;
    expect(renal).toMatchObject({ kind: 'rule', overridden: 1, accepted: 0, reasons: [{ code: 'already-managed', count: 1 }], comments: ['Stopping metformin at this visit'] });
    expect(renal.cards).toBe(2);
    const ddi = report.sources.find((s) => s.id === 'drug-interactions')!;
    expect(ddi.accepted).toBe(1);
    expect(f.records.verifyAudit().ok).toBe(true);
    const actions = f.records.database.prepare<[], string>("SELECT action FROM audit_log WHERE action LIKE 'cds-%'").pluck().all();
    expect(new Set(actions)).toEqual(new Set(['cds-cards', 'cds-order-check', 'cds-feedback']));
  });
});
