/** Pure helpers for suggestion cards: order, provenance in words, feedback records. */
import type { Card, CardFeedback, Indicator, OverrideReasonCode, Provenance } from '../../../../electron/contract/schemas/card';
import { OVERRIDE_REASONS } from './overrideReasons';

const RANK: Record<Indicator, number> = { critical: 0, warning: 1, info: 2 };

/** Cards most urgent first; order within a level is kept (stable sort). */
export function byUrgency(cards: readonly Card[]): Card[] {
  return [...cards].sort((a, b) => RANK[a.indicator] - RANK[b.indicator]);
}

/** Cards grouped by indicator, most urgent group first. */
export function groupByIndicator(cards: readonly Card[]): { indicator: Indicator; cards: Card[] }[] {
  return (['critical', 'warning', 'info'] as const).map((indicator) => ({ indicator, cards: cards.filter((c) => c.indicator === indicator) })).filter((g) => g.cards.length > 0);
}

/** What the provenance line says, as pieces to translate: kind, id, version, provider, latency. */
export function provenanceParts(p: Provenance): { kind: 'rule' | 'model'; id: string; version: string; provider: string | null; ms: number } {
  return { kind: p.kind, id: p.id, version: p.version, provider: p.kind === 'model' ? (p.provider ?? null) : null, ms: Math.round(p.latencyMs) };
}

/** The feedback that records an accepted card. */
export function acceptedFeedback(card: Card, suggestionIds: readonly string[], now: Date): CardFeedback {
  return { card: card.uuid, outcome: 'accepted', acceptedSuggestions: suggestionIds.map((id) => ({ id })), outcomeTimestamp: now.toISOString() };
}

/** The feedback that records a dismissed (overridden) card with its reason. */
export function overriddenFeedback(card: Card, code: OverrideReasonCode, comment: string, now: Date): CardFeedback {
  const reason = OVERRIDE_REASONS.find((r) => r.code === code)!;
  const userComment = comment.trim();
  return {
    card: card.uuid,
    outcome: 'overridden',
    acceptedSuggestions: [],
    overrideReason: { reason, ...(userComment ? { userComment } : {}) },
    outcomeTimestamp: now.toISOString(),
  };
}

/** Why a dismissal cannot be sent yet (null when it can): a reason is needed, and 'other' needs words. */
export function dismissalProblem(code: OverrideReasonCode | '', comment: string): 'reason' | 'comment' | null {
  if (code === '') return 'reason';
  if (code === 'other' && !comment.trim()) return 'comment';
  return null;
}

/** The reasons a card offers: its own list, else the fixed list. */
export function reasonsFor(card: Card): readonly { code: OverrideReasonCode }[] {
  return card.overrideReasons.length > 0 ? card.overrideReasons : OVERRIDE_REASONS;
}
