/** `admin import <file|folder>`: imports a FHIR Bundle file or a bulk NDJSON folder. */
import path from 'node:path';
import type { AdminCommand } from '../command';
import { withRecordsService } from '../../services/records/headless';

export const importCommand: AdminCommand = {
  name: 'import',
  usage: 'import <file|folder>',
  summary: 'Import a FHIR Bundle (.json) or bulk NDJSON folder',
  options: {},
  positionals: [1, 1],
  run: async (_args, ctx) => {
    const source = path.resolve(ctx.positionals[0]!);
    return withRecordsService(ctx.paths, async (records) => {
      const s = await records.runImport('admin', source, ctx.progress);
      ctx.out(`Imported ${source}: ${s.created} new, ${s.updated} updated, ${s.unchanged} already present, ${s.deleted} deleted (${s.files} file(s)).`);
      if (s.skipped) ctx.out(`${s.skipped} entries skipped: ${s.notes.slice(0, 5).join('; ')}.`);
      if (s.unresolvedCount) ctx.out(`${s.unresolvedCount} references point to records not in Bedside (kept as they are), e.g. ${s.unresolvedExamples.slice(0, 3).join(', ')}.`);
      ctx.result({ source, created: s.created, updated: s.updated, unchanged: s.unchanged, deleted: s.deleted, files: s.files, unresolvedCount: s.unresolvedCount, unresolvedExamples: s.unresolvedExamples.slice(0, 10) });
      return 0;
    }, ctx.keyStore);
  },
};
