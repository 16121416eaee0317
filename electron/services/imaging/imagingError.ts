import { BedsideError, type BedsideErrorCode } from '../errors';

/** Why an image could not be read, finer-grained than BedsideError's code. */
export type ImagingFailure =
  | 'not-an-image'
  | 'dicom-truncated'
  | 'dicom-no-pixel-data'
  | 'dicom-unsupported-transfer-syntax'
  | 'dicom-unsupported-pixel-format'
  | 'dicom-pixel-data-damaged'
  | 'dicom-no-such-frame';

const CODE_OF: Record<ImagingFailure, BedsideErrorCode> = {
  'not-an-image': 'invalid-input',
  'dicom-truncated': 'corrupt',
  'dicom-no-pixel-data': 'unsupported',
  'dicom-unsupported-transfer-syntax': 'unsupported',
  'dicom-unsupported-pixel-format': 'unsupported',
  'dicom-pixel-data-damaged': 'corrupt',
  'dicom-no-such-frame': 'invalid-input',
};

/** A BedsideError for an image that cannot be read; the message names the file and what to do. */
export class ImagingError extends BedsideError {
  readonly failure: ImagingFailure;

  constructor(failure: ImagingFailure, userMessage: string, details?: Record<string, unknown>) {
    super(CODE_OF[failure], userMessage, { failure, ...details });
    this.failure = failure;
  }

  /** The message for the clinician (same as `message`). */
  get userMessage(): string {
    return this.message;
  }
}
