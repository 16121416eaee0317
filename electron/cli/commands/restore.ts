/** `admin restore <backup-file>`: checks a backup, then replaces the records with it. */
import path from 'node:path';
import type { AdminCommand } from '../command';
import { withRecordsService } from '../../services/records/headless';

export const restoreCommand: AdminCommand = {
  name: 'restore',
  usage: 'restore <backup-file>',
  summary: 'Check a backup and replace the records with it',
  run: async (args, ctx) => {
    if (!args[0]) {
      ctx.out('Usage: restore <backup-file>  (stop Bedside first)');
      return 2;
    }
    return withRecordsService(ctx.paths, (records) => {
      const r = records.restore('admin', path.resolve(args[0]!));
      ctx.out(`Restored ${r.resources} records from ${r.restoredFrom}. The replaced database was kept as ${r.keptPrevious}.`);
      return 0;
    });
  },
};
