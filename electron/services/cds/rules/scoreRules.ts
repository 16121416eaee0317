/**
 * Turns the scores into cards. When is a score shown (to avoid noise)?
 * - NEWS2: adults (or unknown age) with at least one NEWS2 vital sign in the last 24 h.
 * - qSOFA: an active infection-type condition and at least one qSOFA input in the last 24 h.
 * - CURB-65: an active pneumonia.
 * - CHA2DS2-VASc: atrial fibrillation recorded.
 * When the score applies but an input is missing, one info card says "not enough data: needs X"
 * (status 'not-checked'); when it does not apply, no card at all.
 */
import type { Indicator } from '../../../contract/schemas/card';
import { activeConditions, ageAt, recordedConditions, referenceTo, sexOf, type ObservationValue } from '../chart';
import { LOINC } from '../observationCodes';
import { clip } from './cardText';
import {
  ATRIAL_FIBRILLATION,
  DIABETES,
  HEART_FAILURE,
  HYPERTENSION,
  INFECTION,
  PNEUMONIA,
  STROKE_TIA_TE,
  VASCULAR_DISEASE,
  matchingConditions,
} from './conditionSets';
import { cha2ds2Vasc } from './scores/cha2ds2vasc';
import { curb65 } from './scores/curb65';
import { news2, type Acvpu } from './scores/news2';
import { qsofa } from './scores/qsofa';
import { celsius, insufficientText, recentObservation, type ScoreResult } from './scores/scoreTypes';
import type { CdsRule, RuleFinding, RuleInput } from './types';
import { medicationScopeIngredients } from './scoreMedications';
import { atcCodesOf } from '../knowledge/drugVocabulary';

interface ScoreCardSpec {
  readonly name: string;
  readonly citation: string;
  readonly slug: string;
  readonly indicator: (r: Extract<ScoreResult, { status: 'scored' }>) => Indicator;
  readonly extraTriggers: readonly string[];
}

const vitals = (input: RuleInput) => {
  const get = (codes: readonly string[]): ObservationValue | undefined => recentObservation(input.chart, codes, input.now);
  return {
    rr: get(LOINC.respiratoryRate),
    hr: get(LOINC.heartRate),
    sbp: get(LOINC.systolic),
    dbp: get(LOINC.diastolic),
    temp: get(LOINC.temperature),
    spo2: get(LOINC.spo2),
    gcs: get(LOINC.gcs),
    o2flow: get(LOINC.inhaledOxygenFlow),
    fio2: get(LOINC.inhaledOxygenConcentration),
  };
};

/** Supplemental oxygen from flow (3151-8, >0 L/min) or FiO2 (3150-0, >21%); undefined when neither is recorded. */
export function onOxygen(flow: ObservationValue | undefined, fio2: ObservationValue | undefined): boolean | undefined {
  if (flow) return flow.value > 0;
  if (fio2) return (fio2.value <= 1 ? fio2.value * 100 : fio2.value) > 21;
  return undefined;
}

/** ACVPU from a GCS total: 15 is Alert; below 15 is counted as new confusion (3 points), as qSOFA does. */
export function acvpuFromGcs(gcs: number | undefined): Acvpu | undefined {
  return gcs === undefined ? undefined : gcs >= 15 ? 'A' : 'C';
}

const scoreFinding = (spec: ScoreCardSpec, result: ScoreResult, used: ReadonlyArray<ObservationValue | undefined>, inputs: unknown): RuleFinding => {
  const triggeredBy = [...new Set([...used.filter((u): u is ObservationValue => u !== undefined).map((u) => u.reference), ...spec.extraTriggers])];
  const source = { label: spec.name };
  if (result.status === 'insufficient') {
    return {
      key: `${spec.slug}:insufficient`,
      summary: clip(insufficientText(spec.name, result.missing)),
      indicator: 'info',
      status: 'not-checked',
      detail: `${spec.name} was not calculated: ${result.missing.join(', ')} ${result.missing.length === 1 ? 'is' : 'are'} not recorded in the time window. Bedside does not guess missing values.`,
      explanation: { kind: 'rule-trace', steps: result.missing.map((m) => ({ label: 'Missing', value: m })), citation: spec.citation },
      triggeredBy,
      inputs,
      source,
    };
  }
  return {
    key: `${spec.slug}:score`,
    summary: clip(`${spec.name} ${result.score} (${result.band.replace(/-/g, ' ')})`),
    indicator: spec.indicator(result),
    detail: [
      result.interpretation,
      '',
      '| Input | Value | Points |',
      '| --- | --- | --- |',
      ...result.inputs.map((l) => `| ${l.label} | ${l.value} | ${l.points} |`),
    ].join('\n'),
    explanation: {
      kind: 'rule-trace',
      steps: [...result.inputs.map((l) => ({ label: l.label, value: `${l.value} → ${l.points}` })), { label: 'Total', value: String(result.score) }],
      citation: spec.citation,
    },
    triggeredBy,
    inputs,
    source,
  };
};

const NEWS2_CITATION = 'Royal College of Physicians. National Early Warning Score (NEWS) 2. London: RCP, 2017.';

/** NEWS2 rule. */
export const news2Rule: CdsRule = {
  id: 'score-news2',
  version: '1.0.0',
  title: 'NEWS2 early warning score',
  citation: NEWS2_CITATION,
  hooks: ['patient-view'],
  evaluate(input) {
    const age = ageAt(input.chart.patient, input.now);
    if (age !== undefined && age < 16) return []; // RCP 2017: not for under-16s
    const v = vitals(input);
    const used = [v.rr, v.spo2, v.o2flow ?? v.fio2, v.sbp, v.hr, v.gcs, v.temp];
    if (![v.rr, v.spo2, v.sbp, v.hr, v.gcs, v.temp].some((x) => x !== undefined)) return [];
    const temperatureC = v.temp ? celsius(v.temp.value, v.temp.unit) : undefined;
    const values = {
      respiratoryRate: v.rr?.value,
      spo2: v.spo2?.value,
      onOxygen: onOxygen(v.o2flow, v.fio2),
      systolic: v.sbp?.value,
      pulse: v.hr?.value,
      consciousness: acvpuFromGcs(v.gcs?.value),
      temperatureC: temperatureC === undefined ? undefined : Math.round(temperatureC * 10) / 10,
    };
    const result = news2(values);
    return [
      scoreFinding(
        {
          name: 'NEWS2',
          citation: NEWS2_CITATION,
          slug: 'news2',
          extraTriggers: [],
          indicator: (r) => (r.band === 'high' ? 'critical' : r.band === 'medium' || r.band === 'low-medium' ? 'warning' : 'info'),
        },
        result,
        used,
        values,
      ),
    ];
  },
};

const QSOFA_CITATION = 'Seymour CW et al. Assessment of clinical criteria for sepsis. JAMA. 2016;315(8):762-774.';

/** qSOFA rule (suspected infection only). */
export const qsofaRule: CdsRule = {
  id: 'score-qsofa',
  version: '1.0.0',
  title: 'qSOFA in suspected infection',
  citation: QSOFA_CITATION,
  hooks: ['patient-view'],
  evaluate(input) {
    const infections = matchingConditions(activeConditions(input.chart), INFECTION);
    if (infections.length === 0) return [];
    const v = vitals(input);
    if (![v.rr, v.sbp, v.gcs].some((x) => x !== undefined)) return [];
    const values = { respiratoryRate: v.rr?.value, systolic: v.sbp?.value, gcs: v.gcs?.value };
    const result = qsofa(values);
    return [
      scoreFinding(
        { name: 'qSOFA', citation: QSOFA_CITATION, slug: 'qsofa', extraTriggers: infections.map(referenceTo), indicator: (r) => (r.score >= 2 ? 'warning' : 'info') },
        result,
        [v.rr, v.sbp, v.gcs],
        values,
      ),
    ];
  },
};

const CURB65_CITATION = 'Lim WS et al. Defining community acquired pneumonia severity on presentation to hospital. Thorax. 2003;58(5):377-382.';

/** CURB-65 rule (active pneumonia only). */
export const curb65Rule: CdsRule = {
  id: 'score-curb65',
  version: '1.0.0',
  title: 'CURB-65 pneumonia severity',
  citation: CURB65_CITATION,
  hooks: ['patient-view'],
  evaluate(input) {
    const pneumonia = matchingConditions(activeConditions(input.chart), PNEUMONIA);
    if (pneumonia.length === 0) return [];
    const v = vitals(input);
    // Labs may be a little older than vitals: look back 72 h for urea.
    const urea = recentObservation(input.chart, LOINC.ureaMolar, input.now, 72);
    const bun = urea ? undefined : recentObservation(input.chart, LOINC.ureaNitrogen, input.now, 72);
    const values = {
      confusion: v.gcs === undefined ? undefined : v.gcs.value < 15,
      ureaMmolL: urea?.value,
      bunMgDl: bun?.value,
      respiratoryRate: v.rr?.value,
      systolic: v.sbp?.value,
      diastolic: v.dbp?.value,
      age: ageAt(input.chart.patient, input.now),
    };
    return [
      scoreFinding(
        { name: 'CURB-65', citation: CURB65_CITATION, slug: 'curb65', extraTriggers: pneumonia.map(referenceTo), indicator: (r) => (r.score >= 3 ? 'warning' : 'info') },
        curb65(values),
        [v.gcs, urea ?? bun, v.rr, v.sbp, v.dbp],
        values,
      ),
    ];
  },
};

const CHA2DS2VASC_CITATION =
  'Lip GYH et al. Chest. 2010;137(2):263-272; Hindricks G et al. 2020 ESC Guidelines for atrial fibrillation. Eur Heart J. 2021;42:373-498.';

/** Oral anticoagulants that count as stroke prevention in AF (ESC 2020), by WHO ATC class: vitamin K antagonists, direct thrombin and factor Xa inhibitors. */
const ANTICOAGULANT_ATC = ['B01AA', 'B01AE', 'B01AF'];
const isAnticoagulant = (ingredient: string): boolean => atcCodesOf(ingredient).some((c) => ANTICOAGULANT_ATC.some((p) => c.startsWith(p)));

/** CHA2DS2-VASc rule (atrial fibrillation only). */
export const cha2ds2VascRule: CdsRule = {
  id: 'score-cha2ds2vasc',
  version: '1.0.0',
  title: 'CHA2DS2-VASc stroke risk in atrial fibrillation',
  citation: CHA2DS2VASC_CITATION,
  hooks: ['patient-view'],
  evaluate(input) {
    const recorded = recordedConditions(input.chart);
    const af = matchingConditions(activeConditions(input.chart), ATRIAL_FIBRILLATION);
    if (af.length === 0) return [];
    const hits = {
      congestiveHeartFailure: matchingConditions(recorded, HEART_FAILURE),
      hypertension: matchingConditions(recorded, HYPERTENSION),
      diabetes: matchingConditions(recorded, DIABETES),
      strokeTiaThromboembolism: matchingConditions(recorded, STROKE_TIA_TE),
      vascularDisease: matchingConditions(recorded, VASCULAR_DISEASE),
    };
    const values = {
      age: ageAt(input.chart.patient, input.now),
      sex: sexOf(input.chart.patient),
      congestiveHeartFailure: hits.congestiveHeartFailure.length > 0,
      hypertension: hits.hypertension.length > 0,
      diabetes: hits.diabetes.length > 0,
      strokeTiaThromboembolism: hits.strokeTiaThromboembolism.length > 0,
      vascularDisease: hits.vascularDisease.length > 0,
    };
    const result = cha2ds2Vasc(values);
    const anticoagulants = [...new Set(medicationScopeIngredients(input).filter(isAnticoagulant))];
    const anticoagulated = anticoagulants.length > 0;
    const triggers = [...af, ...Object.values(hits).flat()].map(referenceTo);
    const card = scoreFinding(
        {
          name: 'CHA2DS2-VASc',
          citation: CHA2DS2VASC_CITATION,
          slug: 'cha2ds2vasc',
          extraTriggers: triggers,
          indicator: (r) => (r.band === 'oac-recommended' && !anticoagulated ? 'warning' : 'info'),
        },
        result,
        [],
        { ...values, anticoagulated },
      );
    if (!anticoagulated || result.status !== 'scored') return [card];
    // The chart already satisfies the recommendation: say so instead of recommending it.
    const on = anticoagulants.join(', ');
    return [
      {
        ...card,
        summary: clip(`CHA2DS2-VASc ${result.score}: already anticoagulated (${on})${result.band === 'oac-recommended' ? ', recommendation satisfied' : ''}`),
        detail: [
          `**Already on oral anticoagulation (${on}).** ${result.band === 'oac-recommended' ? 'The recommendation to anticoagulate is satisfied; review the dose, kidney function and bleeding risk instead.' : 'At this score anticoagulation is not routinely recommended; review the indication for it.'}`,
          '',
          card.detail.replace(result.interpretation, `CHA2DS2-VASc ${result.score} (${result.band.replace(/-/g, ' ')}).`),
        ].join('\n'),
        explanation: card.explanation.kind === 'rule-trace' ? { ...card.explanation, steps: [...card.explanation.steps, { label: 'Anticoagulated', value: on }] } : card.explanation,
      },
    ];
  },
};
