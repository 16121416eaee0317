/** `admin backup [dest-folder]`: writes a verified, encrypted backup. */
import path from 'node:path';
import type { AdminCommand } from '../command';
import { withRecordsService } from '../../services/records/headless';

export const backupCommand: AdminCommand = {
  name: 'backup',
  usage: 'backup [dest-folder]',
  summary: 'Write a verified, encrypted backup of the records',
  options: {},
  positionals: [0, 1],
  run: async (_args, ctx) =>
    withRecordsService(ctx.paths, (records) => {
      ctx.progress(0, 'Writing and verifying the backup…');
      const dest = ctx.positionals[0];
      const b = records.backup('admin', dest ? path.resolve(dest) : undefined);
      ctx.progress(1, 'Backup verified');
      ctx.out(`Backup written and verified: ${b.file} (${b.resources} records, ${(b.bytes / 1024 / 1024).toFixed(1)} MB, encrypted with this computer's key).`);
      ctx.result({ file: b.file, resources: b.resources, bytes: b.bytes });
      return 0;
    }, ctx.keyStore),
};
