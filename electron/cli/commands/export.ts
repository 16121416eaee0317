/** `admin export <patient-id|all> <dest> [--format bundle|ndjson]`: exports records as FHIR. */
import path from 'node:path';
import type { AdminCommand } from '../command';
import { BedsideError } from '../../services/errors';
import { withRecordsService } from '../../services/records/headless';

export const exportCommand: AdminCommand = {
  name: 'export',
  usage: 'export <patient-id|all> <dest> [--format bundle|ndjson]',
  summary: 'Export one patient or all records as a FHIR Bundle or NDJSON',
  options: { format: { type: 'string', description: 'bundle (dest: a .json file, the default) or ndjson (dest: a folder)' } },
  positionals: [2, 2],
  run: async (_args, ctx) => {
    const format = (ctx.values.format as string | undefined) ?? 'bundle';
    const [patientId, dest] = ctx.positionals as [string, string];
    if (format !== 'bundle' && format !== 'ndjson') throw new BedsideError('invalid-input', `--format ${format} is not a format Bedside writes; use --format bundle (a .json file) or --format ndjson (a folder). Nothing was written.`);
    return withRecordsService(ctx.paths, (records) => {
      ctx.progress(0, `Exporting ${patientId === 'all' ? 'all patients' : `Patient/${patientId}`}…`);
      const s = records.exportRecords('admin', patientId, path.resolve(dest), format);
      ctx.progress(1, 'Exported');
      ctx.out(`Exported ${s.resources} records (${patientId === 'all' ? 'all patients' : `Patient/${patientId}`}) as ${format}:`);
      for (const f of s.files) ctx.out(`  ${f}`);
      ctx.result({ patient: patientId, format, resources: s.resources, files: s.files });
      return 0;
    }, ctx.keyStore);
  },
};
