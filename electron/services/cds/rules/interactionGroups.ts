/**
 * Interaction groups beyond the ONC list (knowledge/interactionGroups.ts): anticoagulant +
 * NSAID or antiplatelet, serotonergic and QT-prolonging combinations, hyperkalaemia, the
 * "triple whammy", methotrexate + trimethoprim and others, each cited. A pair the ONC rule
 * already reports is left to it (one card per pair). Severity → indicator: contraindicated →
 * critical (interrupts), major → warning, moderate → info (Phansalkar 2012/2013).
 */
import { KNOWLEDGE_TOPIC_SYSTEM, type Indicator } from '../../../contract/schemas/card';
import { INTERACTION_GROUPS, type InteractionGroup, type InteractionSeverity } from '../knowledge/interactionGroups';
import { ALL_OVERRIDE_REASONS, clip, inSentence } from './cardText';
import { interactionsBetween, pairsToCheck } from './drugInteractions';
import { ordersInScope, type ReadOrder } from './medicationScope';
import type { CdsRule, RuleFinding, RuleInput } from './types';

/** The card indicator for a severity. */
export const SEVERITY_INDICATOR: Readonly<Record<InteractionSeverity, Indicator>> = { contraindicated: 'critical', major: 'warning', moderate: 'info' };

interface Hit {
  readonly order: ReadOrder;
  readonly ingredient: string;
}

const SEVERITY_WORD: Record<InteractionSeverity, string> = { contraindicated: 'Contraindicated combination', major: 'Major interaction', moderate: 'Interaction' };

const groupFinding = (g: InteractionGroup, hits: readonly Hit[]): RuleFinding => {
  const indicator = SEVERITY_INDICATOR[g.severity];
  const ingredients = hits.map((h) => h.ingredient);
  const draft = hits.find((h) => h.order.isDraft)?.order;
  const refs = [...new Set(hits.map((h) => h.order.reference))];
  return {
    // One card per group and set of orders (co-trimoxazole: trimethoprim and sulfamethoxazole, one card).
    key: `${g.id}:${[...refs].sort().join('+')}`,
    summary: clip(`${SEVERITY_WORD[g.severity]}: ${ingredients.join(' + ')} (${inSentence(g.title)})`),
    indicator,
    detail: [
      hits.map((h, i) => `**${h.order.name}** (${h.ingredient}: ${g.sides[i]?.label ?? ''})`).join(' with ') + '.',
      '',
      `**Mechanism.** ${g.mechanism}`,
      '',
      `**Management.** ${g.management}`,
      '',
      `Severity: ${g.severity} (${indicator === 'critical' ? 'interrupts the order' : 'shown without interrupting'}).`,
    ].join('\n'),
    explanation: {
      kind: 'rule-trace',
      steps: [
        ...hits.map((h, i) => ({ label: g.sides[i]?.label ?? 'drug', value: `${h.order.name} → ${h.ingredient}` })),
        { label: 'Interaction', value: g.title },
        { label: 'Severity', value: `${g.severity} (${indicator})` },
      ],
      citation: g.citation,
    },
    triggeredBy: refs,
    inputs: { group: g.id, ingredients: [...ingredients].sort(), orders: [...refs].sort() },
    source: { label: g.title, topic: { system: KNOWLEDGE_TOPIC_SYSTEM, code: `interactions#${g.id}`, display: g.title } },
    suggestions: draft
      ? [{ label: `Cancel the new order for ${draft.name}`, isRecommended: indicator === 'critical', actions: [{ type: 'delete', description: `Remove the draft order for ${draft.name}`, resourceId: draft.reference }] }]
      : [],
    overrideReasons: ALL_OVERRIDE_REASONS,
  };
};

const pairHits = (g: InteractionGroup, x: ReadOrder, y: ReadOrder): Hit[][] => {
  const [s0, s1] = g.sides;
  if (!s0 || !s1) return [];
  const out: Hit[][] = [];
  for (const a of x.medication.ingredients) {
    for (const b of y.medication.ingredients) {
      if (a === b || interactionsBetween(a, b).length > 0) continue; // same drug: duplicate therapy; ONC pair: the ONC rule
      if (s0.members.includes(a) && s1.members.includes(b)) out.push([{ order: x, ingredient: a }, { order: y, ingredient: b }]);
      else if (s0.members.includes(b) && s1.members.includes(a)) out.push([{ order: y, ingredient: b }, { order: x, ingredient: a }]);
    }
  }
  return out;
};

/** All-sides groups (triple whammy): one order per side, distinct orders, at least one draft on order-sign. */
const tripleHits = (g: InteractionGroup, input: RuleInput): Hit[][] => {
  const { active, drafts } = ordersInScope(input);
  const orders = input.hook === 'order-sign' ? [...drafts, ...active] : active;
  const perSide = g.sides.map((side) => orders.flatMap((o) => o.medication.ingredients.filter((i) => side.members.includes(i)).map((ingredient) => ({ order: o, ingredient }))));
  const out: Hit[][] = [];
  const walk = (i: number, chosen: Hit[]) => {
    if (i === perSide.length) {
      if (input.hook === 'patient-view' || chosen.some((h) => h.order.isDraft)) out.push(chosen);
      return;
    }
    for (const h of perSide[i] ?? []) if (!chosen.some((c) => c.order === h.order || c.ingredient === h.ingredient)) walk(i + 1, [...chosen, h]);
  };
  walk(0, []);
  return out;
};

/** Cited interaction groups beyond the ONC list. */
export const interactionGroupRule: CdsRule = {
  id: 'drug-interaction-groups',
  version: '1.0.0',
  title: 'Drug–drug interactions (cited groups beyond the ONC list)',
  citation: 'See each group in knowledge/interactionGroups.ts; severity split after Phansalkar S et al. JAMIA 2012;19:735-743 and JAMIA 2013;20:489-493.',
  hooks: ['patient-view', 'order-sign'],
  evaluate(input) {
    const findings = new Map<string, RuleFinding>();
    const pairs = pairsToCheck(input);
    for (const g of INTERACTION_GROUPS) {
      const hits = g.sides.length === 2 ? pairs.flatMap(([x, y]) => pairHits(g, x, y)) : tripleHits(g, input);
      for (const h of hits) {
        const f = groupFinding(g, h);
        if (!findings.has(f.key)) findings.set(f.key, f);
      }
    }
    return [...findings.values()];
  },
};
