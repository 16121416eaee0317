/** `admin verify-audit`: checks the audit trail's hash chain. */
import type { AdminCommand } from '../command';
import { withRecordsService } from '../../services/records/headless';

export const verifyAuditCommand: AdminCommand = {
  name: 'verify-audit',
  usage: 'verify-audit',
  summary: 'Check that the audit trail has not been altered',
  options: {},
  run: async (_args, ctx) =>
    withRecordsService(ctx.paths, (records) => {
      const v = records.verifyAudit();
      (v.ok ? ctx.out : ctx.err)(v.message);
      ctx.result({ intact: v.ok, message: v.message });
      return v.ok ? 0 : 1;
    }, ctx.keyStore),
};
