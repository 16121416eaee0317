import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../electron/services/models/registry';
import { readTar, writeTgz } from '../../../electron/services/models/tarReader';
import { STATE_FILE } from '../../../electron/services/models/packState';
import { tempDir } from '../../helpers/tempDir';
import { buildImagePack, makeKeys, type TestKeys } from '../inference/helpers/packFixtures';
import { isBedsideError } from '../../../electron/services/errors';

function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of fs.readdirSync(d).sort()) {
      const p = path.join(d, n);
      out.push(`${path.relative(dir, p)}:${fs.statSync(p).isDirectory() ? 'dir' : fs.statSync(p).size}`);
      if (fs.statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (isBedsideError(e)) return { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) };
    throw e;
  }
  throw new Error('expected a refusal');
}

function setup(): { root: string; keys: TestKeys; packs: string; registry: ModelRegistry; out: string } {
  const root = tempDir('bedside-reg-');
  const keys = makeKeys(root);
  const packs = path.join(root, 'packs');
  const out = path.join(root, 'built');
  const registry = new ModelRegistry({ packsDir: packs, trustedKeyDirs: [keys.trustedDir] });
  registry.boot();
  return { root, keys, packs, registry, out };
}

describe('ModelRegistry', () => {
  it('installs from a folder and from a .tgz, keeps versions side by side, activates and rolls back', async () => {
    const { root, keys, registry, out, packs } = setup();
    const v1 = buildImagePack(root, keys, out);
    const v2 = buildImagePack(root, keys, out, { version: '1.1.0' });
    expect(await registry.install(v1.dir)).toEqual({ id: 'tiny-xray', version: '1.0.0', active: true, alreadyInstalled: false });
    expect(await registry.install(v2.archive!)).toEqual({ id: 'tiny-xray', version: '1.1.0', active: false, alreadyInstalled: false });
    expect((await registry.install(v1.archive!)).alreadyInstalled).toBe(true);
    let [pack] = await registry.list();
    expect(pack!.versions.map((v) => v.version)).toEqual(['1.1.0', '1.0.0']);
    expect(pack!.active).toBe('1.0.0');
    await registry.activate('tiny-xray', '1.1.0');
    expect((await registry.resolve('tiny-xray')).version).toBe('1.1.0');
    expect(JSON.parse(fs.readFileSync(path.join(packs, STATE_FILE), 'utf8')).packs['tiny-xray']).toEqual({ active: '1.1.0', history: ['1.0.0'] });
    expect(await registry.rollback('tiny-xray')).toEqual({ id: 'tiny-xray', active: '1.0.0', previous: '1.1.0' });
    [pack] = await registry.list();
    expect(pack!.active).toBe('1.0.0');
    const noMore = await refusal(registry.rollback('tiny-xray'));
    expect(noMore.code).toBe('conflict');
    // A new registry over the same folder sees the same state.
    const again = new ModelRegistry({ packsDir: packs, trustedKeyDirs: [keys.trustedDir] });
    again.boot();
    expect((await again.resolve('tiny-xray')).version).toBe('1.0.0');
  });

  it('refuses a pack whose file hash does not match, names the file and both hashes, and changes nothing', async () => {
    const { root, keys, registry, out, packs } = setup();
    const v1 = buildImagePack(root, keys, out);
    const model = path.join(v1.dir, 'model.onnx');
    const bytes = fs.readFileSync(model);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff;
    fs.writeFileSync(model, bytes);
    const before = snapshot(packs);
    const r = await refusal(registry.install(v1.dir));
    expect(r.code).toBe('verification-failed');
    expect(r.message).toMatch(/model\.onnx is damaged or was changed \(sha256 expected [0-9a-f]{64}, found [0-9a-f]{64}\)/);
    expect(r.message).toMatch(/Nothing was installed or changed/);
    expect(snapshot(packs)).toEqual(before);
  });

  it('refuses a pack signed by an untrusted key', async () => {
    const { root, registry, out, packs } = setup();
    const stranger = makeKeys(root, 'stranger');
    const v1 = buildImagePack(root, stranger, out);
    const before = snapshot(packs);
    const r = await refusal(registry.install(v1.archive!));
    expect(r.message).toMatch(/signed by an untrusted key/);
    expect(snapshot(packs)).toEqual(before);
  });

  it('refuses a manifest changed after signing, even a threshold', async () => {
    const { root, keys, registry, out, packs } = setup();
    const v1 = buildImagePack(root, keys, out);
    const file = path.join(v1.dir, 'manifest.json');
    const m = JSON.parse(fs.readFileSync(file, 'utf8'));
    m.labels[1].threshold = 0.45;
    fs.writeFileSync(file, JSON.stringify(m));
    const r = await refusal(registry.install(v1.dir));
    expect(r.message).toMatch(/manifest changed after signing/);
    expect(snapshot(packs)).toEqual([]);
    // Re-formatting alone keeps the signature valid (canonical JSON).
    const v2 = buildImagePack(root, keys, out, { version: '2.0.0' });
    const f2 = path.join(v2.dir, 'manifest.json');
    fs.writeFileSync(f2, JSON.stringify(JSON.parse(fs.readFileSync(f2, 'utf8'))));
    expect((await registry.install(v2.dir)).version).toBe('2.0.0');
  });

  it('refuses a missing file, a bad archive and an archive escaping the pack', async () => {
    const { root, keys, registry, out } = setup();
    const v1 = buildImagePack(root, keys, out);
    fs.rmSync(path.join(v1.dir, 'model.onnx'));
    expect((await refusal(registry.install(v1.dir))).message).toMatch(/file model\.onnx is missing/);
    const bad = path.join(root, 'bad.tgz');
    fs.writeFileSync(bad, 'not an archive at all');
    expect((await refusal(registry.install(bad))).message).toMatch(/archive could not be read/);
    const evil = path.join(root, 'evil.tar.gz');
    writeTgz(evil, [{ path: '../../escape.txt', data: Buffer.from('x') }]);
    expect((await refusal(registry.install(evil))).message).toMatch(/points outside the pack/);
    expect(fs.existsSync(path.join(root, 'escape.txt'))).toBe(false);
    expect((await refusal(registry.install(path.join(root, 'nowhere')))).code).toBe('not-found');
  });

  it('installs an archive whose files sit in one top folder (tar czf pack.tgz folder/)', async () => {
    const { root, keys, registry, out } = setup();
    const v1 = buildImagePack(root, keys, out);
    const nested = path.join(root, 'nested.tgz');
    writeTgz(
      nested,
      ['manifest.json', 'signature.json', 'model.onnx'].map((f) => ({ path: `tiny-xray-1.0.0/${f}`, data: fs.readFileSync(path.join(v1.dir, f)) })),
    );
    expect((await registry.install(nested)).version).toBe('1.0.0');
  });

  it('reports an installed file damaged later when the model is resolved', async () => {
    const { root, keys, registry, out, packs } = setup();
    await registry.install(buildImagePack(root, keys, out).dir);
    const fresh = new ModelRegistry({ packsDir: packs, trustedKeyDirs: [keys.trustedDir] });
    fresh.boot();
    fs.appendFileSync(path.join(packs, 'tiny-xray', '1.0.0', 'model.onnx'), 'x');
    const r = await refusal(fresh.resolve('tiny-xray'));
    expect(r.code).toBe('corrupt');
    expect(r.message).toMatch(/tiny-xray 1\.0\.0 cannot be used: the file model\.onnx has \d+ bytes/);
  });

  it('installs bundled packs in the background at boot without blocking it', async () => {
    const { root, keys, out } = setup();
    buildImagePack(root, keys, out);
    const packs = path.join(root, 'packs2');
    const reg = new ModelRegistry({ packsDir: packs, trustedKeyDirs: [keys.trustedDir], bundledPacksDir: out });
    reg.boot();
    await reg.whenReady();
    expect((await reg.list()).map((p) => p.id)).toEqual(['tiny-xray']);
  });
});

describe('tar reader', () => {
  it('round-trips files and reads nested folders', () => {
    const root = tempDir('bedside-tar-');
    const file = path.join(root, 'a.tgz');
    writeTgz(file, [
      { path: 'manifest.json', data: Buffer.from('{}') },
      { path: 'onnx/model.onnx', data: Buffer.alloc(1500, 7) },
    ]);
    const files = readTar(fs.readFileSync(file));
    expect(files.map((f) => [f.path, f.data.length])).toEqual([
      ['manifest.json', 2],
      ['onnx/model.onnx', 1500],
    ]);
  });
});
