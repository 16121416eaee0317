import { describe, expect, it } from 'vitest';
import { OVERRIDE_REASONS, cardFeedbackSchema, cardSchema } from '../../../electron/contract/schemas/card';

const hash = 'a'.repeat(64);
const valid = {
  uuid: '123e4567-e89b-42d3-a456-426614174000',
  summary: 'Contraindicated combination',
  indicator: 'critical',
  source: { label: 'ONC', url: 'https://www.healthit.gov/' },
  detail: '**why**',
  provenance: { kind: 'rule', id: 'drug-interactions', version: '1.0.0', inputHash: hash, latencyMs: 1.5 },
  patientId: 'p1',
  triggeredBy: ['MedicationRequest/1'],
  explanation: { kind: 'rule-trace', steps: [{ label: 'a', value: 'b' }], citation: 'Phansalkar 2012' },
};

describe('card schema', () => {
  it('accepts a CDS Hooks card with Bedside provenance and fills empty lists', () => {
    const card = cardSchema.parse(valid);
    expect(card.suggestions).toEqual([]);
    expect(card.overrideReasons).toEqual([]);
  });

  it('rejects summaries of 140 characters or more (CDS Hooks 2.0: fewer than 140), non-https links and unknown indicators', () => {
    expect(cardSchema.safeParse({ ...valid, summary: 'x'.repeat(139) }).success).toBe(true);
    expect(cardSchema.safeParse({ ...valid, summary: 'x'.repeat(140) }).success).toBe(false);
    expect(cardSchema.safeParse({ ...valid, links: [{ label: 'x', url: 'https://example.org', type: 'absolute' }] }).success).toBe(true);
    expect(cardSchema.safeParse({ ...valid, links: [{ label: 'x', url: 'bedside://knowledge/onc-ddi#3', type: 'absolute' }] }).success).toBe(false);
    expect(cardSchema.safeParse({ ...valid, source: { label: 'x', url: 'http://x' } }).success).toBe(false);
    expect(cardSchema.safeParse({ ...valid, source: { label: 'x', url: 'bedside://knowledge/onc-ddi' } }).success).toBe(false);
    expect(cardSchema.safeParse({ ...valid, indicator: 'hard-stop' }).success).toBe(false);
  });

  it('requires selectionBehavior when suggestions are present', () => {
    const suggestions = [{ uuid: valid.uuid, label: 'Cancel', actions: [{ type: 'delete', description: 'x', resourceId: 'MedicationRequest/1' }] }];
    expect(cardSchema.safeParse({ ...valid, suggestions }).success).toBe(false);
    expect(cardSchema.safeParse({ ...valid, suggestions, selectionBehavior: 'at-most-one' }).success).toBe(true);
  });

  it('accepts each explanation kind', () => {
    expect(cardSchema.safeParse({ ...valid, explanation: { kind: 'text-spans', spans: [{ start: 0, end: 4, label: 'DISEASE', score: 0.9 }] } }).success).toBe(true);
    expect(cardSchema.safeParse({ ...valid, explanation: { kind: 'heatmap', width: 2, height: 1, values: [0, 1] } }).success).toBe(true);
    expect(cardSchema.safeParse({ ...valid, explanation: { kind: 'heatmap', width: 0, height: 1, values: [] } }).success).toBe(false);
  });
});

describe('override reasons', () => {
  it('carry a URN code system, and stored cards with the pre-#21 bedside:// system read as the current one', () => {
    for (const r of OVERRIDE_REASONS) expect(r.system).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const legacy = { ...valid, overrideReasons: [{ code: 'other', system: 'bedside://codesystem/override-reason', display: 'Other' }] };
    expect(cardSchema.parse(legacy).overrideReasons[0]!.system).toBe(OVERRIDE_REASONS[0].system);
  });
});

describe('feedback schema', () => {
  const other = OVERRIDE_REASONS.find((r) => r.code === 'other');
  it('needs a comment when the override reason is other', () => {
    const base = { card: valid.uuid, outcome: 'overridden', outcomeTimestamp: '2024-01-01T10:00:00Z' };
    expect(cardFeedbackSchema.safeParse({ ...base, overrideReason: { reason: other } }).success).toBe(false);
    expect(cardFeedbackSchema.safeParse({ ...base, overrideReason: { reason: other, userComment: 'seen by cardiology' } }).success).toBe(true);
  });
  it('rejects a reason outside the fixed list and accepted feedback without suggestions', () => {
    const base = { card: valid.uuid, outcome: 'overridden', outcomeTimestamp: '2024-01-01T10:00:00Z' };
    expect(cardFeedbackSchema.safeParse({ ...base, overrideReason: { reason: { code: 'busy', system: 'x', display: 'x' } } }).success).toBe(false);
    expect(cardFeedbackSchema.safeParse({ ...base, outcome: 'accepted' }).success).toBe(false);
    expect(cardFeedbackSchema.safeParse({ ...base, outcome: 'accepted', acceptedSuggestions: [{ id: valid.uuid }] }).success).toBe(true);
  });
});
