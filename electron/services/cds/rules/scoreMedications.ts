/** Ingredients of the patient's active medications, for scores that depend on current treatment. */
import { activeMedications } from '../chart';
import { orderIngredients } from '../drugNames';
import type { RuleInput } from './types';

/** All recognised ingredients of active orders. */
export function medicationScopeIngredients(input: RuleInput): string[] {
  return activeMedications(input.chart).flatMap((m) => [...orderIngredients(m).ingredients]);
}
