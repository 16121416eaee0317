/**
 * Offline updates in the desktop app. The verification (signed manifest, installer checksum)
 * is plain Node in services/updates; this file only hands a staged, verified update to
 * electron-updater, which checks the sha512 again (and the publisher's signature on Windows)
 * and runs the installer when the person at the workstation chooses. Nothing installs on
 * quit unless a verified update was downloaded and they chose "when Bedside closes".
 */
import { app } from 'electron';
import type { AppUpdater } from 'electron-updater';
import type { AppPaths } from '../services/paths';
import { BedsideError } from '../services/errors';
import {
  checkForUpdate,
  cleanStaged,
  loadUpdateKeys,
  readUpdateSettings,
  serveStagedUpdate,
  stageUpdate,
  writeUpdateSettings,
  type UpdateInfo,
  type UpdateSettings,
} from '../services/updates';

/** Where an update stands, for the settings screen. */
export type UpdateState =
  | { state: 'off' }
  | { state: 'idle'; source: string }
  | { state: 'available'; info: UpdateInfo }
  | { state: 'ready'; info: UpdateInfo; installOnQuit: boolean }
  | { state: 'failed'; message: string };

/** The desktop updater the shell exposes. */
export interface DesktopUpdater {
  settings(): UpdateSettings;
  /** Saves the update folder or address (null turns updates off). */
  setSource(feed: string | null): UpdateSettings;
  /** Reads and verifies the source's manifest; says what would be installed. Installs nothing. */
  check(): Promise<UpdateInfo | null>;
  /** Stages and downloads the verified update; afterwards it can be installed. */
  prepare(): Promise<UpdateInfo>;
  /** Quits Bedside and runs the verified installer now. */
  installNow(): void;
  /** Runs the verified installer when Bedside next closes. */
  installOnQuit(enabled: boolean): void;
  state(): UpdateState;
}

/** Creates the updater for the running app. */
export function createDesktopUpdater(paths: AppPaths, log: (message: string) => void): DesktopUpdater {
  let current: UpdateState = readUpdateSettings(paths.updatesDir).feedUrl ? { state: 'idle', source: readUpdateSettings(paths.updatesDir).feedUrl! } : { state: 'off' };
  let updater: AppUpdater | null = null;

  const electronUpdater = (): AppUpdater => {
    if (updater) return updater;
    // Loaded on first use: a workstation without an update source never loads it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { autoUpdater } = require('electron-updater') as { autoUpdater: AppUpdater };
    autoUpdater.autoDownload = false;
    autoUpdater.autoInstallOnAppQuit = false;
    autoUpdater.allowDowngrade = false;
    autoUpdater.allowPrerelease = false;
    autoUpdater.logger = { info: (m: unknown) => log(`update: ${String(m)}`), warn: (m: unknown) => log(`update: ${String(m)}`), error: (m: unknown) => log(`update: ${String(m)}`), debug: () => undefined };
    updater = autoUpdater;
    return autoUpdater;
  };

  const checked = async () => {
    const { feedUrl } = readUpdateSettings(paths.updatesDir);
    if (!feedUrl) return null;
    const keys = loadUpdateKeys(paths.updateKeysDir, log);
    return { feedUrl, result: await checkForUpdate({ feedUrl, trustedKeys: keys, currentVersion: app.getVersion() }) };
  };

  const fail = (e: unknown): never => {
    current = { state: 'failed', message: (e as Error).message };
    log(`Update not applied: ${(e as Error).message}`);
    throw e;
  };

  return {
    settings: () => readUpdateSettings(paths.updatesDir),
    setSource(feed) {
      const s = writeUpdateSettings(paths.updatesDir, feed);
      current = s.feedUrl ? { state: 'idle', source: s.feedUrl } : { state: 'off' };
      return s;
    },
    async check() {
      try {
        const c = await checked();
        if (!c) return null;
        current = c.result.info.isNewer ? { state: 'available', info: c.result.info } : { state: 'idle', source: c.feedUrl };
        return c.result.info;
      } catch (e) {
        return fail(e);
      }
    },
    async prepare() {
      try {
        const c = await checked();
        if (!c) throw new BedsideError('unavailable', 'No update folder or address is set. An administrator sets one in Settings.');
        const { info } = c.result;
        if (!info.isNewer) throw new BedsideError('conflict', `Bedside ${info.currentVersion} is installed; the update source offers ${info.version}, which is not newer.`);
        const dir = await stageUpdate(c.result, c.feedUrl, paths.updatesDir);
        const feed = await serveStagedUpdate(dir, [c.result.manifestName, info.installer.name]);
        try {
          const u = electronUpdater();
          u.setFeedURL({ provider: 'generic', url: feed.url });
          const found = await u.checkForUpdates();
          const offered = found?.updateInfo;
          // electron-updater read the staged copy; make sure it is the release we verified.
          if (!offered || offered.version !== info.version || !offered.files.some((f) => f.sha512 === info.installer.sha512)) {
            throw new BedsideError('verification-failed', 'The update was refused: the staged copy does not match the verified description. The installed version is unchanged.');
          }
          await u.downloadUpdate();
        } finally {
          await feed.close();
        }
        cleanStaged(paths.updatesDir, info.version);
        current = { state: 'ready', info, installOnQuit: false };
        return info;
      } catch (e) {
        return fail(e);
      }
    },
    installNow() {
      if (current.state !== 'ready') throw new BedsideError('conflict', 'No verified update is ready to install.');
      electronUpdater().quitAndInstall(false, true);
    },
    installOnQuit(enabled) {
      if (current.state !== 'ready') throw new BedsideError('conflict', 'No verified update is ready to install.');
      electronUpdater().autoInstallOnAppQuit = enabled;
      current = { ...current, installOnQuit: enabled };
    },
    state: () => current,
  };
}
