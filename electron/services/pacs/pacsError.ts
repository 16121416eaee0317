/** Errors of the PACS connection, written for the clinician and for clinic IT. */
import { BedsideError, type BedsideErrorCode } from '../errors';

/** Why a PACS call failed, finer-grained than BedsideError's code. */
export type PacsFailure =
  | 'not-configured'
  | 'unreachable'
  | 'timeout'
  | 'refused-credentials'
  | 'not-found'
  | 'server-error'
  | 'malformed-response'
  | 'bad-settings'
  | 'too-large';

const CODE_OF: Record<PacsFailure, BedsideErrorCode> = {
  'not-configured': 'unavailable',
  unreachable: 'unavailable',
  timeout: 'unavailable',
  'refused-credentials': 'unauthorised',
  'not-found': 'not-found',
  'server-error': 'unavailable',
  'malformed-response': 'corrupt',
  'bad-settings': 'invalid-input',
  'too-large': 'too-large',
};

/** A BedsideError from the PACS client; `failure` says why, the message what to do. */
export class PacsError extends BedsideError {
  readonly failure: PacsFailure;

  constructor(failure: PacsFailure, userMessage: string, details?: Record<string, unknown>) {
    super(CODE_OF[failure], userMessage, { failure, ...details });
    this.failure = failure;
  }
}
