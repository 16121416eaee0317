/**
 * The PACS as the app sees it: the clinic's settings, a DICOMweb client made from them, and the
 * encrypted cache of retrieved images. With no settings, every call says "no PACS" and nothing
 * touches the network.
 */
import path from 'node:path';
import type { Service } from '../container';
import { DicomWebClient, type PacsInstance, type PacsSeries, type PacsStudy, type StoreResult, type StudyQuery } from './dicomwebClient';
import { PacsCache, cacheKeyFrom } from './pacsCache';
import { PacsError } from './pacsError';
import { loadPacsSettings, type PacsSettings } from './pacsSettings';

export interface PacsServiceOptions {
  dataDir: string;
  /** The database key (the cache key is derived from it); null while none exists. */
  databaseKey: () => Buffer | null;
}

/** The configured PACS, if any. */
export class PacsService implements Service {
  private settings: PacsSettings | null = null;
  private settingsError: PacsError | null = null;

  constructor(private readonly options: PacsServiceOptions) {}

  /** Reads the settings; a damaged settings file is reported on use, not at start. */
  async boot(): Promise<void> {
    this.reload();
  }

  async shutdown(): Promise<void> {}

  /** Reads the settings file again (after `admin pacs set`). */
  reload(): void {
    try {
      this.settings = loadPacsSettings(this.options.dataDir);
      this.settingsError = null;
    } catch (e) {
      this.settings = null;
      this.settingsError = e as PacsError;
    }
  }

  /** Whether a PACS is configured, and its address (without credentials). */
  status(): { configured: boolean; address?: string; problem?: string } {
    if (this.settingsError) return { configured: false, problem: this.settingsError.message };
    return this.settings ? { configured: true, address: this.settings.baseUrl } : { configured: false };
  }

  private client(): DicomWebClient {
    if (this.settingsError) throw this.settingsError;
    if (!this.settings) throw new PacsError('not-configured', 'No PACS is set up on this computer. Clinic IT can connect one (docs/clinic-it.md, "Connecting to a PACS").');
    return new DicomWebClient(this.settings);
  }

  private cache(): PacsCache | null {
    const key = this.options.databaseKey();
    return key ? new PacsCache(path.join(this.options.dataDir, 'pacs', 'cache'), cacheKeyFrom(key)) : null;
  }

  /** Studies matching the query. */
  async searchStudies(query: StudyQuery): Promise<PacsStudy[]> {
    return this.client().searchStudies(query);
  }

  /** Series of a study. */
  async searchSeries(studyUid: string): Promise<PacsSeries[]> {
    return this.client().searchSeries(studyUid);
  }

  /** Instances of a series. */
  async searchInstances(studyUid: string, seriesUid: string): Promise<PacsInstance[]> {
    return this.client().searchInstances(studyUid, seriesUid);
  }

  /** One instance's Part 10 file, from the encrypted cache when retrieved before. */
  async retrieveInstance(studyUid: string, seriesUid: string, instanceUid: string): Promise<{ bytes: Buffer; cached: boolean }> {
    const client = this.client();
    const id = `${this.settings!.baseUrl}|${studyUid}|${seriesUid}|${instanceUid}`;
    const cache = this.cache();
    const hit = cache?.get(id);
    if (hit) return { bytes: hit, cached: true };
    const bytes = await client.retrieveInstance(studyUid, seriesUid, instanceUid);
    cache?.put(id, bytes);
    return { bytes, cached: false };
  }

  /** STOW-RS of Part 10 files. */
  async store(files: readonly Buffer[]): Promise<StoreResult> {
    return this.client().store(files);
  }
}
