/** `admin export <patient-id|all> <dest> [--format bundle|ndjson] [--since <instant>] [--type T,U] [--base-url URL]`: exports records as FHIR. */
import path from 'node:path';
import type { AdminCommand } from '../command';
import { argValue } from '../../services/paths';
import { withRecordsService } from '../../services/records/headless';

export const exportCommand: AdminCommand = {
  name: 'export',
  usage: 'export <patient-id|all> <dest> [--format bundle|ndjson] [--since <instant>] [--type T,U] [--base-url URL]',
  summary: 'Export one patient or all records as a FHIR Bundle or NDJSON',
  run: async (args, ctx) => {
    const format = argValue(args, 'format') ?? 'bundle';
    const valued = new Set(['--format', '--since', '--type', '--base-url']);
    const positional = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
    const since = argValue(args, 'since');
    const types = argValue(args, 'type')?.split(',').map((t) => t.trim()).filter(Boolean);
    const baseUrl = argValue(args, 'base-url');
    const [patientId, dest] = positional;
    if (!patientId || !dest || (format !== 'bundle' && format !== 'ndjson')) {
      ctx.out('Usage: export <patient-id|all> <dest> [--format bundle|ndjson] [--since <instant>] [--type T,U] [--base-url URL]  (dest: a .json file for a bundle, a folder for NDJSON)');
      return 2;
    }
    return withRecordsService(ctx.paths, (records) => {
      const s = records.exportRecords('admin', patientId, path.resolve(dest), format, { ...(since ? { since } : {}), ...(types ? { types } : {}), ...(baseUrl ? { baseUrl } : {}) });
      ctx.out(`Exported ${s.resources} records (${patientId === 'all' ? 'all patients' : `Patient/${patientId}`}) as ${format}:`);
      for (const f of s.files) ctx.out(`  ${f}`);
      return 0;
    });
  },
};
