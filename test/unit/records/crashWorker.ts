/**
 * Child process for the crash test: imports bundles in a loop and prints "committed <id>"
 * after each commit, until it is killed. Bundled by esbuild inside the test.
 */
import path from 'node:path';
import { FileKeyStore } from '../../../electron/services/records/keyStore';
import { RecordsService } from '../../../electron/services/records/recordsService';

const [dir, startArg] = process.argv.slice(2);
const service = new RecordsService({
  databaseFile: path.join(dir!, 'bedside.db'),
  backupsDir: path.join(dir!, 'backups'),
  keyStore: new FileKeyStore(path.join(dir!, 'bedside.key')),
});
service.boot();
process.stdout.write('ready\n');
for (let i = Number(startArg); ; i++) {
  const id = `b${i}`;
  const entry: { resource: Record<string, unknown> }[] = [{ resource: { resourceType: 'Patient', id: `p-${id}`, name: [{ family: `Crash${i}` }] } }];
  for (let k = 0; k < 30; k++) {
    entry.push({
      resource: {
        resourceType: 'Observation',
        id: `${id}-o${k}`,
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
        subject: { reference: `Patient/p-${id}` },
        valueQuantity: { value: 60 + k },
        note: [{ text: 'x'.repeat(500 + ((i * 31 + k) % 2000)) }],
      },
    });
  }
  service.importBundle('crash-test', { resourceType: 'Bundle', type: 'transaction', entry }, id);
  process.stdout.write(`committed ${id}\n`);
}
