import { describe, expect, it } from 'vitest';
import { resolveAppPaths, platformUserDataDir, type PathInputs } from '../../../electron/services/paths';

const base: PathInputs = { layout: 'development', appRoot: '/repo', env: {}, argv: [], platform: 'linux', homedir: '/home/dr' };

describe('resolveAppPaths', () => {
  it('development: models and renderer from the checkout, data in the user folder', () => {
    const p = resolveAppPaths(base);
    expect(p.dataDir).toBe('/home/dr/.config/Bedside');
    expect(p.databaseFile).toBe('/home/dr/.config/Bedside/bedside.db');
    expect(p.bundledPacksDir).toBe('/repo/models/packs');
    expect(p.rendererDir).toBe('/repo/dist/renderer');
    expect(p.inferenceHostScript).toBe('/repo/dist/electron/inference-host/host.js');
  });

  it('browser host: --data-dir wins over BEDSIDE_DATA_DIR, which wins over the default', () => {
    expect(resolveAppPaths({ ...base, layout: 'browser-host', env: { BEDSIDE_DATA_DIR: '/srv/bedside' } }).dataDir).toBe('/srv/bedside');
    expect(resolveAppPaths({ ...base, env: { BEDSIDE_DATA_DIR: '/srv/bedside' }, argv: ['--data-dir', '/mnt/usb/data'] }).dataDir).toBe('/mnt/usb/data');
    expect(resolveAppPaths({ ...base, argv: ['--data-dir=/mnt/x'] }).keyFile).toBe('/mnt/x/bedside.key');
  });

  it('packaged: resources beside app.asar, data in Electron user data', () => {
    const p = resolveAppPaths({ ...base, layout: 'packaged', appRoot: '/opt/Bedside/resources/app.asar', resourcesPath: '/opt/Bedside/resources', electronUserData: '/home/dr/.config/Bedside' });
    expect(p.bundledPacksDir).toBe('/opt/Bedside/resources/packs');
    expect(p.rendererDir).toBe('/opt/Bedside/resources/app.asar/dist/renderer');
    expect(p.inferenceHostScript).toBe('/opt/Bedside/resources/app.asar.unpacked/dist/electron/inference-host/host.js');
    expect(p.dataDir).toBe('/home/dr/.config/Bedside');
  });

  it('packaged on Windows uses Windows paths', () => {
    const p = resolveAppPaths({ ...base, platform: 'win32', layout: 'packaged', appRoot: 'C:\\Program Files\\Bedside\\resources\\app.asar', resourcesPath: 'C:\\Program Files\\Bedside\\resources', env: { APPDATA: 'C:\\Users\\dr\\AppData\\Roaming' } });
    expect(p.dataDir).toBe('C:\\Users\\dr\\AppData\\Roaming\\Bedside');
    expect(p.bundledPacksDir).toBe('C:\\Program Files\\Bedside\\resources\\packs');
  });

  it('knows each platform user data folder', () => {
    expect(platformUserDataDir('darwin', {}, '/Users/dr')).toBe('/Users/dr/Library/Application Support/Bedside');
    expect(platformUserDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/dr')).toBe('/x/Bedside');
  });

  it('refuses a packaged layout without a resources path', () => {
    expect(() => resolveAppPaths({ ...base, layout: 'packaged' })).toThrow(/resourcesPath/);
  });
});
