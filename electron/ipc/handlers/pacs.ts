/** Handlers of the `pacs` channels over the PACS service (DICOMweb). */
import type { BedsideContract } from '../../contract';
import type { HandlersOf } from '../router';
import { BedsideError } from '../../services/errors';
import type { PacsService } from '../../services/pacs';
import { MAX_IMAGE_BYTES } from '../../contract/channels/inference';

/** The `pacs` feature; `service` is looked up at each call (the container owns it). */
export function pacsHandlers(service: () => PacsService): HandlersOf<Pick<BedsideContract, 'pacs'>>['pacs'] {
  return {
    status: async () => service().status(),
    searchStudies: async (query) => ({ studies: await service().searchStudies(query) }),
    series: async ({ studyUid }) => ({ series: await service().searchSeries(studyUid) }),
    instances: async ({ studyUid, seriesUid }) => ({ instances: await service().searchInstances(studyUid, seriesUid) }),
    retrieve: async ({ studyUid, seriesUid, instanceUid }) => {
      const { bytes, cached } = await service().retrieveInstance(studyUid, seriesUid, instanceUid);
      // The viewer and the image models take files up to the import limit; a larger instance is named, not sent.
      if (bytes.length > MAX_IMAGE_BYTES)
        throw new BedsideError('too-large', `This image is ${(bytes.length / 1048576).toFixed(0)} MiB, more than the ${MAX_IMAGE_BYTES / 1048576} MiB Bedside's viewer opens. Open it in the PACS's own viewer.`);
      return { bytesBase64: bytes.toString('base64'), fileName: `${instanceUid}.dcm`, cached };
    },
    store: async ({ bytesBase64, fileName }) => {
      const bytes = Buffer.from(bytesBase64, 'base64');
      if (bytes.length < 132 || bytes.toString('latin1', 128, 132) !== 'DICM')
        throw new BedsideError('invalid-input', `${fileName} is not a DICOM file (only DICOM files can be sent to the PACS). Nothing was sent.`);
      return service().store([bytes]);
    },
  };
}
