/**
 * Bounded admin input and pack staging (issue #12, findings 10 and 12): decompression bombs,
 * devices named as packs or imports, error messages that never quote a file's contents, and
 * pack paths that try to leave the staging folder with either separator.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry, stagedPath } from '../../../electron/services/models/registry';
import { readTar, writeTgz } from '../../../electron/services/models/tarReader';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { startHarness, type Harness } from '../../helpers/bedsideHarness';
import { repoRoot } from '../../helpers/sharedData';
import { tempDir } from '../../helpers/tempDir';

const shipped = path.join(repoRoot, 'models', 'keys', 'trusted');
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signedIn: false });
});

describe('model packs', () => {
  it('a gzip bomb is refused without unpacking it (ratio and total caps)', async () => {
    const dir = tempDir();
    const bomb = path.join(dir, 'bomb.tgz');
    writeTgz(bomb, [{ path: 'manifest.json', data: Buffer.alloc(40 * 1024 * 1024) }]);
    expect(fs.statSync(bomb).size).toBeLessThan(200 * 1024);
    const registry = new ModelRegistry({ packsDir: path.join(dir, 'packs'), trustedKeyDirs: [shipped], demoMode: true });
    registry.boot();
    const before = process.memoryUsage().rss;
    await expect(registry.install(bomb)).rejects.toThrow(/unpacks to more than \d+ MB \(at most 20 times its packed size/);
    expect(process.memoryUsage().rss - before).toBeLessThan(30 * 1024 * 1024);
    expect(() => readTar(fs.readFileSync(bomb))).toThrow(/unpacks to more than/);
  });

  it('a device or a FIFO named as a pack is refused', async () => {
    const registry = new ModelRegistry({ packsDir: path.join(tempDir(), 'packs'), trustedKeyDirs: [shipped], demoMode: true });
    registry.boot();
    await expect(registry.install('/dev/zero')).rejects.toThrow(/neither a folder nor a regular/);
  });

  it('pack paths are normalised with both separators; anything leaving the staging folder is refused', () => {
    const staging = tempDir();
    expect(stagedPath(staging, 'model/weights.onnx', 'p')).toBe(path.join(staging, 'model', 'weights.onnx'));
    expect(stagedPath(staging, 'model\\weights.onnx', 'p')).toBe(path.join(staging, 'model', 'weights.onnx'));
    for (const bad of ['..\\..\\evil.dll', '../evil', 'a/../../b', 'C:\\Windows\\evil.dll', '/etc/passwd', '\\\\server\\share\\x', 'a//b', './a']) {
      expect(() => stagedPath(staging, bad, '"x.tgz"'), bad).toThrow(/lists a file outside the pack/);
    }
  });

  it('a folder pack listing ..\\ paths is refused by its manifest check before any file is copied', async () => {
    const dir = tempDir();
    const src = path.join(dir, 'src');
    fs.cpSync(path.join(repoRoot, 'models', 'packs', 'pneumonia-xray-0.2.0'), src, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(src, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    manifest.files[0]!.path = '..\\..\\escaped.onnx';
    fs.writeFileSync(path.join(src, 'manifest.json'), JSON.stringify(manifest));
    fs.writeFileSync(path.join(src, '..\\..\\escaped.onnx'), 'x');
    const packs = path.join(dir, 'packs');
    const registry = new ModelRegistry({ packsDir: packs, trustedKeyDirs: [shipped], demoMode: true });
    registry.boot();
    await expect(registry.install(src)).rejects.toThrow(/refused/);
    expect(fs.readdirSync(packs)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'escaped.onnx'))).toBe(false);
  });
});

describe('record imports', () => {
  it('refuse devices, and never quote the file in their errors', async () => {
    const records = h.bedside.container.get<RecordsService>('records');
    await expect(records.runImport('system:test', '/dev/zero')).rejects.toThrow(/not a regular file or folder/);
    const secret = path.join(tempDir(), 'passwd.json');
    fs.writeFileSync(secret, 'root:x:0:0:SECRET-CONTENT:/root:/bin/bash\n');
    const e = (await records.runImport('system:test', secret).catch((x: unknown) => x)) as Error;
    expect(e.message).toMatch(/passwd\.json is not valid JSON/);
    expect(e.message).not.toMatch(/root|SECRET/);
  });

  it('an NDJSON file without line breaks stops at the line limit', () => {
    const file = path.join(tempDir(), 'one-line.ndjson');
    const fd = fs.openSync(file, 'w');
    const mb = Buffer.alloc(1024 * 1024, 0x61);
    for (let i = 0; i < 66; i++) fs.writeSync(fd, mb);
    fs.closeSync(fd);
    return expect(h.bedside.container.get<RecordsService>('records').runImport('system:test', file)).rejects.toThrow(/line 1 is longer than 64 MB/);
  });
});

