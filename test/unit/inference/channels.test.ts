/**
 * The models and inference channels through the real router, as the renderer calls them:
 * bundled packs installed at first run, analyses with provenance, app.info reporting the
 * provider that actually ran, and size limits refused with a clear message.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBedside, type Bedside } from '../../../electron/app/createBedside';
import { MAX_NOTE_CHARS } from '../../../electron/contract/channels/inference';
import { forkHostLauncher } from '../../../electron/services/inference/hostLauncher';
import { nodeAppPaths } from '../../../electron/services/paths';
import { repoRoot } from '../../helpers/sharedData';
import { tempDir } from '../../helpers/tempDir';
import { bundleHost } from './helpers/hostBundle';
import { buildImagePack, buildTextPack, makeKeys } from './helpers/packFixtures';

const root = tempDir('bedside-chan-');
let bedside: Bedside;
const call = (channel: string, input: unknown) => bedside.router.invoke({ transport: 'cli', senderUrl: 'test' }, channel, input);

beforeAll(async () => {
  // A bundled-packs folder with its trusted key beside it, as the packaged app has them.
  const bundle = path.join(root, 'resources');
  const keys = makeKeys(root);
  fs.mkdirSync(path.join(bundle, 'keys'), { recursive: true });
  fs.cpSync(keys.trustedDir, path.join(bundle, 'keys', 'trusted'), { recursive: true });
  const packsOut = path.join(bundle, 'packs');
  buildImagePack(root, keys, packsOut);
  buildTextPack(root, keys, packsOut, 'topics');
  buildImagePack(root, keys, path.join(root, 'later'), { version: '1.1.0' });
  const base = nodeAppPaths(repoRoot, 'browser-host', { ...process.env, BEDSIDE_DATA_DIR: path.join(root, 'data') }, []);
  bedside = await createBedside({
    paths: { ...base, bundledPacksDir: packsOut, bundledTrustedKeysDir: path.join(bundle, 'keys', 'trusted'), inferenceHostScript: bundleHost(root) },
    mode: 'headless',
    isTrustedSender: () => true,
    log: () => undefined,
    launchHost: (script, env) => forkHostLauncher(script, { ...env, NODE_PATH: path.join(repoRoot, 'node_modules') }),
  });
});
afterAll(() => bedside?.shutdown());

describe('models channels', () => {
  it('lists the bundled packs with their model cards, installs, activates and rolls back', async () => {
    const list = await call('models.list', {});
    expect(list.ok).toBe(true);
    const packs = (list as { value: { packs: { id: string; active: string; versions: { modelCard: { license: string } }[] }[] } }).value.packs;
    expect(packs.map((p) => [p.id, p.active])).toEqual([
      ['tiny-topics', '1.0.0'],
      ['tiny-xray', '1.0.0'],
    ]);
    expect(packs[1]!.versions[0]!.modelCard.license).toBe('Apache-2.0');
    const installed = await call('models.install', { path: path.join(root, 'later', 'tiny-xray-1.1.0.tgz') });
    expect(installed).toEqual({ ok: true, value: { id: 'tiny-xray', version: '1.1.0', active: false, alreadyInstalled: false } });
    expect(await call('models.activate', { id: 'tiny-xray', version: '1.1.0' })).toEqual({ ok: true, value: { id: 'tiny-xray', active: '1.1.0' } });
    expect(await call('models.rollback', { id: 'tiny-xray' })).toEqual({ ok: true, value: { id: 'tiny-xray', active: '1.0.0', previous: '1.1.0' } });
    const bad = await call('models.install', { path: path.join(root, 'nothing-here.tgz') });
    expect(bad.ok).toBe(false);
  });
});

describe('inference channels', () => {
  it('analyses an image sent as base64 and reports the provider that ran in app.info', async () => {
    const png = await sharp(Buffer.alloc(64, 230), { raw: { width: 8, height: 8, channels: 1 } }).png().toBuffer();
    const r = await call('inference.analyzeImage', { packId: 'tiny-xray', bytesBase64: png.toString('base64'), fileName: 'cxr.png' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as { labels: { name: string; status: string }[]; provenance: { provider: string; modelVersion: string } };
    expect(v.labels.find((l) => l.name === 'pneumonia')!.status).toBe('present');
    expect(v.provenance).toMatchObject({ provider: 'cpu', modelVersion: '1.0.0' });
    const info = await call('app.info', {});
    expect(info.ok && (info.value as { activeProvider: string }).activeProvider).toBe('cpu');
  });

  it('analyses a note and refuses one beyond the documented size limit with a clear message', async () => {
    const r = await call('inference.analyzeText', { packId: 'tiny-topics', text: 'Chest pain and cough.' });
    expect(r.ok).toBe(true);
    const tooLong = await call('inference.analyzeText', { packId: 'tiny-topics', text: 'a'.repeat(MAX_NOTE_CHARS + 1) });
    expect(tooLong.ok).toBe(false);
    if (!tooLong.ok) expect(tooLong.error.message).toMatch(/notes longer than 2,000,000 characters are not analysed/);
    const wrongPack = await call('inference.analyzeText', { packId: 'tiny-xray', text: 'cough' });
    expect(wrongPack.ok === false && wrongPack.error.message).toMatch(/tiny-xray is for image-classification; it cannot analyse notes/);
    expect(await call('inference.cancel', { jobId: 'nothing' })).toEqual({ ok: true, value: { cancelled: false } });
  });
});
