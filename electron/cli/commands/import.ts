/** `admin import <file|folder>`: imports a FHIR Bundle file or a bulk NDJSON folder. */
import path from 'node:path';
import type { AdminCommand } from '../command';
import { withRecordsService } from '../../services/records/headless';

export const importCommand: AdminCommand = {
  name: 'import',
  usage: 'import <file|folder>',
  summary: 'Import a FHIR Bundle (.json) or bulk NDJSON folder',
  run: async (args, ctx) => {
    const target = args[0];
    if (!target) {
      ctx.out('Usage: import <file|folder>  (a FHIR Bundle .json file, or a folder of .ndjson files)');
      return 2;
    }
    const source = path.resolve(target);
    return withRecordsService(ctx.paths, async (records) => {
      let lastTenth = -1;
      const s = await records.runImport('admin', source, (fraction, message) => {
        const tenth = Math.floor(fraction * 10);
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          ctx.out(`${String(Math.round(fraction * 100)).padStart(3)}%  ${message}`);
        }
      });
      ctx.out(`Imported ${source}: ${s.created} new, ${s.updated} updated, ${s.unchanged} already present, ${s.deleted} deleted (${s.files} file(s)).`);
      if (s.skipped) ctx.out(`${s.skipped} entries skipped: ${s.notes.slice(0, 5).join('; ')}.`);
      if (s.unresolvedCount) ctx.out(`${s.unresolvedCount} references point to records not in Bedside (kept as they are), e.g. ${s.unresolvedExamples.slice(0, 3).join(', ')}.`);
      return 0;
    });
  },
};
