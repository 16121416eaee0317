/**
 * Renal dosing alerts: latest creatinine → CKD-EPI 2021 eGFR → thresholds in
 * knowledge/renalDrugs.ts (FDA 2016 metformin communication; AGS Beers Criteria 2023).
 * No creatinine, age or sex → no card (nothing to say about doses). An implausible creatinine
 * in a patient on a listed drug → a warning "not scored", never an eGFR.
 */
import { ageAt, latestObservation, sexOf, type ObservationValue } from '../chart';
import { RENAL_DRUGS, type RenalDrug, type RenalThreshold } from '../knowledge/renalDrugs';
import { LOINC } from '../observationCodes';
import { ALL_OVERRIDE_REASONS, clip, fmt } from './cardText';
import { ckdEpi2021, creatinineMgdl, gfrCategory } from './egfr';
import { ordersToCheck, type ReadOrder } from './medicationScope';
import type { CdsRule, RuleFinding } from './types';

const CITATION =
  'Inker LA et al. NEJM 2021;385:1737-1749 (CKD-EPI 2021); FDA Drug Safety Communication 2016-04-08 (metformin); AGS Beers Criteria 2023, J Am Geriatr Soc 2023;71:2052-2081.';

/** The band of a drug's thresholds that an eGFR falls in, if any. */
export function renalThreshold(drug: RenalDrug, egfr: number): RenalThreshold | undefined {
  return drug.thresholds.find((t) => egfr < t.below && egfr >= t.atOrAbove);
}

const listedDrugs = (orders: readonly ReadOrder[]): Array<{ order: ReadOrder; drug: RenalDrug }> =>
  orders.flatMap((order) =>
    RENAL_DRUGS.filter((d) => d.ingredients.some((i) => order.medication.ingredients.includes(i))).map((drug) => ({ order, drug })),
  );

const implausibleFinding = (creat: ObservationValue, reason: string, orders: ReadOrder[]): RuleFinding => ({
  key: `implausible:${creat.reference}`,
  summary: clip(`Creatinine ${creat.value} ${creat.unit} looks implausible: kidney dosing not checked`),
  indicator: 'warning',
  status: 'not-checked',
  detail: `The latest creatinine (${creat.value} ${creat.unit}, ${creat.date}) is outside the plausible range (${reason}). Bedside has not estimated GFR or checked doses of ${orders.map((o) => o.name).join(', ')}. Check the result and repeat it if needed.`,
  explanation: {
    kind: 'rule-trace',
    steps: [
      { label: 'Creatinine', value: `${creat.value} ${creat.unit} on ${creat.date}` },
      { label: 'Check', value: reason },
    ],
    citation: CITATION,
  },
  triggeredBy: [creat.reference, ...orders.map((o) => o.reference)],
  inputs: { creatinine: creat, orders: orders.map((o) => o.reference) },
});

/** Renal dosing rule. */
export const renalDosingRule: CdsRule = {
  id: 'renal-dosing',
  version: '1.0.0',
  title: 'Kidney function dosing (CKD-EPI 2021 eGFR)',
  citation: CITATION,
  hooks: ['patient-view', 'order-sign'],
  evaluate(input) {
    const relevant = listedDrugs(ordersToCheck(input));
    if (relevant.length === 0) return [];
    const creat = latestObservation(input.chart, LOINC.creatinine, input.now);
    const age = ageAt(input.chart.patient, creat ? new Date(creat.date) : input.now);
    const sex = sexOf(input.chart.patient);
    if (!creat) return [];
    const reading = creatinineMgdl(creat.value, creat.unit);
    if (!reading.ok) return [implausibleFinding(creat, reading.reason, relevant.map((r) => r.order))];
    if (age === undefined || age < 18 || sex === undefined) return [];
    const egfr = ckdEpi2021(reading.mgdl, age, sex);
    const out: RuleFinding[] = [];
    for (const { order, drug } of relevant) {
      const band = renalThreshold(drug, egfr);
      if (!band) continue;
      const crcl = drug.sourceUsesCrCl ? ' The source states creatinine clearance; eGFR is used here as its estimate.' : '';
      out.push({
        key: `${drug.id}:${order.reference}`,
        summary: clip(`${drug.label} with eGFR ${Math.round(egfr)}: ${band.indicator === 'critical' ? 'contraindicated' : 'review dose or avoid'}`),
        indicator: band.indicator,
        detail: `${band.advice}${crcl}\n\neGFR ${fmt(egfr)} mL/min/1.73 m² (CKD-EPI 2021, KDIGO ${gfrCategory(egfr)}) from creatinine ${creat.value} ${creat.unit} on ${creat.date}.\n\nSource: ${drug.citation}`,
        explanation: {
          kind: 'rule-trace',
          steps: [
            { label: 'Creatinine', value: `${creat.value} ${creat.unit} (${fmt(reading.mgdl, 2)} mg/dL) on ${creat.date}` },
            { label: 'Age at result', value: `${age} years` },
            { label: 'Sex', value: sex },
            { label: 'eGFR (CKD-EPI 2021)', value: `${fmt(egfr)} mL/min/1.73 m²` },
            { label: 'Medication', value: `${order.name} → ${drug.label}` },
            { label: 'Threshold', value: `eGFR ${band.atOrAbove > 0 ? `${band.atOrAbove}–` : '<'}${band.below}${band.atOrAbove > 0 ? ' (below upper bound)' : ''}` },
          ],
          citation: drug.citation,
        },
        triggeredBy: [creat.reference, order.reference],
        inputs: { creatinine: { value: creat.value, unit: creat.unit, date: creat.date }, age, sex, drug: drug.id, order: order.reference },
        source: { label: 'Kidney function dosing' },
        suggestions: order.isDraft
          ? [{ label: `Cancel the new order for ${order.name}`, isRecommended: band.indicator === 'critical', actions: [{ type: 'delete', description: `Remove the draft order for ${order.name}`, resourceId: order.reference }] }]
          : [],
        overrideReasons: ALL_OVERRIDE_REASONS,
      });
    }
    return out;
  },
};
