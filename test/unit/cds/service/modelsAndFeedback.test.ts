/**
 * Model triggers through the CDS service with fake models (the real inference host is tested
 * in test/unit/inference): a saved note gives "add to the problem list?" cards, accepting one
 * writes the Condition in one transaction with the feedback and the audit trail, an image gives
 * a finding card, a failing model or rule gives an error card for that source only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Card } from '../../../../electron/contract/schemas/card';
import { CardStore } from '../../../../electron/services/cds/cardStore';
import { stableUuid } from '../../../../electron/services/cds/hash';
import type { CdsRule } from '../../../../electron/services/cds/rulesEngine';
import { RULES } from '../../../../electron/services/cds/rulesEngine';
import { fakeModels, noteFor, openCds, type CdsFixture } from './helpers';

const NOW = '2026-01-15T12:00:00.000Z';
const open: CdsFixture[] = [];
afterEach(async () => {
  for (const f of open.splice(0)) {
    await f.cds.shutdown();
    await f.records.shutdown();
  }
});
function setUp(models: ReturnType<typeof fakeModels>, rules?: readonly CdsRule[]): CdsFixture {
  const f = openCds({ now: NOW, models, ...(rules ? { rules } : {}) });
  open.push(f);
  f.records.seedDemoClinic('dr.test');
  return f;
}
async function saveNote(f: CdsFixture, patientId: string, id: string, text: string): Promise<Card[]> {
  f.records.saveResource('dr.test', noteFor(patientId, id, text));
  f.cds.afterSave('DocumentReference', id);
  await f.cds.whenIdle();
  return f.cds.cardsForPatient('dr.test', patientId).cards.filter((c) => c.provenance.kind === 'model');
}
const problemTexts = (f: CdsFixture, patientId: string): string[] =>
  f.records.database
    .prepare<[string], string>("SELECT json FROM resources WHERE type = 'Condition' AND patient_id = ?")
    .pluck()
    .all(patientId)
    .map((j) => (JSON.parse(j) as { code: { text?: string; coding?: { display?: string }[] } }).code)
    .map((c) => c.text ?? c.coding?.[0]?.display ?? '');

describe('note saved', () => {
  it('suggests mentions that are not on the problem list, with the text spans, and accepting adds the Condition atomically', async () => {
    const f = setUp(fakeModels({ phrases: ['cystic fibrosis', 'hyperlipidemia'] }));
    const text = 'Known hyperlipidemia. Sister has cystic fibrosis; patient screened for cystic fibrosis as a child.';
    const cards = await saveNote(f, 'demo-01', 'note-cf', text);
    // Hyperlipidemia is on her problem list already: no card for it.
    expect(cards.map((c) => c.summary)).toEqual(['Add “cystic fibrosis” to the problem list?']);
    const card = cards[0]!;
    const first = text.indexOf('cystic fibrosis');
    const second = text.indexOf('cystic fibrosis', first + 1);
    expect(card.explanation).toEqual({
      kind: 'text-spans',
      spans: [
        { start: first, end: first + 15, label: 'cystic fibrosis', score: 0.91 },
        { start: second, end: second + 15, label: 'cystic fibrosis', score: 0.91 },
      ],
    });
    expect(card.provenance).toMatchObject({ kind: 'model', id: 'test-ner', version: '1.0.0', modelHash: 'a'.repeat(64), provider: 'cpu', latencyMs: 6 });
    expect(card.triggeredBy).toEqual(['DocumentReference/note-cf']);
    expect(f.events.some((e) => e.trigger === 'note-saved' && e.cardIds.includes(card.uuid))).toBe(true);

    const r = f.cds.feedback('dr.test', { card: card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: card.suggestions[0]!.uuid }], outcomeTimestamp: NOW });
    expect(r.applied).toEqual([{ type: 'create', reference: expect.stringMatching(/^Condition\//), outcome: 'created' }]);
    expect(problemTexts(f, 'demo-01')).toContain('cystic fibrosis');
    const audit = f.records.database.prepare<[], { action: string; target: string }>("SELECT action, target FROM audit_log WHERE action IN ('resource-create', 'cds-feedback') ORDER BY seq DESC LIMIT 2").all();
    expect(audit.map((a) => a.action).sort()).toEqual(['cds-feedback', 'resource-create']);
    const fb = f.records.database.prepare<[], { feedback_json: string; outcome: string }>('SELECT feedback_json, outcome FROM cds_feedback').get()!;
    expect(JSON.parse(fb.feedback_json)).toMatchObject({ card: card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: card.suggestions[0]!.uuid }] });

    // Reading the same note again changes nothing; an edited note is read again and, with the
    // problem now listed, suggests nothing (the earlier suggestion is history).
    const calls = (f.cds as unknown as { models: { textCalls: number } }).models.textCalls;
    expect(await saveNote(f, 'demo-01', 'note-cf', text)).toEqual([]);
    expect((f.cds as unknown as { models: { textCalls: number } }).models.textCalls).toBe(calls);
    expect(await saveNote(f, 'demo-01', 'note-cf', `${text} Reviewed.`)).toEqual([]);
  });

  it('a rejected action rolls back every change of the accepted suggestion', () => {
    const f = setUp(fakeModels());
    const good = { resourceType: 'Condition', subject: { reference: 'Patient/demo-01' }, code: { text: 'gout' } };
    const bad = { resourceType: 'Observation', subject: { reference: 'Patient/demo-01' } }; // no status or code: refused
    const seed = 'two-actions';
    const card = {
      uuid: stableUuid(seed),
      summary: 'Two changes',
      indicator: 'info',
      source: { label: 'test' },
      suggestions: [{ uuid: stableUuid(`${seed}|s`), label: 'Both', actions: [{ type: 'create', description: 'gout', resource: good }, { type: 'create', description: 'bad observation', resource: bad }] }],
      selectionBehavior: 'at-most-one',
      overrideReasons: [],
      links: [],
      provenance: { kind: 'rule', id: 'test', version: '1', inputHash: 'b'.repeat(64), latencyMs: 0 },
      patientId: 'demo-01',
      triggeredBy: [],
      explanation: { kind: 'rule-trace', steps: [], citation: 'test' },
    } as Card;
    new CardStore(f.records.database).record([card], 'suggest', NOW);
    const auditRows = f.records.verifyAudit().rows;
    expect(() => f.cds.feedback('dr.test', { card: card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: card.suggestions[0]!.uuid }], outcomeTimestamp: NOW })).toThrow(/Observation/);
    expect(problemTexts(f, 'demo-01')).not.toContain('gout');
    expect(f.records.verifyAudit().rows).toBe(auditRows);
    expect(new CardStore(f.records.database).get(card.uuid)!.status).toBe('active');
    expect(f.records.database.prepare('SELECT count(*) FROM cds_feedback').pluck().get()).toBe(0);
    // A suggestion the card does not offer is refused.
    expect(() => f.cds.feedback('dr.test', { card: card.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: stableUuid('other') }], outcomeTimestamp: NOW })).toThrow(/not one this card offers/);
  });

  it('without an active text pack a note gives no card; a failing model gives one error card for that model only', async () => {
    const none = setUp(fakeModels({ ner: false, phrases: ['gout'] }));
    expect(await saveNote(none, 'demo-11', 'n1', 'Gout flare.')).toEqual([]);
    expect(none.events.filter((e) => e.trigger === 'note-saved')).toEqual([]);

    const failing = setUp(fakeModels({ failText: true }));
    const cards = await saveNote(failing, 'demo-01', 'n2', 'Gout flare.');
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ status: 'error', indicator: 'warning', summary: 'Test disease tagger: could not run, not checked', provenance: { kind: 'model', id: 'test-ner' } });
    expect(cards[0]!.detail).toMatch(/the model file is damaged/);
    // The rules are unaffected.
    const all = failing.cds.cardsForPatient('dr.test', 'demo-01').cards;
    expect(all.some((c) => c.provenance.id === 'drug-interactions' && c.indicator === 'critical')).toBe(true);
  });
});

describe('image imported', () => {
  const xray = (patientId: string, id: string): Record<string, unknown> => ({
    resourceType: 'Media',
    id,
    status: 'completed',
    subject: { reference: `Patient/${patientId}` },
    content: { contentType: 'image/png', title: 'chest.png', data: Buffer.from('not really a png, the fake model does not care').toString('base64') },
  });

  it('gives a pattern-score card with the operating point, heatmap and the intended-use limits; an uncertain result says so', async () => {
    const f = setUp(fakeModels({ imageProbability: 0.45 }));
    f.records.saveResource('dr.test', xray('demo-01', 'cxr-1'));
    f.cds.afterSave('Media', 'cxr-1');
    await f.cds.whenIdle();
    const cards = f.cds.cardsForPatient('dr.test', 'demo-01').cards.filter((c) => c.provenance.kind === 'model');
    expect(cards.map((c) => [c.indicator, c.summary])).toEqual([['info', 'Test chest X-ray: pneumonia pattern score 0.45, too close to the threshold 0.48 to call; read the image']]);
    expect(cards[0]!.explanation).toEqual({ kind: 'heatmap', width: 2, height: 2, values: [0.1, 0.2, 0.3, 0.4] });
    expect(cards[0]!.detail).toMatch(/no answer/);
    expect(cards[0]!.detail).toMatch(/sensitivity 0\.95, specificity 0\.90; validation/);
    expect(cards[0]!.detail).toMatch(/not a diagnosis/);
    expect(cards[0]!.detail).toMatch(/Intended use.*Testing only/s);
    expect(cards[0]!.suggestions).toEqual([]);
  });

  it('a score above the threshold is a warning without a diagnosis: no codes, no problem-list suggestion; a demo pack says so first', async () => {
    const models = fakeModels({ imageProbability: 0.93, demo: true });
    const f = setUp(models);
    f.records.saveResource('dr.test', xray('demo-11', 'cxr-2'));
    f.cds.afterSave('Media', 'cxr-2');
    await f.cds.whenIdle();
    const [card] = f.cds.cardsForPatient('dr.test', 'demo-11').cards.filter((c) => c.provenance.kind === 'model');
    expect(card).toMatchObject({ indicator: 'warning', summary: 'Demo – not for diagnosis. Test chest X-ray: pneumonia pattern score 0.93, above the operating threshold 0.48; read the image' });
    expect(card!.suggestions).toEqual([]);
    expect(JSON.stringify(card)).not.toMatch(/233604007|J18/);
    expect(card!.detail).toMatch(/aged 1–5 years/);
    // A PNG without the clinician's confirmation is passed on as unconfirmed.
    expect(models.confirmedCalls).toEqual([false]);
  });

  it('a Media confirmed as a frontal chest X-ray is sent as confirmed', async () => {
    const models = fakeModels({ imageProbability: 0.1 });
    const f = setUp(models);
    f.records.saveResource('dr.test', { ...xray('demo-11', 'cxr-4'), bodySite: { coding: [{ system: 'http://snomed.info/sct', code: '51185008', display: 'Thoracic structure' }] }, view: { text: 'frontal (confirmed by the clinician)' } });
    f.cds.afterSave('Media', 'cxr-4');
    await f.cds.whenIdle();
    expect(models.confirmedCalls).toEqual([true]);
  });

  it('an image the pack refuses gives an info card with the reason and no score', async () => {
    const f = setUp(fakeModels({ imageRefusal: '"head.dcm" is a MR image; this model reads only frontal chest X-ray images (modality CR, DX). The image was not scored.' }));
    f.records.saveResource('dr.test', xray('demo-11', 'cxr-3'));
    f.cds.afterSave('Media', 'cxr-3');
    await f.cds.whenIdle();
    const cards = f.cds.cardsForPatient('dr.test', 'demo-11').cards.filter((c) => c.provenance.kind === 'model');
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ indicator: 'info', summary: 'Test chest X-ray: image not analysed (not what the model was trained on)' });
    expect(cards[0]!.status).not.toBe('error');
    expect(cards[0]!.detail).toMatch(/is a MR image/);
    expect(cards[0]!.detail).not.toMatch(/score \d/);
  });
});

describe('a failing rule', () => {
  it('gives one error card for that rule; the other rules still run', () => {
    const broken: CdsRule = { id: 'broken', version: '0.0.1', title: 'Broken rule', citation: 'test', hooks: ['patient-view'], evaluate: () => { throw new Error('boom'); } };
    const f = setUp(fakeModels({ ner: false, image: false }), [broken, ...RULES]);
    const cards = f.cds.cardsForPatient('dr.test', 'demo-01').cards;
    expect(cards.filter((c) => c.status === 'error').map((c) => c.provenance.id)).toEqual(['broken']);
    expect(cards.some((c) => c.provenance.id === 'drug-interactions')).toBe(true);
  });
});
