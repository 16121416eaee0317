/**
 * Acceptance on the Synthea sample (13 patients, no Observations: the export's Observation files
 * were too large to copy). Each chart is evaluated "as of" its last encounter. The expected cards
 * were written by reading each record: with no Observations, every vital-sign, lab, score and
 * kidney-dosing rule has no input and must stay silent; the active medication lists hold no ONC
 * pair; the two medication allergies meet no related active drug. Draft orders then exercise the
 * rules on what the data does hold (allergies, active medications).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Encounter, FhirResource } from 'fhir/r4';
import type { Card } from '../../../../electron/contract/schemas/card';
import { activeMedications, buildChartSnapshot, medicationDisplay } from '../../../../electron/services/cds/chart';
import { CdsService } from '../../../../electron/services/cds/cdsService';
import { SHARED_DATA_MISSING, sharedDataDir } from '../../../helpers/sharedData';
import { openCds, type CdsFixture } from './helpers';

const dir = sharedDataDir() ? path.join(sharedDataDir()!, 'synthea-10') : null;
const present = dir !== null && fs.existsSync(dir);

/** Expected patient-view cards as of the last encounter (all empty: see the file comment), with the active medications read from the record. */
const EXPECTED: Record<string, { name: string; asOf: string; activeMeds: string[]; cards: string[] }> = {
  '129c6ac7-8d06-89de-ad63-0204a93e76c3': { name: 'Sumiko Medhurst', asOf: '1989-05-14', activeMeds: ['Nitroglycerin 0.4 MG/ACTUAT Mucosal Spray'], cards: [] },
  '3af3708d-41f1-cd80-f3dd-ec5ac76072bf': { name: 'Devin Cole', asOf: '1971-10-06', activeMeds: ['Diazepam 5 MG Oral Tablet'], cards: [] },
  '6a4160eb-a793-2f86-2302-378626f46cce': { name: 'Yvone Cummings', asOf: '2022-04-11', activeMeds: ['Hydrochlorothiazide 25 MG Oral Tablet', 'Naproxen sodium 220 MG Oral Tablet', 'lisinopril 10 MG Oral Tablet'],
    // Found by the interaction groups (issue #18): ACE inhibitor + thiazide + NSAID, Lapi F et al. BMJ 2013.
    cards: ['warning drug-interaction-groups: Major interaction: lisinopril + hydrochlorothiazide + naproxen ("triple whammy": ACE inhibitor or ARB, diuretic and NSAID)'] },
  '79a66c97-6131-3213-f3c9-4606946ab056': {
    name: 'Marine Upton (CKD stage 4 on metformin, but no creatinine recorded)',
    asOf: '1994-11-13',
    activeMeds: [
      '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet',
      '24 HR metoprolol succinate 100 MG Extended Release Oral Tablet',
      '24 HR tacrolimus 1 MG Extended Release Oral Tablet',
      'Nitroglycerin 0.4 MG/ACTUAT Mucosal Spray',
      'Simvastatin 20 MG Oral Tablet',
      'insulin isophane, human 70 UNT/ML / insulin, regular, human 30 UNT/ML Injectable Suspension [Humulin]',
      'lisinopril 10 MG Oral Tablet',
    ],
    cards: [],
  },
  'a5cb8ce9-cec6-6b23-0990-cbaf753578a4': { name: 'Elisa Johnson (sulfamethoxazole/trimethoprim allergy)', asOf: '2023-02-06', activeMeds: ['Alendronic acid 10 MG Oral Tablet', 'Simvastatin 10 MG Oral Tablet', 'ferrous sulfate 325 MG Oral Tablet'], cards: [] },
  'cbc86e51-9eca-3855-76ec-c058f72c5761': { name: 'Augustus Emmerich (aspirin allergy)', asOf: '2021-05-23', activeMeds: ['Fexofenadine hydrochloride 30 MG Oral Tablet', 'NDA020800 0.3 ML Epinephrine 1 MG/ML Auto-Injector'], cards: [] },
  'ca15b832-01e4-41dd-6a52-97bd3e5510cb': { name: 'Corrin Jast', asOf: '2023-03-22', activeMeds: ['Ibuprofen 400 MG Oral Tablet [Ibu]'], cards: [] },
  'fb7c882a-f897-e7c5-67e0-825e7fd55d15': { name: "Karena O'Keefe", asOf: '2022-11-06', activeMeds: ['Acetaminophen 325 MG Oral Tablet [Tylenol]', 'albuterol 0.21 MG/ML Inhalation Solution', 'budesonide 0.25 MG/ML Inhalation Suspension'], cards: [] },
};

let f: CdsFixture;
const lastEncounter = new Map<string, Date>();
const charts = new Map<string, FhirResource[]>();

describe.skipIf(!present)(`Synthea sample (${present ? dir : SHARED_DATA_MISSING})`, () => {
  beforeAll(async () => {
    f = openCds({ now: '2026-01-01T00:00:00.000Z' });
    await f.records.runImport('importer', dir!);
    const ids = f.records.database.prepare<[], string>("SELECT id FROM resources WHERE type = 'Patient'").pluck().all();
    for (const id of ids) {
      const rows = f.records.database.prepare<[string], string>('SELECT json FROM resources WHERE patient_id = ?').pluck().all(id);
      const resources = rows.map((r) => JSON.parse(r) as FhirResource);
      charts.set(id, resources);
      const last = resources.filter((r): r is Encounter => r.resourceType === 'Encounter').map((e) => e.period?.start ?? '').sort().at(-1)!;
      lastEncounter.set(id, new Date(last));
    }
  }, 60_000);
  afterAll(async () => {
    await f?.cds.shutdown();
    await f?.records.shutdown();
  });

  /** The service with its clock at a patient's last encounter. */
  const cdsAsOf = (patientId: string): CdsService => new CdsService({ records: () => f.records, now: () => lastEncounter.get(patientId)! });
  const describeCards = (cards: readonly Card[]): string[] => cards.map((c) => `${c.indicator} ${c.provenance.id}: ${c.summary}`);

  it('has the 13 patients and no Observations (so no vital-sign, lab, score or kidney-dosing rule has an input)', () => {
    expect(charts.size).toBe(13);
    expect(f.records.database.prepare("SELECT count(*) FROM resources WHERE type = 'Observation'").pluck().get()).toBe(0);
  });

  it.each(Object.entries(EXPECTED))('%s: the expected cards as of the last encounter', (patientId, expected) => {
    const chart = buildChartSnapshot(charts.get(patientId)!, patientId);
    expect(lastEncounter.get(patientId)!.toISOString().slice(0, 10)).toBe(expected.asOf); // UTC date
    expect(activeMedications(chart).map((m) => medicationDisplay(m)).sort()).toEqual(expected.activeMeds.sort());
    const { cards } = cdsAsOf(patientId).cardsForPatient('test', patientId);
    expect(describeCards(cards)).toEqual(expected.cards);
  });

  it('every other chart (children, patients without active medications) gives no card either, and no card ever cites a record that is not in the chart', () => {
    for (const [patientId, resources] of charts) {
      const { cards } = cdsAsOf(patientId).cardsForPatient('test', patientId);
      if (!EXPECTED[patientId]) expect(describeCards(cards), patientId).toEqual([]);
      const refs = new Set(resources.map((r) => `${r.resourceType}/${r.id}`));
      for (const c of cards) for (const t of c.triggeredBy) expect(refs.has(t), `${c.summary} cites ${t}`).toBe(true);
    }
  });

  const draft = (patientId: string, text: string): Record<string, unknown> => ({ resourceType: 'MedicationRequest', status: 'draft', intent: 'order', subject: { reference: `Patient/${patientId}` }, medicationCodeableConcept: { text } });

  it.each([
    ['cbc86e51-9eca-3855-76ec-c058f72c5761', 'Ibuprofen 400 MG Oral Tablet', ['warning drug-allergy: Ibuprofen: patient has a recorded allergy to Aspirin (same class)']],
    ['a5cb8ce9-cec6-6b23-0990-cbaf753578a4', 'Sulfamethoxazole 800 MG / Trimethoprim 160 MG Oral Tablet', ['warning drug-allergy: Sulfamethoxazole: patient has a recorded allergy to Sulfamethoxazole / Trimethoprim (same drug)']],
    ['79a66c97-6131-3213-f3c9-4606946ab056', 'Clarithromycin 500 MG Oral Tablet', ['critical drug-interactions: Contraindicated combination: simvastatin with clarithromycin (simvastatin or lovastatin with CYP3A4 inhibitors)']],
    // Metformin re-ordered in CKD stage 4: no creatinine is recorded, so the kidney rule has no input and stays silent.
    // The patient already takes extended-release metformin: duplicate therapy by ingredient (issue #18).
    ['79a66c97-6131-3213-f3c9-4606946ab056', 'metformin hydrochloride 500 MG Oral Tablet', ['warning duplicate-therapy: Duplicate therapy: metformin is in metformin hydrochloride 500 MG Oral Tablet and 24 HR Metformin hydrochloride 500 MG Extended Release Or…']],
    ['a5cb8ce9-cec6-6b23-0990-cbaf753578a4', 'Acetaminophen 325 MG Oral Tablet', []],
  ])('%s: ordering %s', (patientId, drug, expected) => {
    const { cards } = cdsAsOf(patientId).checkOrder('test', patientId, draft(patientId, drug));
    expect(describeCards(cards)).toEqual(expected);
  });
});
