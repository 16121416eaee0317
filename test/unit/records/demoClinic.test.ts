import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../electron/services/json';
import { demoAnchorFor, generateDemoClinic, generatePatient } from '../../../electron/services/records/demoClinic';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { openRecords } from './fixtures';

let s: RecordsService | undefined;
afterEach(async () => {
  await s?.shutdown();
});

describe('demo clinic', () => {
  it('is deterministic and holds the cases the rules should flag', () => {
    const a = generateDemoClinic();
    expect(canonicalJson(a.resources)).toBe(canonicalJson(generateDemoClinic().resources));
    expect(a.patients.length).toBe(12);
    const text = JSON.stringify(a.resources);
    for (const needle of ['simvastatin 20 MG Oral Tablet', 'clarithromycin 500 MG Oral Tablet', 'Allergy to penicillin', 'amoxicillin 500 MG Oral Capsule', '431857002', 'metformin', '49436004', 'warfarin sodium 5 MG Oral Tablet', '"8480-6"', '"9279-1"', '"2160-0"', '"4548-4"', '"6299-2"', '"59408-5"', '"8310-5"', '"2951-2"', '"2339-0"']) {
      expect(text, needle).toContain(needle);
    }
    const latest = (pid: string, code: string) =>
      a.resources
        .filter((r) => (r.subject as { reference?: string } | undefined)?.reference === `Patient/${pid}` && (JSON.stringify(r.code) ?? '').includes(`"${code}"`))
        .sort((x, y) => String(y.effectiveDateTime).localeCompare(String(x.effectiveDateTime)))[0];
    const value = (r: Record<string, unknown> | undefined) => (r?.valueQuantity as { value: number } | undefined)?.value;
    // The septic patient: RR 24, GCS 13 and room air at the latest visit (NEWS2 and qSOFA can be scored).
    expect(value(latest('demo-04', '9279-1'))).toBe(24);
    expect(value(latest('demo-04', '9269-2'))).toBe(13);
    expect(value(latest('demo-04', '3151-8'))).toBe(0);
    // Everyone else is alert (GCS 15) on room air at the latest visit.
    expect(value(latest('demo-09', '9269-2'))).toBe(15);
    // Hyperkalaemia on lisinopril: a critical potassium, with the laboratory's reference range.
    const k = latest('demo-10', '6298-4')!;
    expect(value(k)).toBe(6.8);
    expect(k.referenceRange).toEqual([{ low: { value: 3.5, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' }, high: { value: 5.1, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' } }]);
    // Creatinine ranges by sex; vitals carry no laboratory range.
    expect((latest('demo-10', '2160-0')!.referenceRange as { low: { value: number } }[])[0]!.low.value).toBe(0.7);
    expect((latest('demo-09', '2160-0')!.referenceRange as { low: { value: number } }[])[0]!.low.value).toBe(0.6);
    expect(latest('demo-10', '8867-4')!.referenceRange).toBeUndefined();
  });

  it('is dated back from its anchor: the same anchor gives the same clinic, the latest visits just before the anchor', () => {
    const anchor = demoAnchorFor(new Date('2026-11-29T15:42:00.000Z'));
    expect(anchor).toBe('2026-11-29T15:00:00.000Z');
    const a = generateDemoClinic({ anchor });
    expect(canonicalJson(a.resources)).toBe(canonicalJson(generateDemoClinic({ anchor }).resources));
    const dates = a.resources.map((r) => r.effectiveDateTime).filter((d): d is string => typeof d === 'string').sort();
    // Vitals 50 minutes before the anchor, labs drawn 15 minutes later; nothing in the future.
    expect(dates.at(-1)).toBe('2026-11-29T14:25:00.000Z');
    // Only the dates move: the values are those of the default anchor.
    const values = (rs: Record<string, unknown>[]) => rs.map((r) => JSON.stringify(r.valueQuantity ?? r.component ?? null));
    expect(values(a.resources)).toEqual(values(generateDemoClinic().resources));
  });

  it('is consistent with itself: clinic hours, problem onsets, notes and results agree (issue #19)', () => {
    const { resources } = generateDemoClinic();
    const of = (pid: string, type: string) => resources.filter((r) => r.resourceType === type && JSON.stringify(r).includes(`"Patient/${pid}"`));
    // Visits in clinic hours, never at midnight.
    for (const e of resources.filter((r) => r.resourceType === 'Encounter')) {
      const hour = new Date((e.period as { start: string }).start).getUTCHours();
      expect(hour, JSON.stringify(e.period)).toBeGreaterThanOrEqual(8);
      expect(hour).toBeLessThan(17);
    }
    // Problem onsets are dates; an acute pneumonia began days before the latest visit, hyperlipidaemia years before the first.
    const [lipids, pneumonia] = of('demo-01', 'Condition') as { onsetDateTime: string }[];
    expect(pneumonia!.onsetDateTime).toBe('2026-01-11');
    expect(lipids!.onsetDateTime < '2025-01-01').toBe(true);
    const firstVisit = (of('demo-01', 'Encounter') as { period: { start: string } }[]).map((e) => e.period.start).sort()[0]!;
    expect(lipids!.onsetDateTime < firstVisit).toBe(true);
    // Earlier notes do not mention today's pneumonia or today's clarithromycin.
    const notes = (of('demo-01', 'DocumentReference') as { date: string; content: { attachment: { data: string } }[] }[]).sort((x, y) => x.date.localeCompare(y.date));
    const text = (n: (typeof notes)[number]) => Buffer.from(n.content[0]!.attachment.data, 'base64').toString('utf8');
    expect(text(notes[0]!)).not.toMatch(/pneumonia|clarithromycin/i);
    expect(text(notes.at(-1)!)).toMatch(/pneumonia/);
    expect(text(notes.at(-1)!)).toMatch(/clarithromycin/);
    // CKD stage 4: creatinine raised at every visit, not only the latest.
    const creat = (of('demo-03', 'Observation') as { code: { coding: { code: string }[] }; valueQuantity?: { value: number } }[]).filter((o) => o.code.coding[0]!.code === '2160-0');
    expect(creat.length).toBeGreaterThan(1);
    for (const c of creat) expect(c.valueQuantity!.value).toBeGreaterThan(1.8);
    // The patient on warfarin has INRs with the target range.
    const inr = of('demo-06', 'Observation').filter((o) => JSON.stringify(o.code).includes('6301-6'));
    expect(inr.length).toBeGreaterThan(1);
  });

  it('loads into an empty store only when asked, and generates ~50 resources per benchmark patient', () => {
    s = openRecords();
    expect(s.isEmpty()).toBe(true);
    expect(s.hasDemoClinic()).toBe(false);
    const { summary } = s.seedDemoClinic('admin');
    expect(summary.created).toBeGreaterThan(500);
    expect(s.counts()).toMatchObject({ patients: 12, notes: 12 * 5 });
    expect(s.searchPatients('admin', 'okafor', 5)[0]!.id).toBe('demo-01');
    expect(s.seedDemoClinic('admin').summary.created).toBe(0);
    expect(s.hasDemoClinic()).toBe(true);
    const sizes = Array.from({ length: 20 }, (_, i) => generatePatient(7, i).length);
    const mean = sizes.reduce((x, y) => x + y, 0) / sizes.length;
    expect(mean).toBeGreaterThan(45);
    expect(mean).toBeLessThan(60);
  });
});
