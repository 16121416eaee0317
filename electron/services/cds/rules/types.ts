/** The contract between the rules engine and each rule: rules are pure and return findings. */
import type { MedicationRequest } from 'fhir/r4';
import type { CardLink, CardSource, CardStatus, Explanation, Indicator, OverrideReason, SuggestionAction } from '../../../contract/schemas/card';
import type { ChartSnapshot } from '../chart';

/** CDS Hooks hooks Bedside serves: chart opened, or orders about to be signed. */
export type CdsHook = 'patient-view' | 'order-sign';

/** What a rule is given. */
export interface RuleInput {
  readonly chart: ChartSnapshot;
  readonly hook: CdsHook;
  /** Draft orders being signed (order-sign only). */
  readonly draftOrders: readonly MedicationRequest[];
  /** The clinical "now" (ages, look-back windows). */
  readonly now: Date;
}

/** A suggestion before the engine gives it an id. */
export interface FindingSuggestion {
  readonly label: string;
  readonly isRecommended?: boolean;
  readonly actions: readonly SuggestionAction[];
}

/** One thing a rule found; the engine turns it into a card with provenance. */
export interface RuleFinding {
  /** Identifies the finding within the rule, for de-duplication (e.g. interaction + drug pair). */
  readonly key: string;
  readonly summary: string;
  readonly indicator: Indicator;
  readonly detail: string;
  readonly explanation: Explanation;
  /** FHIR references of the resources that triggered the finding. */
  readonly triggeredBy: readonly string[];
  /** The exact inputs the rule used; hashed into provenance.inputHash. */
  readonly inputs: unknown;
  readonly source?: Partial<CardSource>;
  readonly suggestions?: readonly FindingSuggestion[];
  readonly overrideReasons?: readonly OverrideReason[];
  readonly links?: readonly CardLink[];
  readonly status?: CardStatus;
}

/** A clinical rule: identity, citation and a pure evaluation. */
export interface CdsRule {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly citation: string;
  /** Hooks on which the rule runs. */
  readonly hooks: readonly CdsHook[];
  /** Returns findings; throws only on a bug (the engine turns that into an error card). */
  evaluate(input: RuleInput): RuleFinding[];
}
