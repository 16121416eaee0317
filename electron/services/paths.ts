/**
 * Where Bedside finds its data folder, bundled model packs, the renderer and native code, in
 * each of its three layouts: development (a repo checkout), the browser host (also a checkout
 * or an unpacked install), and the packaged desktop app (resources under
 * `process.resourcesPath`). This is the only module that decides paths.
 */
import os from 'node:os';
import path from 'node:path';

export type Layout = 'development' | 'browser-host' | 'packaged';

export interface PathInputs {
  layout: Layout;
  /** Repository root (development and browser host) or app.asar's folder (packaged). */
  appRoot: string;
  /** `process.resourcesPath` in the packaged app. */
  resourcesPath?: string;
  /** Electron's `app.getPath('userData')` where the desktop shell provides it. */
  electronUserData?: string;
  env: NodeJS.ProcessEnv;
  argv: readonly string[];
  platform: NodeJS.Platform;
  homedir: string;
  /** The running executable (Windows: an install under Program Files is per-machine). */
  execPath?: string;
}

export interface AppPaths {
  layout: Layout;
  dataDir: string;
  databaseFile: string;
  keyFile: string;
  packsDir: string;
  backupsDir: string;
  logsDir: string;
  /** Model packs shipped with the app (installed on first run). */
  bundledPacksDir: string;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** The bundled inference host script. */
  inferenceHostScript: string;
  /** Public keys shipped with the app that model packs may be signed with (`*.pub`). */
  bundledTrustedKeysDir: string;
  /** The clinic's own trusted pack-signing public keys, in the data folder. */
  trustedKeysDir: string;
  /** Public keys that update manifests (latest*.yml) must be signed with; shipped with the app only. */
  updateKeysDir: string;
  /** Update settings and staged, verified updates. */
  updatesDir: string;
  /** Where older versions kept the data by default, to move from once (empty with an explicit folder). */
  legacyDataDirs: string[];
}

/** The value of `--name <v>` or `--name=<v>` in argv, if present. */
export function argValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}`) return argv[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

export type InstallScope = 'per-machine' | 'per-user';

/**
 * Whether this Windows install is for everyone on the computer: BEDSIDE_INSTALL_SCOPE when set,
 * else an executable under Program Files (where the installer puts per-machine installs).
 */
export function windowsInstallScope(execPath: string | undefined, env: NodeJS.ProcessEnv): InstallScope {
  const forced = env.BEDSIDE_INSTALL_SCOPE;
  if (forced === 'per-machine' || forced === 'per-user') return forced;
  if (!execPath) return 'per-user';
  const exe = path.win32.resolve(execPath).toLowerCase();
  const roots = [env.ProgramFiles, env['ProgramFiles(x86)'], env.ProgramW6432].filter((r): r is string => !!r).map((r) => path.win32.resolve(r).toLowerCase() + '\\');
  return roots.some((r) => exe.startsWith(r)) ? 'per-machine' : 'per-user';
}

/**
 * The platform's data folder for Bedside. Windows: `%ProgramData%\Bedside` for a per-machine
 * install (shared workstations: one clinic database for every Windows user, not synced with
 * roaming profiles), `%LOCALAPPDATA%\Bedside` for a per-user one. Linux: the XDG data folder,
 * `$XDG_DATA_HOME/bedside` (default ~/.local/share/bedside). macOS: Application Support.
 */
export function platformUserDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, homedir: string, scope: InstallScope = 'per-user'): string {
  if (platform === 'win32') {
    if (scope === 'per-machine') return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'Bedside');
    return path.win32.join(env.LOCALAPPDATA ?? path.win32.join(homedir, 'AppData', 'Local'), 'Bedside');
  }
  if (platform === 'darwin') return path.posix.join(homedir, 'Library', 'Application Support', 'Bedside');
  const xdg = env.XDG_DATA_HOME && path.posix.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.posix.join(homedir, '.local', 'share');
  return path.posix.join(xdg, 'bedside');
}

/** Where Bedside 0.1 kept its data by default (Windows: roaming %APPDATA%; Linux: ~/.config). */
export function legacyUserDataDirs(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, homedir: string): string[] {
  if (platform === 'win32') return [path.win32.join(env.APPDATA ?? path.win32.join(homedir, 'AppData', 'Roaming'), 'Bedside')];
  if (platform === 'darwin') return [];
  return [path.posix.join(env.XDG_CONFIG_HOME ?? path.posix.join(homedir, '.config'), 'Bedside')];
}

/** Resolves every path for one layout. `--data-dir` wins over BEDSIDE_DATA_DIR, which wins over the default. */
export function resolveAppPaths(inputs: PathInputs): AppPaths {
  const p = inputs.platform === 'win32' ? path.win32 : path.posix;
  const explicit = argValue(inputs.argv, 'data-dir') ?? inputs.env.BEDSIDE_DATA_DIR;
  const scope = inputs.platform === 'win32' ? windowsInstallScope(inputs.execPath, inputs.env) : 'per-user';
  const defaultData = inputs.electronUserData ?? platformUserDataDir(inputs.platform, inputs.env, inputs.homedir, scope);
  const isExplicit = !!(explicit && explicit.trim());
  const dataDir = p.resolve(isExplicit ? explicit! : defaultData);
  const packaged = inputs.layout === 'packaged';
  if (packaged && !inputs.resourcesPath) throw new Error('The packaged layout needs process.resourcesPath');
  const resources = packaged ? inputs.resourcesPath! : inputs.appRoot;
  const appRoot = packaged ? p.join(inputs.resourcesPath!, 'app.asar') : inputs.appRoot;
  return {
    layout: inputs.layout,
    dataDir,
    databaseFile: p.join(dataDir, 'bedside.db'),
    keyFile: p.join(dataDir, 'bedside.key'),
    packsDir: p.join(dataDir, 'packs'),
    backupsDir: p.join(dataDir, 'backups'),
    logsDir: p.join(dataDir, 'logs'),
    bundledPacksDir: packaged ? p.join(resources, 'packs') : p.join(inputs.appRoot, 'models', 'packs'),
    rendererDir: p.join(appRoot, 'dist', 'renderer'),
    // The inference host runs as a separate process; in the packaged app it is unpacked from asar.
    inferenceHostScript: packaged
      ? p.join(resources, 'app.asar.unpacked', 'dist', 'electron', 'inference-host', 'host.js')
      : p.join(inputs.appRoot, 'dist', 'electron', 'inference-host', 'host.js'),
    // Keys travel as extraResources (build/electron-builder.config.cjs): public keys only.
    bundledTrustedKeysDir: packaged ? p.join(resources, 'keys', 'trusted') : p.join(inputs.appRoot, 'models', 'keys', 'trusted'),
    trustedKeysDir: p.join(dataDir, 'keys', 'trusted'),
    updateKeysDir: packaged ? p.join(resources, 'update-keys') : p.join(inputs.appRoot, 'build', 'update-keys'),
    updatesDir: p.join(dataDir, 'updates'),
    legacyDataDirs: isExplicit ? [] : legacyUserDataDirs(inputs.platform, inputs.env, inputs.homedir).filter((d) => p.resolve(d) !== dataDir),
  };
}

/** Paths for a Node process (browser host, admin CLI, tests) running from a checkout. */
export function nodeAppPaths(appRoot: string, layout: Layout = 'browser-host', env = process.env, argv = process.argv): AppPaths {
  return resolveAppPaths({ layout, appRoot, env, argv, platform: process.platform, homedir: os.homedir(), execPath: process.execPath });
}
