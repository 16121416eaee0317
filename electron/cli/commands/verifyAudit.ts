/** `admin verify-audit`: checks the audit chain and its signed checkpoints; `admin audit-checkpoint`: signs the chain's head. */
import type { AdminCommand } from '../command';
import { withRecordsService } from '../../services/records/headless';

export const verifyAuditCommand: AdminCommand = {
  name: 'verify-audit',
  usage: 'verify-audit',
  summary: 'Check that the audit trail has not been altered (keyed chain and signed checkpoints)',
  options: {},
  run: async (_args, ctx) =>
    withRecordsService(ctx.paths, (records) => {
      const v = records.verifyAudit();
      (v.ok ? ctx.out : ctx.err)(v.message);
      ctx.result({ intact: v.ok, message: v.message });
      return v.ok ? 0 : 1;
    }, ctx.keyStore),
};

export const auditCheckpointCommand: AdminCommand = {
  name: 'audit-checkpoint',
  usage: 'audit-checkpoint',
  summary: "Sign the audit trail's newest entry into <data>/audit-checkpoints (copy it off this computer)",
  options: {},
  run: async (_args, ctx) =>
    withRecordsService(ctx.paths, (records) => {
      const c = records.writeAuditCheckpoint('system:cli');
      ctx.out(`Signed checkpoint of audit entry ${c.seq} written to ${c.file}.`);
      ctx.out(`Signing key (Ed25519, public): ${c.publicKey}. Keep a copy of checkpoints and this key elsewhere; "verify-audit" checks the trail against them.`);
      ctx.result({ seq: c.seq, file: c.file, publicKey: c.publicKey });
      return 0;
    }, ctx.keyStore),
};
