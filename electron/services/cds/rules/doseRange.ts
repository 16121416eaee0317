/**
 * Dose-range check for the drugs with kidney rules: the structured daily dose against the
 * label maximum, and against a lower maximum where the latest eGFR (CKD-EPI 2021) calls for
 * one (knowledge/doseLimits.ts). Orders without a structured dose in mass units are not
 * dose-checked (the order form always writes one).
 */
import { ageAt, latestObservation, sexOf } from '../chart';
import { DOSE_LIMITS } from '../knowledge/doseLimits';
import { LOINC } from '../observationCodes';
import { ALL_OVERRIDE_REASONS, clip, fmt } from './cardText';
import { ckdEpi2021, creatinineMgdl } from './egfr';
import { ordersToCheck } from './medicationScope';
import { orderDailyMg } from './structuredDose';
import type { CdsRule, RuleFinding, RuleInput } from './types';

const egfrOf = (input: RuleInput): number | undefined => {
  const creat = latestObservation(input.chart, LOINC.creatinine, input.now);
  if (!creat) return undefined;
  const reading = creatinineMgdl(creat.value, creat.unit);
  const age = ageAt(input.chart.patient, new Date(creat.date));
  const sex = sexOf(input.chart.patient);
  if (!reading.ok || age === undefined || age < 18 || sex === undefined) return undefined;
  return ckdEpi2021(reading.mgdl, age, sex);
};

/** Dose-range rule. */
export const doseRangeRule: CdsRule = {
  id: 'dose-range',
  version: '1.0.0',
  title: 'Dose range (daily maximum, lower with reduced kidney function)',
  citation: 'US FDA prescribing information (DailyMed) for each drug; KDIGO 2022 diabetes in CKD guideline (metformin).',
  hooks: ['patient-view', 'order-sign'],
  evaluate(input) {
    const out: RuleFinding[] = [];
    let egfr: number | undefined | null = null;
    for (const o of ordersToCheck(input)) {
      const daily = orderDailyMg(o.order);
      if (daily === undefined) continue;
      for (const limit of DOSE_LIMITS.filter((l) => o.medication.ingredients.includes(l.ingredient))) {
        if (egfr === null) egfr = egfrOf(input);
        const renal = limit.renal && egfr !== undefined && egfr < limit.renal.below && egfr >= limit.renal.atOrAbove ? limit.renal : undefined;
        const max = renal ? renal.maxDailyMg : limit.maxDailyMg;
        if (daily <= max) continue;
        const citation = renal ? renal.citation : limit.citation;
        out.push({
          key: `${limit.ingredient}:${o.reference}`,
          summary: clip(`${limit.ingredient} ${fmt(daily, 0)} mg/day is above the maximum of ${max} mg/day${renal ? ` at eGFR ${Math.round(egfr ?? 0)}` : ''}`),
          indicator: 'warning',
          detail: `**${o.name}**: the ordered dose adds up to **${fmt(daily, 0)} mg a day**; the maximum is ${max} mg a day${renal ? ` with eGFR ${fmt(egfr ?? 0)} mL/min/1.73 m² (label maximum ${limit.maxDailyMg} mg)` : ''}. Check the dose and frequency.\n\nSource: ${citation}`,
          explanation: {
            kind: 'rule-trace',
            steps: [
              { label: 'Medication', value: `${o.name} → ${limit.ingredient}` },
              { label: 'Daily dose', value: `${fmt(daily, 1)} mg` },
              ...(renal ? [{ label: 'eGFR (CKD-EPI 2021)', value: `${fmt(egfr ?? 0)} mL/min/1.73 m²` }] : []),
              { label: 'Maximum', value: `${max} mg/day` },
            ],
            citation,
          },
          triggeredBy: [o.reference],
          inputs: { order: o.reference, ingredient: limit.ingredient, dailyMg: daily, max, egfr: renal ? egfr : null },
          source: { label: 'Dose range' },
          suggestions: o.isDraft ? [{ label: `Cancel the new order for ${o.name}`, actions: [{ type: 'delete', description: `Remove the draft order for ${o.name}`, resourceId: o.reference }] }] : [],
          overrideReasons: ALL_OVERRIDE_REASONS,
        });
      }
    }
    return out;
  },
};
