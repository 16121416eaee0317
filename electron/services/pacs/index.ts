/** PACS over DICOMweb (plain Node; no Electron). */
export { DicomWebClient, type PacsInstance, type PacsSeries, type PacsStudy, type StoreResult, type StudyQuery } from './dicomwebClient';
export { PacsCache, cacheKeyFrom } from './pacsCache';
export { PacsError, type PacsFailure } from './pacsError';
export { PacsService } from './pacsService';
export { checkPacsSettings, loadPacsSettings, pacsSettingsFile, savePacsSettings, type PacsSettings } from './pacsSettings';
