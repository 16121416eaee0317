/**
 * Interoperability benchmark: a running browser host answering a registered client over HTTP
 * (bearer JWT verified on every request) — CDS Hooks order-select with a draft order and
 * patient-view on the stored chart, FHIR read and a patient's Observation search — beside the
 * app's in-process calls for the same work (cds.checkOrder, cds.cardsForPatient) in the same run,
 * so the ratio shows what HTTP + JWT + the 2.0 card form cost. Last line: `BENCH {json}`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createBedside } from '../../electron/app/createBedside';
import { startBrowserHost } from '../../electron/server/browserHost';
import type { CdsService } from '../../electron/services/cds/cdsService';
import type { RecordsService } from '../../electron/services/records/recordsService';
import { nodeAppPaths } from '../../electron/services/paths';

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** Runs the benchmark and prints the table and the BENCH line. */
export async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-bench-interop-'));
  const bedside = await createBedside({ paths: nodeAppPaths(root, 'browser-host', { ...process.env, BEDSIDE_DATA_DIR: dataDir }, []), mode: 'headless', isTrustedSender: () => false, log: () => undefined });
  const records = bedside.container.get<RecordsService>('records');
  const cds = bedside.container.get<CdsService>('cds');
  records.seedDemoClinic('system:bench');
  const { publicKey, privateKey } = await generateKeyPair('ES384');
  const iss = 'https://ehr.bench.test/';
  fs.writeFileSync(path.join(dataDir, 'interop-clients.json'), JSON.stringify({ clients: [{ iss, name: 'Bench EHR', roles: ['clinician'], jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES384' }] } }] }));
  const host = await startBrowserHost(bedside, { port: 0, host: '127.0.0.1', rendererDir: dataDir }, new Set());
  const token = (aud: string): Promise<string> =>
    new SignJWT({ jti: crypto.randomUUID() }).setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: 'k1' }).setIssuer(iss).setAudience(aud).setIssuedAt().setExpirationTime('2m').sign(privateKey);
  const draft = (i: number) => ({ resourceType: 'MedicationRequest', id: `bench-${i}`, status: 'draft', intent: 'order', subject: { reference: 'Patient/demo-01' }, medicationCodeableConcept: { text: 'erythromycin 250 MG Oral Tablet' } });
  const post = async (p: string, body: unknown): Promise<number> => {
    const url = `${host.origin}${p}`;
    const t = await token(url);
    const t0 = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${t}` }, body: JSON.stringify(body) });
    await res.text();
    if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
    return performance.now() - t0;
  };
  const get = async (p: string): Promise<number> => {
    const t = await token(`${host.origin}/fhir`);
    const t0 = performance.now();
    const res = await fetch(`${host.origin}${p}`, { headers: { Authorization: `Bearer ${t}` } });
    await res.text();
    if (res.status !== 200) throw new Error(`${p}: ${res.status}`);
    return performance.now() - t0;
  };
  const n = Number(process.argv.find((a) => a.startsWith('--n='))?.slice(4) ?? 200);
  const measure = async (f: (i: number) => Promise<number> | number): Promise<number[]> => {
    for (let i = 0; i < 10; i++) await f(-1 - i);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(await f(i));
    return out;
  };
  const inProcess = (f: () => void) => (): number => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  const orderContext = (i: number) => ({ hookInstance: crypto.randomUUID(), hook: 'order-select', context: { patientId: 'demo-01', selections: [`MedicationRequest/bench-${i}`], draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: draft(i) }] } } });
  const rows: Record<string, number[]> = {
    'cds.checkOrder (in process)': await measure((i) => inProcess(() => cds.checkOrder('system:bench', 'demo-01', draft(i)))()),
    'order-select over HTTP + JWT': await measure((i) => post('/cds-services/bedside-order-select', orderContext(i))),
    'cds.cardsForPatient (in process)': await measure(() => inProcess(() => cds.cardsForPatient('system:bench', 'demo-01'))()),
    'patient-view over HTTP + JWT': await measure(() => post('/cds-services/bedside-patient-view', { hookInstance: crypto.randomUUID(), hook: 'patient-view', context: { patientId: 'demo-01' } })),
    'FHIR read Patient': await measure(() => get('/fhir/Patient/demo-01')),
    'FHIR search Observation?patient': await measure(() => get('/fhir/Observation?patient=demo-01&_count=100')),
  };
  console.log(`Interop benchmark (n=${n} each; demo clinic; ES384 token signed by the client outside the timing)`);
  console.log('| call | p50 ms | p95 ms |');
  console.log('| --- | --- | --- |');
  const result: Record<string, { p50: number; p95: number }> = {};
  for (const [name, xs] of Object.entries(rows)) {
    result[name] = { p50: Number(quantile(xs, 0.5).toFixed(2)), p95: Number(quantile(xs, 0.95).toFixed(2)) };
    console.log(`| ${name} | ${result[name].p50} | ${result[name].p95} |`);
  }
  const ratio = (a: string, b: string): number => Number((result[a]!.p50 / result[b]!.p50).toFixed(2));
  const ratios = { orderSelectOverInProcess: ratio('order-select over HTTP + JWT', 'cds.checkOrder (in process)'), patientViewOverInProcess: ratio('patient-view over HTTP + JWT', 'cds.cardsForPatient (in process)') };
  console.log(`p50 ratio HTTP/in-process: order-select ${ratios.orderSelectOverInProcess}, patient-view ${ratios.patientViewOverInProcess} (CDS Hooks asks for answers in about 500 ms)`);
  await host.close();
  await bedside.shutdown();
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(`BENCH ${JSON.stringify({ suite: 'interop', n, results: result, ratios })}`);
}
