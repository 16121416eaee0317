/**
 * The fixed override reasons, as the contract lists them (the renderer may import only types
 * from the contract; test/unit/renderer checks this copy against it). The display stays the
 * canonical English one in the audit record; the screen shows the translation by code.
 */
import type { OverrideReason, OverrideReasonCode } from '../../../../electron/contract/schemas/card';

/** Code system of the fixed override reasons. */
export const OVERRIDE_REASON_SYSTEM = 'urn:uuid:26cd8074-acd5-4773-8e35-993a1b61ea58' as const;

const DISPLAY: Record<OverrideReasonCode, string> = {
  'patient-aware': 'Patient aware of risk, agrees to continue',
  'benefit-outweighs-risk': 'Benefit outweighs risk',
  'already-managed': 'Already managed (dose adjusted or plan in place)',
  'not-applicable': 'Not applicable to this patient',
  'monitoring-in-place': 'Monitoring in place',
  other: 'Other (please comment)',
};

/** Every fixed reason, in the contract's order. */
export const OVERRIDE_REASONS: readonly OverrideReason[] = (Object.keys(DISPLAY) as OverrideReasonCode[]).map((code) => ({
  code,
  system: OVERRIDE_REASON_SYSTEM,
  display: DISPLAY[code],
}));
