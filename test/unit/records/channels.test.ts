import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../../electron/contract';
import { recordsHandlers } from '../../../electron/ipc/handlers/records';
import { Router, type CallContext } from '../../../electron/ipc/router';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { heartRate, openRecords, patient } from './fixtures';

let s: RecordsService;
afterEach(async () => {
  await s?.shutdown();
});

const ctx: CallContext = { transport: 'ws', senderUrl: 'http://127.0.0.1', connectionId: 'c1' };

describe('records channels', () => {
  it('validate inputs and answer through the router with typed errors', async () => {
    s = openRecords();
    const router = new Router(contract, { isTrustedSender: () => true });
    router.handleAll({ records: recordsHandlers(() => s) });
    expect(router.channelNames().filter((n) => n.startsWith('records.') && router.unhandledChannels().includes(n))).toEqual([]);
    expect(await router.invoke(ctx, 'records.saveResource', { resource: patient('p1', 'Rivera') })).toMatchObject({ ok: true, value: { outcome: 'created', versionId: '1' } });
    expect(await router.invoke(ctx, 'records.saveResource', { resource: heartRate('o1', 'p1', 'x') })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('Observation/o1: valueQuantity.value must be a number') } });
    expect(await router.invoke(ctx, 'records.searchPatients', { query: 'riv' })).toMatchObject({ ok: true, value: { patients: [{ id: 'p1' }] } });
    expect(await router.invoke(ctx, 'records.searchPatients', { query: 'riv', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await router.invoke(ctx, 'records.chart', { patientId: 'p1', limit: 5000 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const chart = await router.invoke(ctx, 'records.chart', { patientId: 'p1' });
    expect(chart).toMatchObject({ ok: true, value: { patientId: 'p1', nextCursor: null } });
    expect(await router.invoke(ctx, 'records.verifyAudit', {})).toMatchObject({ ok: true, value: { ok: true, rows: 2 } });
    const actors = s.database.prepare('SELECT DISTINCT actor FROM audit_log').pluck().all();
    expect(actors).toEqual(['ws:c1']);
  });
});
