/** `admin seed [--patients N]`: loads the demo clinic, or N generated patients. */
import type { AdminCommand } from '../command';
import { argValue } from '../../services/paths';
import { demoAnchorFor } from '../../services/records/demoClinic';
import { withRecordsService } from '../../services/records/headless';

export const seedCommand: AdminCommand = {
  name: 'seed',
  usage: 'seed [--patients N]',
  summary: 'Load the demo clinic (or N generated patients)',
  run: async (args, ctx) => {
    const n = argValue(args, 'patients');
    const count = n === undefined ? undefined : Number(n);
    if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 1_000_000)) {
      ctx.out('Usage: seed [--patients N]  (N between 1 and 1,000,000)');
      return 2;
    }
    return withRecordsService(ctx.paths, (records) => {
      if (count === undefined) {
        // Dated back from today (midnight UTC) so the latest visit's vitals are recent enough for
        // the time-windowed rules; once loaded it is left as it is (seeding again changes nothing).
        if (records.hasDemoClinic()) {
          ctx.out('Demo clinic loaded already: nothing changed.');
          return 0;
        }
        const anchor = demoAnchorFor(new Date());
        const { patients, summary } = records.seedDemoClinic('admin', { anchor });
        ctx.out(`Demo clinic loaded: ${summary.created} new records, ${summary.unchanged} already present; latest visits on ${anchor.slice(0, 10)}.`);
        for (const p of patients) ctx.out(`  ${p.id}  ${p.name.padEnd(22)} ${p.flags}`);
      } else {
        const s = records.seedGeneratedPatients('admin', count);
        ctx.out(`Added ${count} generated patients: ${s.created} new records, ${s.unchanged} already present.`);
      }
      return 0;
    });
  },
};
