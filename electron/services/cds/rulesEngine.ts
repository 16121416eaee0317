/**
 * Runs the clinical rules on a chart and returns validated CDS Hooks cards with provenance.
 * - A rule that throws yields one error card for that rule only; the others still run.
 * - Findings with the same rule and key are merged (their triggers united), so a drug ordered
 *   twice does not give two identical alerts.
 * - provenance.inputHash is sha256 of the canonical JSON of the inputs the rule reports using;
 *   latencyMs is the rule's own run time.
 * - Absent inputs give no card; scores give one 'not enough data' card only where they apply
 *   (see rules/scoreRules.ts).
 */
import { performance } from 'node:perf_hooks';
import type { MedicationRequest } from 'fhir/r4';
import { cardSchema, type Card } from '../../contract/schemas/card';
import type { ChartSnapshot } from './chart';
import { sha256Canonical, stableUuid } from './hash';
import { clip } from './rules/cardText';
import { criticalValuesRule } from './rules/criticalValues';
import { drugAllergyRule } from './rules/drugAllergy';
import { drugInteractionRule } from './rules/drugInteractions';
import { duplicateTherapyRule } from './rules/duplicateTherapy';
import { interactionGroupRule } from './rules/interactionGroups';
import { unresolvedMedicationRule } from './rules/unresolvedMedication';
import { doseRangeRule } from './rules/doseRange';
import { renalDosingRule } from './rules/renalDosing';
import { cha2ds2VascRule, curb65Rule, news2Rule, qsofaRule } from './rules/scoreRules';
import type { CdsHook, CdsRule, RuleFinding, RuleInput } from './rules/types';

export type { CdsHook, CdsRule, RuleFinding, RuleInput } from './rules/types';

/** Every rule Bedside runs, in display order (most urgent kinds first). */
export const RULES: readonly CdsRule[] = [
  drugInteractionRule,
  interactionGroupRule,
  drugAllergyRule,
  unresolvedMedicationRule,
  duplicateTherapyRule,
  renalDosingRule,
  doseRangeRule,
  criticalValuesRule,
  news2Rule,
  qsofaRule,
  curb65Rule,
  cha2ds2VascRule,
];

/** One registry entry: what a rule is and where its knowledge comes from. */
export interface RuleRegistryEntry {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly citation: string;
  readonly hooks: readonly CdsHook[];
}

/** The registry of rules for display and audit (id, version, title, citation, hooks). */
export function ruleRegistry(rules: readonly CdsRule[] = RULES): RuleRegistryEntry[] {
  return rules.map(({ id, version, title, citation, hooks }) => ({ id, version, title, citation, hooks }));
}

/** Options for one engine run. */
export interface RunRulesOptions {
  /** Defaults to 'order-sign' when draft orders are given, else 'patient-view'. */
  readonly hook?: CdsHook;
  /** Draft MedicationRequests being signed (the order-sign trigger). */
  readonly draftOrders?: readonly MedicationRequest[];
  /** Clinical "now"; defaults to the current time. */
  readonly now?: Date;
  /** Rules to run; defaults to RULES (tests pass their own). */
  readonly rules?: readonly CdsRule[];
}

const INDICATOR_RANK = { critical: 0, warning: 1, info: 2 } as const;

const toCard = (rule: CdsRule, finding: RuleFinding, patientId: string, latencyMs: number): Card => {
  const inputHash = sha256Canonical(finding.inputs);
  const seed = `${patientId}|${rule.id}@${rule.version}|${finding.key}|${inputHash}`;
  return cardSchema.parse({
    uuid: stableUuid(seed),
    summary: finding.summary,
    indicator: finding.indicator,
    source: { label: finding.source?.label ?? rule.title, url: finding.source?.url, topic: finding.source?.topic },
    detail: finding.detail,
    suggestions: (finding.suggestions ?? []).map((s, i) => ({ ...s, uuid: stableUuid(`${seed}|suggestion|${i}`), actions: [...s.actions] })),
    selectionBehavior: finding.suggestions && finding.suggestions.length > 0 ? 'at-most-one' : undefined,
    overrideReasons: [...(finding.overrideReasons ?? [])],
    links: [...(finding.links ?? [])],
    provenance: { kind: 'rule', id: rule.id, version: rule.version, inputHash, latencyMs },
    patientId: patientId || 'unknown',
    triggeredBy: [...finding.triggeredBy],
    explanation: finding.explanation,
    status: finding.status,
  });
};

const errorCard = (rule: CdsRule, error: unknown, patientId: string, latencyMs: number, input: RuleInput): Card => {
  const message = error instanceof Error ? error.message : String(error);
  const inputHash = sha256Canonical({ rule: rule.id, hook: input.hook, patientId, now: input.now.toISOString() });
  return cardSchema.parse({
    uuid: stableUuid(`${patientId}|${rule.id}@${rule.version}|error|${inputHash}`),
    summary: clip(`${rule.title}: could not run, not checked`),
    indicator: 'warning',
    source: { label: rule.title },
    detail: `This check failed and has **not** been done for this patient; other checks ran normally. Nothing in the record was changed. Report this to your Bedside administrator.\n\nError: ${message}`,
    provenance: { kind: 'rule', id: rule.id, version: rule.version, inputHash, latencyMs },
    patientId: patientId || 'unknown',
    triggeredBy: [],
    explanation: { kind: 'rule-trace', steps: [{ label: 'Error', value: message }], citation: rule.citation },
    status: 'error',
  });
};

const mergeFindings = (findings: readonly RuleFinding[]): RuleFinding[] => {
  const byKey = new Map<string, RuleFinding>();
  for (const f of findings) {
    const prior = byKey.get(f.key);
    if (!prior) byKey.set(f.key, f);
    else {
      const stronger = INDICATOR_RANK[f.indicator] < INDICATOR_RANK[prior.indicator] ? f : prior;
      byKey.set(f.key, { ...stronger, triggeredBy: [...new Set([...prior.triggeredBy, ...f.triggeredBy])] });
    }
  }
  return [...byKey.values()];
};

/** Runs the rules for one hook on a chart and returns cards, most urgent first. */
export function runRules(chart: ChartSnapshot, options: RunRulesOptions = {}): Card[] {
  const draftOrders = options.draftOrders ?? [];
  const hook: CdsHook = options.hook ?? (draftOrders.length > 0 ? 'order-sign' : 'patient-view');
  const input: RuleInput = { chart, hook, draftOrders, now: options.now ?? new Date() };
  const cards: Card[] = [];
  for (const rule of options.rules ?? RULES) {
    if (!rule.hooks.includes(hook)) continue;
    const started = performance.now();
    let findings: RuleFinding[];
    try {
      findings = mergeFindings(rule.evaluate(input));
    } catch (error) {
      cards.push(errorCard(rule, error, chart.patientId, performance.now() - started, input));
      continue;
    }
    const latencyMs = performance.now() - started;
    for (const finding of findings) {
      try {
        cards.push(toCard(rule, finding, chart.patientId, latencyMs));
      } catch (error) {
        cards.push(errorCard(rule, error, chart.patientId, latencyMs, input));
      }
    }
  }
  return cards.sort((a, b) => INDICATOR_RANK[a.indicator] - INDICATOR_RANK[b.indicator]);
}
