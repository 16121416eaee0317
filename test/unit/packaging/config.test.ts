import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Fuses from '@electron/fuses';

const root = path.resolve(__dirname, '../../..');
const require = createRequire(__filename);
interface FileSet { from: string; to: string; filter?: string[] }
interface PlatformConfig { target: { target: string; arch: string[] }[]; files: string[]; icon: string }
const config = require(path.join(root, 'build/electron-builder.config.cjs')) as {
  appId: string;
  productName: string;
  executableName: string;
  npmRebuild: boolean;
  asar: boolean;
  asarUnpack: string[];
  extraResources: FileSet[];
  electronFuses: Record<string, boolean>;
  publish: { provider: string }[];
  win: PlatformConfig;
  linux: PlatformConfig;
  mac: PlatformConfig;
  nsis: { oneClick: boolean; perMachine: boolean; allowElevation: boolean };
  files?: unknown;
};
const rules = require(path.join(root, 'build/packaging-rules.cjs')) as { neverShippedPackages: () => string[]; dependencyClosure: (n: string[]) => string[] };

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('electron-builder configuration', () => {
  it('names the app and builds NSIS, AppImage + deb and dmg installers', () => {
    expect(config.productName).toBe('Bedside');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.executableName).toBe('bedside');
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.mac.target.map((t) => t.target)).toContain('dmg');
    expect(config.mac.target.map((t) => t.target)).toContain('zip'); // what electron-updater installs on macOS
  });

  it('lets the installer choose per-user or per-machine (shared workstations)', () => {
    expect(config.nsis.oneClick).toBe(false);
    expect(config.nsis.perMachine).toBe(false);
    expect(config.nsis.allowElevation).toBe(true);
  });

  it('rebuilds native modules for Electron on real builds', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asar).toBe(true);
  });

  it('packages built code only: no tests, source maps, TypeScript or dev tools, on every platform', () => {
    expect(config.files).toBeUndefined(); // per platform only (a global list plus platform exclusions packaged the whole repository)
    for (const p of [config.win, config.linux, config.mac]) {
      expect(p.files).toEqual(expect.arrayContaining(['package.json', 'dist/electron/**/*', 'dist/renderer/**/*', '!**/*.map', '!**/*.{ts,tsx,mts,cts}', '!dist/electron/cli/eval.js']));
      expect(p.files.some((f) => f === 'test/**' || f.startsWith('models') || f.startsWith('docs') || f === '**/*')).toBe(false);
      expect(p.files).toContain('!node_modules/onnxruntime-web/**');
      expect(p.files).toContain('!node_modules/**/{src,deps,test,tests,__tests__,example,examples,benchmark,benchmarks,docs,doc,.github}/**');
    }
    expect(config.linux.files).toEqual(expect.arrayContaining(['!node_modules/onnxruntime-node/bin/napi-v6/win32/**', '!node_modules/onnxruntime-node/bin/napi-v6/darwin/**']));
    expect(config.linux.files).not.toContain('!node_modules/onnxruntime-node/bin/napi-v6/linux/**');
    expect(config.win.files).not.toContain('!node_modules/onnxruntime-node/bin/napi-v6/win32/**');
  });

  it('never ships development dependencies or the web runtime', () => {
    const never = rules.neverShippedPackages();
    for (const name of ['vitest', 'eslint', 'electron-builder', 'typescript', 'electron', 'onnxruntime-web', '@types/*']) expect(never).toContain(name);
    for (const name of ['onnxruntime-node', 'sharp', 'better-sqlite3-multiple-ciphers', 'electron-updater']) expect(never).not.toContain(name);
  });

  it('unpacks native modules, their shared libraries and the inference host from asar', () => {
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        'node_modules/onnxruntime-node/**',
        'node_modules/better-sqlite3-multiple-ciphers/prebuilds/*.node',
        'node_modules/sharp/**',
        'node_modules/@img/**',
        'dist/electron/inference-host/**',
      ]),
    );
    // The host runs from app.asar.unpacked, so what it imports must be unpacked too.
    for (const name of rules.dependencyClosure(['onnxruntime-node', 'sharp'])) expect(config.asarUnpack).toContain(`node_modules/${name}/**`);
  });

  it('puts model packs and public keys outside asar where paths.ts looks for them', () => {
    const byFrom = Object.fromEntries(config.extraResources.map((r) => [r.from, r]));
    expect(byFrom['models/packs']).toMatchObject({ to: 'packs' });
    expect(byFrom['models/keys/trusted']).toMatchObject({ to: 'keys/trusted', filter: ['*.pub'] });
    expect(byFrom['build/update-keys']).toMatchObject({ to: 'update-keys', filter: ['*.pub'] });
    expect(config.extraResources.some((r) => r.from === 'models/keys' || r.from === 'models')).toBe(false); // the demo private key stays home
  });

  it('flips the fuses as the security review asked', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('writes update manifests (generic provider; the address is chosen at run time)', () => {
    expect(config.publish[0]!.provider).toBe('generic');
  });

  it('has its icons: a 512 px PNG, an ICO with a 256 px image, an ICNS', () => {
    const png = fs.readFileSync(path.join(root, config.linux.icon));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(512);
    const ico = fs.readFileSync(path.join(root, config.win.icon));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    expect([...Array(count).keys()].some((i) => ico[6 + 16 * i] === 0)).toBe(true); // 0 means 256
    const icns = fs.readFileSync(path.join(root, config.mac.icon));
    expect(icns.subarray(0, 4).toString()).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
  });
});

describe('stand-in Electron for the packaging check', () => {
  it('carries a fuse wire that @electron/fuses reads and flips', async () => {
    const { writeStandInElectron } = (await import(path.join(root, 'build/stand-in-electron.mjs'))) as { writeStandInElectron: (d: string, v: string) => string };
    const fuses = require('@electron/fuses') as typeof Fuses;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
    dirs.push(dir);
    writeStandInElectron(dir, '41.0.0');
    const exe = path.join(dir, 'electron');
    const before = await fuses.getCurrentFuseWire(exe);
    expect(before[fuses.FuseV1Options.RunAsNode]).toBe(49); // Electron's default: on
    await fuses.flipFuses(exe, { version: fuses.FuseVersion.V1, [fuses.FuseV1Options.RunAsNode]: false, [fuses.FuseV1Options.OnlyLoadAppFromAsar]: true });
    const after = await fuses.getCurrentFuseWire(exe);
    expect(after[fuses.FuseV1Options.RunAsNode]).toBe(48);
    expect(after[fuses.FuseV1Options.OnlyLoadAppFromAsar]).toBe(49);
    expect(fs.statSync(exe).mode & 0o111).not.toBe(0);
    expect(fs.readFileSync(path.join(dir, 'version'), 'utf8')).toBe('41.0.0');
  });
});
