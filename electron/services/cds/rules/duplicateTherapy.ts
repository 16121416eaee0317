/**
 * Duplicate therapy: the same ingredient in two orders (ibuprofen and Advil), or two drugs of
 * one class where that is an error (knowledge/duplicateClasses.ts, classes from the WHO ATC
 * codes in the drug vocabulary). Same ingredient: warning; class: by the class's severity.
 */
import { atcCodesOf } from '../knowledge/drugVocabulary';
import { DUPLICATE_CLASSES, type DuplicateClass } from '../knowledge/duplicateClasses';
import { ALL_OVERRIDE_REASONS, clip } from './cardText';
import { pairsToCheck } from './drugInteractions';
import { SEVERITY_INDICATOR } from './interactionGroups';
import type { ReadOrder } from './medicationScope';
import type { CdsRule, RuleFinding } from './types';

/** The duplicate classes an ingredient belongs to. */
export function duplicateClassesOf(ingredient: string): DuplicateClass[] {
  const codes = atcCodesOf(ingredient);
  return DUPLICATE_CLASSES.filter((c) => !c.except?.includes(ingredient) && codes.some((code) => c.atc.some((p) => code.startsWith(p))));
}

const finding = (x: ReadOrder, y: ReadOrder, what: { key: string; summary: string; indicator: RuleFinding['indicator']; why: string; citation: string; ingredients: string[] }): RuleFinding => {
  const draft = [x, y].find((o) => o.isDraft);
  const refs = [x.reference, y.reference].sort();
  return {
    key: what.key,
    summary: clip(what.summary),
    indicator: what.indicator,
    detail: [`**${x.name}** and **${y.name}**: ${what.why}`, '', 'Stop one of them unless both are intended (e.g. a deliberate cross-over), and record why.'].join('\n'),
    explanation: {
      kind: 'rule-trace',
      steps: [
        { label: 'Order', value: `${x.name} → ${x.medication.ingredients.join(', ')}` },
        { label: 'Order', value: `${y.name} → ${y.medication.ingredients.join(', ')}` },
        { label: 'Duplicate', value: what.why },
      ],
      citation: what.citation,
    },
    triggeredBy: refs,
    inputs: { ingredients: what.ingredients, orders: refs },
    source: { label: 'Duplicate therapy' },
    suggestions: draft
      ? [{ label: `Cancel the new order for ${draft.name}`, isRecommended: true, actions: [{ type: 'delete', description: `Remove the draft order for ${draft.name}`, resourceId: draft.reference }] }]
      : [],
    overrideReasons: ALL_OVERRIDE_REASONS,
  };
};

/** Duplicate therapy by ingredient and by ATC class. */
export const duplicateTherapyRule: CdsRule = {
  id: 'duplicate-therapy',
  version: '1.0.0',
  title: 'Duplicate therapy (same ingredient or same class)',
  citation: 'WHO ATC classification (WHOCC ATC/DDD index) for classes; each class cites its source in knowledge/duplicateClasses.ts.',
  hooks: ['patient-view', 'order-sign'],
  evaluate(input) {
    const out = new Map<string, RuleFinding>();
    for (const [x, y] of pairsToCheck(input)) {
      const same = x.medication.ingredients.filter((i) => y.medication.ingredients.includes(i));
      if (same.length > 0) {
        const f = finding(x, y, {
          key: `ingredient:${same.join('+')}:${[x.reference, y.reference].sort().join('+')}`,
          summary: `Duplicate therapy: ${same.join(', ')} is in ${x.name} and ${y.name}`,
          indicator: 'warning',
          why: `both contain ${same.join(' and ')}: the doses add up.`,
          citation: 'Same ingredient in two orders (drug vocabulary ingredients; brands and combination products resolved to ingredients).',
          ingredients: same,
        });
        out.set(f.key, f);
        continue;
      }
      for (const a of x.medication.ingredients) {
        for (const b of y.medication.ingredients) {
          for (const c of duplicateClassesOf(a).filter((k) => duplicateClassesOf(b).includes(k))) {
            const f = finding(x, y, {
              key: `class:${c.id}:${[a, b].sort().join('+')}`,
              summary: `Duplicate therapy: two ${c.label} (${a} and ${b})`,
              indicator: SEVERITY_INDICATOR[c.severity],
              why: `${a} and ${b} are both ${c.label} (ATC ${[...atcCodesOf(a), ...atcCodesOf(b)].join(', ')}).`,
              citation: c.citation,
              ingredients: [a, b].sort(),
            });
            if (!out.has(f.key)) out.set(f.key, f);
          }
        }
      }
    }
    return [...out.values()];
  },
};
