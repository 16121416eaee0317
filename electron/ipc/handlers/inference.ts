/** Handlers of the `inference` channels: analyse an image or a note, read a page (OCR), cancel a job. */
import type { BedsideContract } from '../../contract';
import type { HandlersOf } from '../router';
import type { InferenceService } from '../../services/inference/inferenceService';
import { BedsideError } from '../../services/errors';

/** The `inference` feature over the inference service. */
export function inferenceHandlers(inference: InferenceService): HandlersOf<Pick<BedsideContract, 'inference'>>['inference'] {
  return {
    analyzeImage: ({ packId, bytesBase64, fileName, explain, confirmed, priority, jobId }) => {
      const bytes = Buffer.from(bytesBase64, 'base64');
      if (bytes.length === 0) throw new BedsideError('invalid-input', `The file ${fileName} is empty; choose the image again.`);
      return inference.analyzeImage({ packId, bytes, fileName, confirmed, priority, ...(explain ? { explain } : {}), ...(jobId ? { jobId } : {}) });
    },
    analyzeText: ({ packId, text, explain, priority, jobId }) =>
      inference.analyzeText({ packId, text, explain, priority, ...(jobId ? { jobId } : {}) }),
    ocr: ({ packId, bytesBase64, fileName, priority, jobId }) => {
      const bytes = Buffer.from(bytesBase64, 'base64');
      if (bytes.length === 0) throw new BedsideError('invalid-input', `The file ${fileName} is empty; choose the page image again.`);
      return inference.readText({ packId, bytes, fileName, priority, ...(jobId ? { jobId } : {}) });
    },
    cancel: ({ jobId }) => ({ cancelled: inference.cancel(jobId) }),
  };
}
