/**
 * Drug–drug interactions from the ONC high-priority list (Phansalkar S et al., JAMIA
 * 2012;19(5):735-743): any member of the object class with any member of the precipitant
 * class, matched on ingredients, so combination products and brands are covered.
 * patient-view: every pair in the active list. order-sign: each draft against the active list
 * and the other drafts. Medications whose names cannot be read are left to unresolvedMedication.ts.
 */
import { KNOWLEDGE_TOPIC_SYSTEM } from '../../../contract/schemas/card';
import { ONC_DDI, type OncInteraction } from '../knowledge/oncDdi';
import { ALL_OVERRIDE_REASONS, clip, inSentence } from './cardText';
import { ordersInScope, type ReadOrder } from './medicationScope';
import type { CdsRule, RuleFinding, RuleInput } from './types';

/** Interactions on the list between two ingredients (either direction). */
export function interactionsBetween(a: string, b: string): OncInteraction[] {
  if (a === b) return [];
  return ONC_DDI.interactions.filter(
    (i) =>
      (i.object.members.includes(a) && i.precipitant.members.includes(b)) ||
      (i.object.members.includes(b) && i.precipitant.members.includes(a)),
  );
}

/** Order pairs to check: drafts against the active list and each other (order-sign), or the active list (patient-view). */
export const pairsToCheck = (input: RuleInput): Array<[ReadOrder, ReadOrder]> => {
  const { active, drafts } = ordersInScope(input);
  const pairs: Array<[ReadOrder, ReadOrder]> = [];
  if (input.hook === 'order-sign') {
    drafts.forEach((d, i) => {
      for (const a of active) pairs.push([d, a]);
      for (const other of drafts.slice(i + 1)) pairs.push([d, other]);
    });
  } else {
    active.forEach((a, i) => {
      for (const b of active.slice(i + 1)) pairs.push([a, b]);
    });
  }
  return pairs;
};

const interactionFinding = (hit: OncInteraction, x: ReadOrder, xi: string, y: ReadOrder, yi: string): RuleFinding => {
  // Present the object drug first, as the table does.
  const [obj, objIng, pre, preIng] = hit.object.members.includes(xi) && hit.precipitant.members.includes(yi) ? [x, xi, y, yi] : [y, yi, x, xi];
  const draft = [x, y].find((o) => o.isDraft);
  const pair = [objIng, preIng].sort();
  return {
    key: `${hit.id}:${pair.join('+')}`,
    summary: clip(`Contraindicated combination: ${objIng} with ${preIng} (${inSentence(hit.title)})`),
    indicator: 'critical',
    detail: [
      `**${obj.name}** (${objIng}: ${hit.object.class}) with **${pre.name}** (${preIng}: ${hit.precipitant.class}).`,
      '',
      `**Mechanism.** ${hit.mechanism}`,
      '',
      `**Management.** ${hit.management}`,
      '',
      `Listed as ONC high-priority interaction ${hit.number}; Bedside severity: contraindicated.`,
    ].join('\n'),
    explanation: {
      kind: 'rule-trace',
      steps: [
        { label: 'Object drug', value: `${obj.name} → ${objIng}` },
        { label: 'Object class', value: hit.object.class },
        { label: 'Precipitant drug', value: `${pre.name} → ${preIng}` },
        { label: 'Precipitant class', value: hit.precipitant.class },
        { label: 'Interaction', value: `ONC high-priority #${hit.number}: ${hit.title}` },
        { label: 'Severity', value: 'contraindicated (critical)' },
      ],
      citation: ONC_DDI.citation,
    },
    triggeredBy: [obj.reference, pre.reference],
    inputs: { knowledge: `${ONC_DDI.id}@${ONC_DDI.version}`, interaction: hit.id, pair, orders: [obj.reference, pre.reference] },
    source: { label: 'ONC high-priority drug–drug interactions', topic: { system: KNOWLEDGE_TOPIC_SYSTEM, code: `onc-ddi#${hit.number}`, display: `Interaction ${hit.number}: ${hit.title}` } },
    suggestions: draft
      ? [
          {
            label: `Cancel the new order for ${draft.name}`,
            isRecommended: true,
            actions: [{ type: 'delete', description: `Remove the draft order for ${draft.name}`, resourceId: draft.reference }],
          },
        ]
      : [],
    overrideReasons: ALL_OVERRIDE_REASONS,
  };
};

/** ONC high-priority drug–drug interaction rule. */
export const drugInteractionRule: CdsRule = {
  id: 'drug-interactions',
  version: `1.0.0+${ONC_DDI.id}.${ONC_DDI.version}`,
  title: 'Drug–drug interactions (ONC high-priority list)',
  citation: ONC_DDI.citation,
  hooks: ['patient-view', 'order-sign'],
  evaluate(input) {
    const findings = new Map<string, RuleFinding>();
    for (const [x, y] of pairsToCheck(input)) {
      for (const xi of x.medication.ingredients) {
        for (const yi of y.medication.ingredients) {
          for (const hit of interactionsBetween(xi, yi)) {
            const f = interactionFinding(hit, x, xi, y, yi);
            const prior = findings.get(f.key);
            // The same pair through several orders (e.g. two simvastatin orders): one card naming all of them.
            const triggeredBy = prior ? [...new Set([...prior.triggeredBy, ...f.triggeredBy])] : f.triggeredBy;
            const base = prior ?? f;
            findings.set(f.key, { ...base, triggeredBy, inputs: { ...(base.inputs as object), orders: [...triggeredBy].sort() } });
          }
        }
      }
    }
    // Orders whose drug is not in the vocabulary get the unresolved-medication card.
    return [...findings.values()];
  },
};
