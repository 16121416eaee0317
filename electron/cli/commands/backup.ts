/** `admin backup [dest-folder]`: writes a verified, encrypted backup. */
import path from 'node:path';
import type { AdminCommand } from '../command';
import { withRecordsService } from '../../services/records/headless';

export const backupCommand: AdminCommand = {
  name: 'backup',
  usage: 'backup [dest-folder]',
  summary: 'Write a verified, encrypted backup of the records',
  run: async (args, ctx) =>
    withRecordsService(ctx.paths, (records) => {
      const b = records.backup('admin', args[0] ? path.resolve(args[0]) : undefined);
      ctx.out(`Backup written and verified: ${b.file} (${b.resources} records, ${(b.bytes / 1024 / 1024).toFixed(1)} MB, encrypted with this computer's key).`);
      return 0;
    }),
};
