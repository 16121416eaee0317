/** `admin restore <backup-file>`: checks a backup, then replaces the records with it. */
import path from 'node:path';
import type { AdminCommand } from '../command';
import { withRecordsService } from '../../services/records/headless';

export const restoreCommand: AdminCommand = {
  name: 'restore',
  usage: 'restore <backup-file>',
  summary: 'Check a backup and replace the records with it (stop Bedside first)',
  options: {},
  positionals: [1, 1],
  run: async (_args, ctx) =>
    withRecordsService(ctx.paths, (records) => {
      ctx.progress(0, 'Checking the backup and restoring…');
      const r = records.restore('admin', path.resolve(ctx.positionals[0]!));
      ctx.progress(1, 'Restored');
      ctx.out(`Restored ${r.resources} records from ${r.restoredFrom}. The replaced database was kept as ${r.keptPrevious}.`);
      ctx.result({ resources: r.resources, restoredFrom: r.restoredFrom, keptPrevious: r.keptPrevious });
      return 0;
    }, ctx.keyStore),
};
