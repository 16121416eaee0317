/**
 * Drug–allergy check: recorded medication allergies (AllergyIntolerance) against orders, with
 * class cross-reactivity from knowledge/allergyClasses.ts (AAAAI/ACAAI 2022 practice
 * parameter, Khan DA et al., J Allergy Clin Immunol 2022;150:1333-1393).
 *
 * Indicator, and why:
 * - Same drug or same class (e.g. penicillin allergy → amoxicillin): critical, because a
 *   labelled allergy stands until it is evaluated and within-class cross-reactivity is the
 *   rule. Downgraded to warning only when the record says criticality 'low' (FHIR: "worst case
 *   of a future exposure is not assessed to be life-threatening") and lists no severe reaction.
 * - A different NSAID after an NSAID/aspirin reaction: warning (cross-reactive NSAID
 *   hypersensitivity is common but not certain).
 * - Aminopenicillin allergy → cephalosporin with the same R1 side chain: warning.
 * - Penicillin allergy → other cephalosporin or carbapenem: low cross-reactivity (1–2%, <1%):
 *   warning when the reaction was severe, criticality high or unrecorded; otherwise info.
 * - Sulfonamide-antibiotic allergy → non-antibiotic sulfonamide (furosemide,
 *   hydrochlorothiazide, celecoxib): no card (Strom BL et al., NEJM 2003;349:1628-1635).
 */
import type { AllergyIntolerance } from 'fhir/r4';
import type { Indicator } from '../../../contract/schemas/card';
import { activeAllergies, conceptTexts, referenceTo } from '../chart';
import { normaliseMedicationName } from '../drugNames';
import {
  ALLERGY_CLASSES,
  CLASS_ALIASES,
  CROSS_CLASS,
  SHARED_R1_SIDE_CHAIN,
  allergyClassesOf,
  type AllergyClassId,
  type AllergyRelation,
} from '../knowledge/allergyClasses';
import { ALL_OVERRIDE_REASONS, clip } from './cardText';
import { ordersToCheck, type ReadOrder } from './medicationScope';
import type { CdsRule, RuleFinding } from './types';

const CITATION =
  'Khan DA, Banerji A, Blumenthal KG, et al. Drug allergy: a 2022 practice parameter update. J Allergy Clin Immunol. 2022;150(6):1333-1393.';

/** What an allergy record names: ingredients and/or whole classes. */
export interface Allergen {
  readonly text: string;
  readonly ingredients: readonly string[];
  readonly classes: readonly AllergyClassId[];
}

const cleanAllergyText = (text: string): string =>
  text
    .toLowerCase()
    .replace(/\((substance|product|finding|disorder|medicinal product)\)/g, ' ')
    .replace(/^(history of )?(allergy|allergic reaction|hypersensitivity|intolerance) to /, '')
    .replace(/ (allergy|hypersensitivity|intolerance)$/, '')
    .replace(/^product containing /, '')
    .replace(/-containing product$/, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Reads what an allergy record names; undefined when nothing is recognised. */
export function readAllergen(allergy: AllergyIntolerance): Allergen | undefined {
  const texts = conceptTexts(allergy.code);
  for (const raw of texts) {
    const text = cleanAllergyText(raw);
    const aliased = CLASS_ALIASES[text];
    if (aliased) return { text: raw, ingredients: [], classes: [aliased] };
    const med = normaliseMedicationName(text);
    if (med.ingredients.length > 0 && med.unknown.length === 0) {
      const classes = [...new Set(med.ingredients.flatMap(allergyClassesOf))];
      return { text: raw, ingredients: med.ingredients, classes };
    }
  }
  return undefined;
}

const isMedicationAllergy = (a: AllergyIntolerance): boolean =>
  a.category === undefined || a.category.length === 0 || a.category.includes('medication');

/** True when the record lists a severe or life-threatening reaction. */
export function hasSevereReaction(a: AllergyIntolerance): boolean {
  return (a.reaction ?? []).some(
    (r) =>
      r.severity === 'severe' ||
      r.manifestation.some((m) =>
        conceptTexts(m).some((t) => /anaphyla|angioedema|stevens|epidermal necrolysis|dress|bronchospasm|laryngeal/i.test(t)),
      ),
  );
}

interface Match {
  readonly relation: AllergyRelation;
  readonly ingredient: string;
  readonly via: string;
  readonly note: string;
}

const RELATION_RANK: Record<AllergyRelation, number> = { 'same-drug': 0, 'same-class': 1, 'shared-side-chain': 2, 'cross-class': 3 };

/** How a drug ingredient relates to an allergen, strongest first, or undefined. */
export function relate(allergen: Allergen, ingredient: string): Match | undefined {
  if (allergen.ingredients.includes(ingredient)) {
    return { relation: 'same-drug', ingredient, via: ingredient, note: 'The recorded allergen is in this medication.' };
  }
  const drugClasses = allergyClassesOf(ingredient);
  const shared = drugClasses.find((c) => allergen.classes.includes(c));
  if (shared) {
    return {
      relation: 'same-class',
      ingredient,
      via: ALLERGY_CLASSES[shared].label,
      note:
        shared === 'nsaids'
          ? 'Cross-reactive NSAID hypersensitivity: reactions to one COX-1 inhibiting NSAID often recur with others (AAAAI/ACAAI 2022).'
          : `Both are ${ALLERGY_CLASSES[shared].label}; an allergy label applies to the class until evaluated (AAAAI/ACAAI 2022).`,
    };
  }
  const sideChainSource = allergen.ingredients.find((i) => SHARED_R1_SIDE_CHAIN[i]?.includes(ingredient));
  if (sideChainSource) {
    return {
      relation: 'shared-side-chain',
      ingredient,
      via: `${sideChainSource} R1 side chain`,
      note: `${ingredient} shares its R1 side chain with ${sideChainSource}: cross-reactivity is higher than for other cephalosporins (AAAAI/ACAAI 2022).`,
    };
  }
  const cross = CROSS_CLASS.find((c) => allergen.classes.includes(c.from) && drugClasses.includes(c.to));
  if (cross) return { relation: 'cross-class', ingredient, via: `${ALLERGY_CLASSES[cross.from].label} → ${ALLERGY_CLASSES[cross.to].label}`, note: cross.note };
  return undefined;
}

/** The indicator for a match, given how serious the recorded allergy is (see module comment). */
export function allergyIndicator(relation: AllergyRelation, via: string, allergy: AllergyIntolerance): Indicator {
  const severe = hasSevereReaction(allergy);
  const lowRisk = allergy.criticality === 'low' && !severe;
  switch (relation) {
    case 'same-drug':
      return lowRisk ? 'warning' : 'critical';
    case 'same-class':
      return via === ALLERGY_CLASSES.nsaids.label || lowRisk ? 'warning' : 'critical';
    case 'shared-side-chain':
      return 'warning';
    case 'cross-class':
      return severe || allergy.criticality !== 'low' ? 'warning' : 'info';
  }
}

const finding = (allergy: AllergyIntolerance, allergen: Allergen, order: ReadOrder, match: Match): RuleFinding => {
  const indicator = allergyIndicator(match.relation, match.via, allergy);
  const allergyRef = referenceTo(allergy);
  return {
    // One card per allergy and order: a combination product (e.g. sulfamethoxazole/trimethoprim)
    // must not give one identical-looking card per ingredient.
    key: `${allergyRef}:${order.reference}`,
    summary: clip(`${order.name.split(' ')[0] ?? order.name}: patient has a recorded allergy to ${allergen.text} (${match.relation.replace(/-/g, ' ')})`),
    indicator,
    detail: [
      `**${order.name}** contains **${match.ingredient}**. Recorded allergy: **${allergen.text}**` +
        ` (criticality ${allergy.criticality ?? 'not recorded'}${hasSevereReaction(allergy) ? ', severe reaction recorded' : ''}).`,
      '',
      match.note,
      '',
      indicator === 'critical'
        ? 'Choose an alternative, or consult allergy services before giving it.'
        : 'Review the allergy history; consider an alternative or a supervised challenge as the practice parameter advises.',
    ].join('\n'),
    explanation: {
      kind: 'rule-trace',
      steps: [
        { label: 'Allergy', value: `${allergen.text} → ${[...allergen.ingredients, ...allergen.classes].join(', ')}` },
        { label: 'Medication', value: `${order.name} → ${order.medication.ingredients.join(', ')}` },
        { label: 'Relation', value: `${match.relation} (${match.via})` },
        { label: 'Criticality', value: allergy.criticality ?? 'not recorded' },
        { label: 'Indicator', value: indicator },
      ],
      citation: CITATION,
    },
    triggeredBy: [allergyRef, order.reference],
    inputs: {
      allergy: { ref: allergyRef, allergen, criticality: allergy.criticality ?? null, severe: hasSevereReaction(allergy) },
      order: { ref: order.reference, ingredients: order.medication.ingredients },
      relation: match.relation,
    },
    source: { label: 'Drug allergy cross-reactivity (AAAAI/ACAAI 2022)' },
    suggestions: order.isDraft
      ? [
          {
            label: `Cancel the new order for ${order.name}`,
            isRecommended: indicator === 'critical',
            actions: [{ type: 'delete', description: `Remove the draft order for ${order.name}`, resourceId: order.reference }],
          },
        ]
      : [],
    overrideReasons: ALL_OVERRIDE_REASONS,
  };
};

/** Drug–allergy rule with class cross-reactivity. */
export const drugAllergyRule: CdsRule = {
  id: 'drug-allergy',
  version: '1.0.0',
  title: 'Drug–allergy check with class cross-reactivity',
  citation: CITATION,
  hooks: ['patient-view', 'order-sign'],
  evaluate(input) {
    const allergies = activeAllergies(input.chart).filter(isMedicationAllergy);
    if (allergies.length === 0) return [];
    const orders = ordersToCheck(input);
    if (orders.length === 0) return [];
    const out = new Map<string, RuleFinding>();
    const unread: AllergyIntolerance[] = [];
    for (const allergy of allergies) {
      const allergen = readAllergen(allergy);
      if (!allergen) {
        unread.push(allergy);
        continue;
      }
      for (const order of orders) {
        const matches = order.medication.ingredients.map((i) => relate(allergen, i)).filter((m): m is Match => m !== undefined);
        // The strongest relation among the order's ingredients decides the card.
        const best = matches.sort((a, b) => RELATION_RANK[a.relation] - RELATION_RANK[b.relation])[0];
        if (!best) continue;
        const f = finding(allergy, allergen, order, best);
        if (!out.has(f.key)) out.set(f.key, f);
      }
    }
    // Orders not in the drug vocabulary get the unresolved-medication card; here, allergy records Bedside cannot read.
    if (unread.length > 0) {
      const names = unread.map((a) => conceptTexts(a.code)[0] ?? '(allergy without a name)');
      out.set('not-checked', {
        key: 'not-checked',
        summary: clip(`Allergy check incomplete: ${names.length === 1 ? names[0] : `${names.length} items`} not recognised`),
        indicator: 'info',
        status: 'not-checked',
        detail: [
          'Bedside could not read these entries, so allergies have **not** been checked against them. This is not an all-clear.',
          '',
          ...names.map((n) => `- ${n}`),
        ].join('\n'),
        explanation: {
          kind: 'rule-trace',
          steps: names.map((n) => ({ label: 'Not recognised', value: n })),
          citation: CITATION,
        },
        triggeredBy: unread.map(referenceTo),
        inputs: { unread: names },
      });
    }
    return [...out.values()];
  },
};
