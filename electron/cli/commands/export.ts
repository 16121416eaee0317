/** `admin export <patient-id|all> <dest> [--format bundle|ndjson] [--since <instant>] [--type T,U] [--base-url URL]`: exports records as FHIR. */
import path from 'node:path';
import type { AdminCommand } from '../command';
import { BedsideError } from '../../services/errors';
import { withRecordsService } from '../../services/records/headless';

export const exportCommand: AdminCommand = {
  name: 'export',
  usage: 'export <patient-id|all> <dest> [--format bundle|ndjson] [--since <instant>] [--type T,U] [--base-url URL]',
  summary: 'Export one patient or all records as a FHIR Bundle or NDJSON',
  options: {
    format: { type: 'string', description: 'bundle (dest: a .json file, the default) or ndjson (dest: a folder)' },
    since: { type: 'string', description: 'only records changed at or after this FHIR instant (e.g. 2024-05-01T00:00:00Z)' },
    type: { type: 'string', description: 'only these resource types, comma-separated (e.g. Patient,Observation)' },
    'base-url': { type: 'string', description: "base URL for the Bundle's fullUrls and the manifest (else urn:uuid and file:// URLs)" },
  },
  positionals: [2, 2],
  run: async (_args, ctx) => {
    const format = (ctx.values.format as string | undefined) ?? 'bundle';
    const since = ctx.values.since as string | undefined;
    const types = (ctx.values.type as string | undefined)?.split(',').map((t) => t.trim()).filter(Boolean);
    const baseUrl = ctx.values['base-url'] as string | undefined;
    const [patientId, dest] = ctx.positionals as [string, string];
    if (format !== 'bundle' && format !== 'ndjson') throw new BedsideError('invalid-input', `--format ${format} is not a format Bedside writes; use --format bundle (a .json file) or --format ndjson (a folder). Nothing was written.`);
    return withRecordsService(ctx.paths, (records) => {
      ctx.progress(0, `Exporting ${patientId === 'all' ? 'all patients' : `Patient/${patientId}`}…`);
      const s = records.exportRecords('admin', patientId, path.resolve(dest), format, { ...(since ? { since } : {}), ...(types ? { types } : {}), ...(baseUrl ? { baseUrl } : {}) });
      ctx.progress(1, 'Exported');
      ctx.out(`Exported ${s.resources} records (${patientId === 'all' ? 'all patients' : `Patient/${patientId}`}) as ${format}:`);
      for (const f of s.files) ctx.out(`  ${f}`);
      ctx.result({ patient: patientId, format, resources: s.resources, files: s.files });
      return 0;
    }, ctx.keyStore);
  },
};
