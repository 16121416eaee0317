/** Opening the record store outside the app (admin command line, benchmarks): key file in the data folder. */
import { DataFolderService } from '../dataFolder';
import type { AppPaths } from '../paths';
import { FileKeyStore, type KeyStore } from './keyStore';
import { RecordsService } from './recordsService';

/** Boots the data folder and the records service (key file, or the given key store), runs `fn`, and always shuts down. */
export async function withRecordsService<T>(paths: AppPaths, fn: (records: RecordsService) => Promise<T> | T, keyStore?: KeyStore): Promise<T> {
  const folder = new DataFolderService(paths, 'admin command');
  folder.boot();
  try {
    const records = new RecordsService({ databaseFile: paths.databaseFile, backupsDir: paths.backupsDir, keyStore: keyStore ?? new FileKeyStore(paths.keyFile) });
    records.boot();
    try {
      return await fn(records);
    } finally {
      await records.shutdown();
    }
  } finally {
    folder.shutdown();
  }
}
