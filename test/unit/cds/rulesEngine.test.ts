import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FhirResource } from 'fhir/r4';
import { cardSchema } from '../../../electron/contract/schemas/card';
import { buildChartSnapshot } from '../../../electron/services/cds/chart';
import { sha256Canonical } from '../../../electron/services/cds/hash';
import { RULES, ruleRegistry, runRules, type CdsRule } from '../../../electron/services/cds/rulesEngine';
import { allergy, chartOf, draft, med, obs, patient } from './fixtures';

const now = new Date('2024-03-01T12:00:00Z');
const throwing: CdsRule = {
  id: 'always-broken',
  version: '0.0.1',
  title: 'Broken rule',
  citation: 'test',
  hooks: ['patient-view', 'order-sign'],
  evaluate() {
    throw new Error('boom');
  },
};

describe('rules engine', () => {
  it('a throwing rule yields one error card for that rule; the other rules still report', () => {
    const chart = chartOf(med('Simvastatin 20 MG Oral Tablet'), med('Clarithromycin 500 MG Oral Tablet'));
    const cards = runRules(chart, { rules: [throwing, ...RULES], now });
    const errors = cards.filter((c) => c.status === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.provenance.id).toBe('always-broken');
    expect(errors[0]?.detail).toContain('boom');
    expect(cards.some((c) => c.provenance.id === 'drug-interactions' && c.indicator === 'critical')).toBe(true);
  });

  it('fills provenance: rule id and version, sha256 of the inputs used, latency; ids are stable', () => {
    const chart = chartOf(patient('1949-02-01', 'female'), obs('38483-4', 2.5, 'mg/dL', '2024-02-28T09:00:00Z'), med('Metformin hydrochloride 500 MG Oral Tablet'));
    const [card] = runRules(chart, { now });
    expect(card?.provenance).toMatchObject({ kind: 'rule', id: 'renal-dosing', version: '1.0.0' });
    expect(card?.provenance.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(card?.provenance.latencyMs).toBeGreaterThanOrEqual(0);
    const again = runRules(chart, { now })[0];
    expect(again?.uuid).toBe(card?.uuid);
    expect(again?.provenance.inputHash).toBe(card?.provenance.inputHash);
    expect(sha256Canonical({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(sha256Canonical({ a: [1, { c: 3, d: 2 }], b: 1 }));
  });

  it('every card validates against the contract schema and is ordered critical → info', () => {
    const chart = chartOf(
      patient('1940-01-01', 'male'),
      allergy('Allergy to penicillin'),
      med('Amoxicillin 500 MG Oral Tablet'),
      med('Zorbulax 1 MG Oral Tablet'),
      obs('8867-4', 900, '/min', '2024-03-01T10:00:00Z'),
    );
    const cards = runRules(chart, { now });
    for (const c of cards) expect(cardSchema.safeParse(c).success).toBe(true);
    const rank = { critical: 0, warning: 1, info: 2 };
    expect(cards.map((c) => rank[c.indicator])).toEqual([...cards.map((c) => rank[c.indicator])].sort());
  });

  it('order-sign runs only order rules and checks the draft', () => {
    const chart = chartOf(med('Phenelzine sulfate 15 MG Oral Tablet'), obs('8867-4', 900, '/min', '2024-03-01T10:00:00Z'));
    const cards = runRules(chart, { now, draftOrders: [draft('Sertraline 50 MG Oral Tablet')] });
    expect(cards.map((c) => c.provenance.id)).toEqual(['drug-interactions']);
  });

  it('the registry lists every rule with id, version, title and citation', () => {
    const registry = ruleRegistry();
    expect(registry.map((r) => r.id)).toEqual([
      'drug-interactions', 'drug-interaction-groups', 'drug-allergy', 'unresolved-medication', 'duplicate-therapy', 'renal-dosing', 'dose-range', 'critical-values', 'score-news2', 'score-qsofa', 'score-curb65', 'score-cha2ds2vasc',
    ]);
    for (const r of registry) {
      expect(r.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(r.citation.length).toBeGreaterThan(10);
    }
  });

  const synthea = path.join(process.env.BEDSIDE_SHARED_DATA ?? path.resolve(__dirname, '../../../../shared/data'), 'synthea-10');
  it.skipIf(!fs.existsSync(synthea))('runs on every Synthea sample patient without error cards (needs shared data synthea-10)', () => {
    const resources: FhirResource[] = [];
    for (const file of fs.readdirSync(synthea).filter((f) => f.endsWith('.ndjson'))) {
      for (const line of fs.readFileSync(path.join(synthea, file), 'utf8').split('\n')) if (line.trim()) resources.push(JSON.parse(line) as FhirResource);
    }
    const patients = resources.filter((r) => r.resourceType === 'Patient');
    expect(patients.length).toBeGreaterThan(5);
    for (const p of patients) {
      const cards = runRules(buildChartSnapshot(resources, p.id), { now });
      for (const c of cards) {
        expect(c.status, c.summary).not.toBe('error');
        expect(c.patientId).toBe(p.id);
        expect(cardSchema.safeParse(c).success).toBe(true);
      }
    }
  });
});
