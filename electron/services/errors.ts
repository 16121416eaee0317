/**
 * Errors a clinician or admin can meet. The message says what happened, what was kept and
 * what to do; `code` is stable for programs and tests.
 */
export type BedsideErrorCode =
  | 'invalid-input'
  | 'forbidden-sender'
  | 'unauthorised'
  | 'unauthenticated'
  | 'forbidden'
  | 'locked'
  | 'password-change-required'
  | 'too-many-attempts'
  | 'not-found'
  | 'conflict'
  | 'unsupported'
  | 'corrupt'
  | 'wrong-key'
  | 'too-large'
  | 'disk-full'
  | 'unavailable'
  | 'cancelled'
  | 'verification-failed'
  | 'internal';

/** An error whose message is written for the person using Bedside. */
export class BedsideError extends Error {
  readonly code: BedsideErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: BedsideErrorCode, userMessage: string, details?: Record<string, unknown>) {
    super(userMessage);
    this.name = 'BedsideError';
    this.code = code;
    if (details) this.details = details;
  }
}

/** True when `e` is a BedsideError (also across bundle copies, by shape). */
export function isBedsideError(e: unknown): e is BedsideError {
  return e instanceof BedsideError || (e instanceof Error && e.name === 'BedsideError' && 'code' in e);
}
