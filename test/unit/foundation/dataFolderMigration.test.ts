/** The one-time move of the data folder from the old default location (paths.legacyDataDirs). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFolderService } from '../../../electron/services/dataFolder';
import { MOVED_NOTE, migrateLegacyDataFolder } from '../../../electron/services/dataFolderMigration';
import { resolveAppPaths } from '../../../electron/services/paths';
import { withRecordsService } from '../../../electron/services/records/headless';
import { demoAnchorFor } from '../../../electron/services/records/demoClinic';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));

describe('data folder migration', () => {
  it('moves a real encrypted database, its key and packs from ~/.config/Bedside to ~/.local/share/bedside once, leaving Electron files', async () => {
    const home = tempDir();
    const paths = resolveAppPaths({ layout: 'browser-host', appRoot: '/repo', env: {}, argv: [], platform: 'linux', homedir: home });
    const oldPaths = resolveAppPaths({ layout: 'browser-host', appRoot: '/repo', env: {}, argv: ['--data-dir', paths.legacyDataDirs[0]!], platform: 'linux', homedir: home });
    const seeded = await withRecordsService(oldPaths, (r) => r.seedDemoClinic('t', { anchor: demoAnchorFor(new Date('2026-01-15T00:00:00Z')) }).patients.length);
    fs.mkdirSync(path.join(oldPaths.packsDir, 'p', '1.0.0'), { recursive: true });
    fs.writeFileSync(path.join(oldPaths.packsDir, 'p', '1.0.0', 'model.onnx'), 'x'.repeat(1000));
    fs.writeFileSync(path.join(oldPaths.dataDir, 'Preferences'), '{}'); // Electron's own file
    const folder = new DataFolderService(paths);
    folder.boot();
    expect(folder.migration).toMatchObject({ from: oldPaths.dataDir, kept: [] });
    expect(folder.migration!.moved).toEqual(expect.arrayContaining(['bedside.db', 'bedside.key', 'packs']));
    expect(folder.migration!.moved.at(-1)).toBe('bedside.db');
    expect(fs.existsSync(path.join(oldPaths.dataDir, 'bedside.db'))).toBe(false);
    expect(fs.existsSync(path.join(oldPaths.dataDir, 'Preferences'))).toBe(true);
    expect(fs.readFileSync(path.join(oldPaths.dataDir, MOVED_NOTE), 'utf8')).toContain(paths.dataDir);
    expect(fs.readFileSync(path.join(paths.packsDir, 'p', '1.0.0', 'model.onnx'), 'utf8')).toHaveLength(1000);
    // The moved database opens with the moved key and holds the same records.
    expect(await withRecordsService(paths, (r) => r.hasDemoClinic())).toBe(true);
    expect(seeded).toBeGreaterThan(0);
    // Once only: a second start finds the database in place and moves nothing.
    const again = new DataFolderService(paths);
    again.boot();
    expect(again.migration).toBeNull();
  }, 30_000);

  it('never overwrites: nothing moves when the new folder already has a database, and entries already there stay in the old folder', () => {
    const oldDir = tempDir();
    const newDir = tempDir();
    fs.writeFileSync(path.join(oldDir, 'bedside.db'), 'old');
    fs.writeFileSync(path.join(newDir, 'bedside.db'), 'new');
    expect(migrateLegacyDataFolder([oldDir], newDir)).toBeNull();
    expect(fs.readFileSync(path.join(newDir, 'bedside.db'), 'utf8')).toBe('new');
    fs.rmSync(path.join(newDir, 'bedside.db'));
    fs.mkdirSync(path.join(oldDir, 'logs'));
    fs.writeFileSync(path.join(oldDir, 'logs', 'old.log'), 'x');
    fs.mkdirSync(path.join(newDir, 'logs'));
    const r = migrateLegacyDataFolder([oldDir], newDir)!;
    expect(r.moved).toEqual(['bedside.db']);
    expect(r.kept).toEqual(['logs']);
    expect(fs.existsSync(path.join(oldDir, 'logs', 'old.log'))).toBe(true);
    expect(migrateLegacyDataFolder([path.join(oldDir, 'missing')], tempDir())).toBeNull();
  });
});
