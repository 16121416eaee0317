import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../electron/contract';
import { isBedsideError } from '../../../electron/services/errors';
import { startEngine } from './helpers/engine';
import { buildImagePack, buildTextPack } from './helpers/packFixtures';

let onProgress: (p: JobProgress) => void = () => undefined;
const engine = startEngine({
  emit: (name, payload) => {
    if (name === 'jobs.progress') onProgress(payload as JobProgress);
  },
});
const LONG = 'The patient has asthma and no fever. '.repeat(12_000);

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isBedsideError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  await engine.registry.install(buildTextPack(engine.root, engine.keys, engine.built, 'ner', { maxLength: 64, stride: 8 }).dir);
  await engine.registry.install(buildImagePack(engine.root, engine.keys, engine.built).dir);
});

describe('faults', () => {
  it('retries a job once when the host crashes mid-job, and the supervisor restarts the host', async () => {
    let killed = 0;
    onProgress = (p) => {
      if (p.state === 'running' && (p.fraction ?? 0) > 0.2 && killed === 0) {
        killed++;
        engine.inference.supervisor.killHost();
      }
    };
    const stats = await engine.inference.hostStats(); // starts the host
    expect(stats.rssBytes).toBeGreaterThan(0);
    const startsBefore = engine.inference.supervisor.starts;
    const pidBefore = engine.inference.supervisor.pid;
    const r = await engine.inference.analyzeText({ packId: 'tiny-ner', text: LONG });
    expect(killed).toBe(1);
    expect(r.provenance.attempts).toBe(2);
    expect(r.entities).toHaveLength(12_000);
    expect(engine.inference.supervisor.starts).toBe(startsBefore + 1);
    expect(engine.inference.supervisor.pid).not.toBe(pidBefore);
  });

  it('fails clearly when the host crashes on the retry too, then keeps serving other jobs', async () => {
    onProgress = (p) => {
      if (p.state === 'running' && (p.fraction ?? 0) > 0.1) engine.inference.supervisor.killHost();
    };
    const f = await failure(engine.inference.analyzeText({ packId: 'tiny-ner', text: LONG }));
    expect(f.code).toBe('unavailable');
    expect(f.message).toMatch(/stopped unexpectedly twice while analysing with model tiny-ner 1\.0\.0/);
    onProgress = () => undefined;
    const ok = await engine.inference.analyzeText({ packId: 'tiny-ner', text: 'asthma' });
    expect(ok.entities).toHaveLength(1);
    expect(ok.provenance.attempts).toBe(1);
  });

  it('cancels a running job between windows, and a queued one before it starts', async () => {
    const states: JobProgress[] = [];
    onProgress = (p) => {
      states.push(p);
      if (p.jobId === 'long-1' && p.state === 'running' && (p.fraction ?? 0) > 0.1) engine.inference.cancel('long-1');
    };
    const running = failure(engine.inference.analyzeText({ packId: 'tiny-ner', text: LONG, jobId: 'long-1' }));
    const queued = failure(engine.inference.analyzeText({ packId: 'tiny-ner', text: 'asthma', jobId: 'queued-1', priority: 'background' }));
    expect(engine.inference.cancel('queued-1')).toBe(true);
    expect((await queued).code).toBe('cancelled');
    expect((await running).code).toBe('cancelled');
    expect(states.filter((s) => s.jobId === 'long-1').at(-1)!.state).toBe('cancelled');
    expect(engine.inference.cancel('unknown')).toBe(false);
    onProgress = () => undefined;
  });

  it('runs interactive jobs before background ones', async () => {
    const order: string[] = [];
    onProgress = (p) => {
      if (p.state === 'done') order.push(p.jobId);
    };
    const jobs = [
      engine.inference.analyzeText({ packId: 'tiny-ner', text: LONG.slice(0, 20_000), jobId: 'first', priority: 'background' }),
      engine.inference.analyzeText({ packId: 'tiny-ner', text: 'asthma', jobId: 'bg', priority: 'background' }),
      engine.inference.analyzeText({ packId: 'tiny-ner', text: 'asthma', jobId: 'ui', priority: 'interactive' }),
    ];
    await Promise.all(jobs);
    expect(order).toEqual(['first', 'ui', 'bg']);
    onProgress = () => undefined;
  });

  it('names a model file damaged after install, and other models keep working', async () => {
    await engine.registry.install(buildImagePack(engine.root, engine.keys, engine.built, { id: 'damaged-xray' }).dir);
    engine.registry.recheck('damaged-xray');
    const file = path.join(engine.root, 'packs', 'damaged-xray', '1.0.0', 'model.onnx');
    const bytes = fs.readFileSync(file);
    bytes[20] = (bytes[20] as number) ^ 0x55;
    fs.writeFileSync(file, bytes);
    const f = await failure(engine.inference.analyzeImage({ packId: 'damaged-xray', bytes: Buffer.from('x'), fileName: 'x.png' }));
    expect(f.code).toBe('corrupt');
    expect(f.message).toMatch(/damaged-xray 1\.0\.0 cannot be used: the file model\.onnx is damaged or was changed \(sha256 expected/);
    expect((await engine.inference.analyzeText({ packId: 'tiny-ner', text: 'asthma' })).entities).toHaveLength(1);
  });
});

describe('execution provider fallback', () => {
  const gpu = startEngine({ provider: 'cuda' });
  it('falls back to the CPU when the requested provider cannot load, and says so in the result', async () => {
    await gpu.registry.install(buildTextPack(gpu.root, gpu.keys, gpu.built, 'ner').dir);
    const r = await gpu.inference.analyzeText({ packId: 'tiny-ner', text: 'Asthma.' });
    expect(r.provenance.provider).toBe('cpu');
    expect(r.provenance.requestedProvider).toBe('cuda');
    expect(r.provenance.fallbackReason).toMatch(/CUDA could not be used .*the CPU ran instead/);
    expect(r.entities).toHaveLength(1);
    expect(gpu.inference.activeProvider()).toBe('cpu');
  });
});
