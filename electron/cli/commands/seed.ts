/** `admin seed [--patients N]`: loads the demo clinic, or N generated patients. */
import type { AdminCommand } from '../command';
import { BedsideError } from '../../services/errors';
import { demoAnchorFor } from '../../services/records/demoClinic';
import { withRecordsService } from '../../services/records/headless';

export const seedCommand: AdminCommand = {
  name: 'seed',
  usage: 'seed [--patients N]',
  summary: 'Load the demo clinic (or N generated patients)',
  options: { patients: { type: 'string', description: 'load N generated patients (1 to 1,000,000) instead of the demo clinic' } },
  run: async (_args, ctx) => {
    const n = ctx.values.patients as string | undefined;
    const count = n === undefined ? undefined : Number(n);
    if (count !== undefined && (!/^\d+$/.test(n!) || !Number.isInteger(count) || count < 1 || count > 1_000_000)) {
      throw new BedsideError('invalid-input', `--patients ${n} is not a number of patients; give a whole number between 1 and 1,000,000. Nothing was loaded.`);
    }
    return withRecordsService(ctx.paths, (records) => {
      if (count === undefined) {
        // Dated back from today (midnight UTC) so the latest visit's vitals are recent enough for
        // the time-windowed rules; once loaded it is left as it is (seeding again changes nothing).
        if (records.hasDemoClinic()) {
          ctx.out('Demo clinic loaded already: nothing changed.');
          ctx.result({ loaded: false, alreadyLoaded: true });
          return 0;
        }
        const anchor = demoAnchorFor(new Date());
        ctx.progress(0, 'Loading the demo clinic…');
        const { patients, summary } = records.seedDemoClinic('admin', { anchor });
        ctx.progress(1, 'Demo clinic loaded');
        ctx.out(`Demo clinic loaded: ${summary.created} new records, ${summary.unchanged} already present; latest visits on ${anchor.slice(0, 10)}.`);
        for (const p of patients) ctx.out(`  ${p.id}  ${p.name.padEnd(22)} ${p.flags}`);
        // Demo patients are fictional; ids only in the JSON all the same (it may be logged).
        ctx.result({ loaded: true, alreadyLoaded: false, created: summary.created, unchanged: summary.unchanged, latestVisits: anchor.slice(0, 10), patientIds: patients.map((p) => p.id) });
      } else {
        ctx.progress(0, `Generating ${count} patients…`);
        const s = records.seedGeneratedPatients('admin', count);
        ctx.progress(1, 'Generated');
        ctx.out(`Added ${count} generated patients: ${s.created} new records, ${s.unchanged} already present.`);
        ctx.result({ loaded: true, generatedPatients: count, created: s.created, unchanged: s.unchanged });
      }
      return 0;
    }, ctx.keyStore);
  },
};
