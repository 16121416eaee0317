import { describe, expect, it } from 'vitest';
import { resolveAppPaths, platformUserDataDir, type PathInputs } from '../../../electron/services/paths';

const base: PathInputs = { layout: 'development', appRoot: '/repo', env: {}, argv: [], platform: 'linux', homedir: '/home/dr' };

describe('resolveAppPaths', () => {
  it('development: models and renderer from the checkout, data in the user folder', () => {
    const p = resolveAppPaths(base);
    expect(p.dataDir).toBe('/home/dr/.local/share/bedside');
    expect(p.databaseFile).toBe('/home/dr/.local/share/bedside/bedside.db');
    expect(p.legacyDataDirs).toEqual(['/home/dr/.config/Bedside']);
    expect(p.bundledPacksDir).toBe('/repo/models/packs');
    expect(p.rendererDir).toBe('/repo/dist/renderer');
    expect(p.inferenceHostScript).toBe('/repo/dist/electron/inference-host/host.js');
    expect(p.bundledTrustedKeysDir).toBe('/repo/models/keys/trusted');
    expect(p.trustedKeysDir).toBe('/home/dr/.local/share/bedside/keys/trusted');
    expect(p.updateKeysDir).toBe('/repo/build/update-keys');
    expect(p.updatesDir).toBe('/home/dr/.local/share/bedside/updates');
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
    // Public keys from extraResources (packs: models/keys/trusted, updates: build/update-keys).
    expect(p.bundledTrustedKeysDir).toBe('/opt/Bedside/resources/keys/trusted');
    expect(p.updateKeysDir).toBe('/opt/Bedside/resources/update-keys');
    expect(p.databaseFile).toBe('/home/dr/.config/Bedside/bedside.db');
    expect(p.keyFile).toBe('/home/dr/.config/Bedside/bedside.key');
  });

  it('packaged: the bundled-keys folder sits beside the bundled packs, as the registry expects', () => {
    const p = resolveAppPaths({ ...base, layout: 'packaged', appRoot: '/opt/Bedside/resources/app.asar', resourcesPath: '/opt/Bedside/resources' });
    expect(p.bundledTrustedKeysDir).toBe(`${p.bundledPacksDir.replace(/packs$/, '')}keys/trusted`);
    expect(resolveAppPaths(base).bundledTrustedKeysDir).toBe(`${resolveAppPaths(base).bundledPacksDir.replace(/packs$/, '')}keys/trusted`);
  });

  it('packaged on Windows uses Windows paths', () => {
    const env = { APPDATA: 'C:\\Users\\dr\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\dr\\AppData\\Local', ProgramData: 'C:\\ProgramData', ProgramFiles: 'C:\\Program Files' };
    const p = resolveAppPaths({ ...base, platform: 'win32', layout: 'packaged', appRoot: 'C:\\Program Files\\Bedside\\resources\\app.asar', resourcesPath: 'C:\\Program Files\\Bedside\\resources', env, execPath: 'C:\\Program Files\\Bedside\\Bedside.exe' });
    // Installed for everyone (under Program Files): one shared, unsynced data folder.
    expect(p.dataDir).toBe('C:\\ProgramData\\Bedside');
    expect(p.legacyDataDirs).toEqual(['C:\\Users\\dr\\AppData\\Roaming\\Bedside']);
    expect(p.bundledPacksDir).toBe('C:\\Program Files\\Bedside\\resources\\packs');
    expect(p.inferenceHostScript).toBe('C:\\Program Files\\Bedside\\resources\\app.asar.unpacked\\dist\\electron\\inference-host\\host.js');
    expect(p.updateKeysDir).toBe('C:\\Program Files\\Bedside\\resources\\update-keys');
    expect(p.updatesDir).toBe('C:\\ProgramData\\Bedside\\updates');
    // Installed for one user (under %LOCALAPPDATA%\\Programs): local, never roaming.
    const user = resolveAppPaths({ ...base, platform: 'win32', layout: 'packaged', appRoot: 'x', resourcesPath: 'C:\\Users\\dr\\AppData\\Local\\Programs\\Bedside\\resources', env, execPath: 'C:\\Users\\dr\\AppData\\Local\\Programs\\Bedside\\Bedside.exe' });
    expect(user.dataDir).toBe('C:\\Users\\dr\\AppData\\Local\\Bedside');
    expect(resolveAppPaths({ ...base, platform: 'win32', env: { ...env, BEDSIDE_INSTALL_SCOPE: 'per-machine' } }).dataDir).toBe('C:\\ProgramData\\Bedside');
  });

  it('packaged on macOS: resources inside the app bundle, data in Application Support', () => {
    const res = '/Applications/Bedside.app/Contents/Resources';
    const p = resolveAppPaths({ ...base, platform: 'darwin', layout: 'packaged', appRoot: `${res}/app.asar`, resourcesPath: res });
    expect(p.dataDir).toBe('/home/dr/Library/Application Support/Bedside');
    expect(p.bundledPacksDir).toBe(`${res}/packs`);
    expect(p.rendererDir).toBe(`${res}/app.asar/dist/renderer`);
    expect(p.inferenceHostScript).toBe(`${res}/app.asar.unpacked/dist/electron/inference-host/host.js`);
  });

  it('knows each platform user data folder', () => {
    expect(platformUserDataDir('darwin', {}, '/Users/dr')).toBe('/Users/dr/Library/Application Support/Bedside');
    expect(platformUserDataDir('linux', { XDG_DATA_HOME: '/x' }, '/home/dr')).toBe('/x/bedside');
    expect(platformUserDataDir('linux', { XDG_DATA_HOME: 'relative' }, '/home/dr')).toBe('/home/dr/.local/share/bedside');
    expect(platformUserDataDir('win32', { LOCALAPPDATA: 'D:\\L' }, 'C:\\Users\\dr')).toBe('D:\\L\\Bedside');
    expect(platformUserDataDir('win32', { ProgramData: 'D:\\PD' }, 'C:\\Users\\dr', 'per-machine')).toBe('D:\\PD\\Bedside');
    expect(resolveAppPaths({ ...base, argv: ['--data-dir', '/srv/b'] }).legacyDataDirs).toEqual([]);
  });

  it('refuses a packaged layout without a resources path', () => {
    expect(() => resolveAppPaths({ ...base, layout: 'packaged' })).toThrow(/resourcesPath/);
  });
});
