// The packaging check (`npm run package:check`, part of `npm test`). It packages Bedside with
// electron-builder's Linux `dir` target and a stand-in Electron (no download, no network)
// into a temporary folder outside the repository, then checks the packaged layout: what is
// in app.asar, what is unpacked beside it, where model packs and keys land, that no test,
// source or development file is included, and that the fuses in the binary are flipped as
// configured. Exits non-zero, saying what is wrong, on any failure.
//   node build/package-check.mjs [--keep] [--verbose]
// Real installers (AppImage, deb, NSIS, dmg) and native rebuilds for Electron's ABI need a
// connected build machine: see docs/clinic-it.md.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeStandInElectron } from './stand-in-electron.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const require = createRequire(import.meta.url);

// --- child mode: run electron-builder (its log goes to the parent, shown on failure) --------
if (process.argv[2] === '--pack') {
  const { electronDist, output, electronVersion } = JSON.parse(process.argv[3]);
  const { build, Platform, Arch } = require('electron-builder');
  const base = require('./electron-builder.config.cjs');
  try {
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      config: { ...base, electronDist, electronVersion, npmRebuild: false, directories: { ...base.directories, output } },
    });
  } catch (e) {
    console.error(e?.stack ?? String(e));
    process.exit(1);
  }
  process.exit(0);
}

// --- parent mode -----------------------------------------------------------------------------
const keep = process.argv.includes('--keep');
const verbose = process.argv.includes('--verbose');
const started = Date.now();
const sections = [];
let current = null;
let failures = 0;

function section(title) {
  current = { title, lines: [] };
  sections.push(current);
}
/** Records one assertion. */
function check(ok, message, detail) {
  current.lines.push({ ok, message, detail });
  if (!ok) failures++;
  return ok;
}
function note(message) {
  current.lines.push({ ok: null, message });
}
function printReport() {
  for (const s of sections) {
    console.log(`\n${s.title}`);
    for (const l of s.lines) {
      const mark = l.ok === null ? '  ·' : l.ok ? '  ✓' : '  ✗';
      console.log(`${mark} ${l.message}`);
      if (l.detail && (l.ok === false || verbose)) for (const d of [].concat(l.detail).slice(0, 15)) console.log(`      ${d}`);
    }
  }
}
function fail(message) {
  printReport();
  console.error(`\npackage:check FAILED: ${message}`);
  process.exit(1);
}
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every file under `dir`, as paths relative to it (posix separators). */
function walk(dir, base = dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(full, base));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}
const dirSize = (dir) => walk(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);

/** The asar header as a map of '/path' → { unpacked, size, dir }. */
function asarIndex(archive) {
  const asar = require('@electron/asar');
  const { header } = asar.getRawHeader(archive);
  const index = new Map();
  const visit = (node, prefix) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const p = `${prefix}/${name}`;
      if (child.files) {
        index.set(p, { dir: true, unpacked: !!child.unpacked, size: 0 });
        visit(child, p);
      } else index.set(p, { dir: false, unpacked: !!child.unpacked, size: child.size ?? 0, link: child.link });
    }
  };
  visit(header, '');
  return index;
}

/** The package name in a bare specifier ('@scope/name/x' → '@scope/name'). */
const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

// 1. Preconditions ---------------------------------------------------------------------------
section('Build');
for (const f of ['dist/electron/main.js', 'dist/electron/preload.js', 'dist/renderer/index.html']) {
  if (!check(fs.existsSync(path.join(root, f)), `${f} built`)) fail(`${f} is missing: run node scripts/build.mjs first (npm run package:check does).`);
}
const hostBuilt = fs.existsSync(path.join(root, 'dist/electron/inference-host/host.js'));
const hostSource = fs.existsSync(path.join(root, 'electron/inference-host/host.ts'));
if (hostSource) check(hostBuilt, 'dist/electron/inference-host/host.js built');
else note('electron/inference-host/host.ts does not exist yet: inference host checks skipped');

// 2. Package with the stand-in Electron -------------------------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-package-check-'));
const cleanup = () => keep || fs.rmSync(tmp, { recursive: true, force: true });
process.on('exit', cleanup);
check(!path.resolve(tmp).startsWith(root + path.sep), `packaging into ${tmp} (outside the repository)`);
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const electronDist = writeStandInElectron(path.join(tmp, 'electron-dist'), electronVersion);
const output = path.join(tmp, 'out');
const packStarted = Date.now();
const packed = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--pack', JSON.stringify({ electronDist, output, electronVersion })], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, ELECTRON_BUILDER_CACHE: path.join(tmp, 'cache'), CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
  timeout: 180_000,
});
const packLog = `${packed.stdout ?? ''}${packed.stderr ?? ''}`;
if (packed.status !== 0) {
  console.error(packLog.split('\n').slice(-40).join('\n'));
  fail(`electron-builder could not package the Linux dir target (exit ${packed.status ?? packed.signal}); its log is above.`);
}
if (verbose) console.log(packLog);
check(true, `electron-builder ${require('electron-builder/package.json').version} packaged the Linux dir target with stand-in Electron ${electronVersion} in ${((Date.now() - packStarted) / 1000).toFixed(1)} s`);

const appOut = path.join(output, 'linux-unpacked');
const resources = path.join(appOut, 'resources');
const archive = path.join(resources, 'app.asar');
const unpacked = path.join(resources, 'app.asar.unpacked');
const config = require('./electron-builder.config.cjs');
const rules = require('./packaging-rules.cjs');

// 3. app.asar --------------------------------------------------------------------------------
section('app.asar');
if (!check(fs.existsSync(archive), 'resources/app.asar exists')) fail('no app.asar was produced');
const index = asarIndex(archive);
const files = [...index].filter(([, e]) => !e.dir).map(([p]) => p);
for (const f of ['/package.json', '/dist/electron/main.js', '/dist/electron/preload.js', '/dist/renderer/index.html']) check(index.has(f), `contains ${f.slice(1)}`);
const asar = require('@electron/asar');
const packagedPkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
check(packagedPkg.main === 'dist/electron/main.js' && index.has(`/${packagedPkg.main}`), `package.json main is ${packagedPkg.main} and is packaged`);
check(files.some((f) => f.startsWith('/dist/renderer/assets/') && f.endsWith('.js')), 'contains the renderer bundle (dist/renderer/assets/*.js)');

const forbidden = [
  [/\.map$/, 'source maps (*.map)'],
  [/\.(ts|tsx|mts|cts)$/, 'TypeScript sources and declarations'],
  [/^\/(test|tests|electron|renderer|models|docs|scripts|build|\.ci|\.cache|\.git|release)\//, 'repository folders (test/, electron/, renderer/, models/, docs/, scripts/, build/)'],
  [/^\/[^/]+$(?<!^\/package\.json)/, 'repository root files other than package.json (README, configs)'],
  [/\.py$/, 'training scripts (*.py)'],
  [/^\/dist\/electron\/cli\/eval\.js$/, 'the evaluation tool (dist/electron/cli/eval.js)'],
  [/\/(test|tests|__tests__)\//, 'test folders inside dependencies'],
  [/\.key$|\.pem$/, 'private keys (*.key, *.pem)'],
  [/^\/node_modules\/better-sqlite3-multiple-ciphers\/(src|deps)\/|\/build\/Release\/(obj|obj\.target|\.deps)\//, 'native module sources and build intermediates'],
];
for (const [re, what] of forbidden) {
  const hits = files.filter((f) => re.test(f));
  check(hits.length === 0, `no ${what}`, hits);
}

// Development dependencies: packages that only development needs must not be packaged.
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const runtime = new Set(rules.runtimeClosure());
const devOnly = Object.keys(pkg.devDependencies ?? {}).filter((n) => !runtime.has(n));
const topLevel = new Set(files.filter((f) => f.startsWith('/node_modules/')).map((f) => packageOf(f.slice('/node_modules/'.length))));
const devHits = devOnly.filter((n) => topLevel.has(n));
check(devHits.length === 0, `no development dependencies (${devOnly.length} checked, e.g. vitest, eslint, electron-builder, typescript, electron)`, devHits);
for (const name of ['vitest', 'eslint', 'electron-builder', 'typescript', 'electron', 'vite', 'esbuild', 'playwright-core']) {
  if (topLevel.has(name)) check(false, `${name} is not packaged`);
}
const neverHits = rules.neverShippedPackages().filter((n) => (n.endsWith('/*') ? [...topLevel].some((t) => t.startsWith(n.slice(0, -1))) : topLevel.has(n)));
check(neverHits.length === 0, 'no never-shipped packages (onnxruntime-web, @types/*, @rollup/*)', neverHits);
const runtimeMissing = [...runtime].filter((n) => !topLevel.has(n));
check(runtimeMissing.length === 0, `every runtime dependency is packaged (${runtime.size})`, runtimeMissing);

// 4. Unpacked native code and the inference host ---------------------------------------------
section('app.asar.unpacked');
const onDisk = (rel) => fs.existsSync(path.join(unpacked, rel));
const nativeInAsar = files.filter((f) => /\.node$/.test(f));
const packedNative = nativeInAsar.filter((f) => !index.get(f).unpacked || !onDisk(f.slice(1)));
check(nativeInAsar.length > 0 && packedNative.length === 0, `all ${nativeInAsar.length} native addons (*.node) are unpacked onto disk`, packedNative);
const unpackedFiles = walk(unpacked);
const has = (re) => unpackedFiles.filter((f) => re.test(f));
check(has(/^node_modules\/onnxruntime-node\/bin\/napi-v6\/linux\/x64\/onnxruntime_binding\.node$/).length === 1, 'onnxruntime-node binding (linux/x64)');
check(has(/^node_modules\/onnxruntime-node\/bin\/napi-v6\/linux\/x64\/libonnxruntime\.so(\.\d+)*$/).length >= 1, 'libonnxruntime.so beside it');
const otherOs = has(/^node_modules\/onnxruntime-node\/bin\/napi-v6\/(darwin|win32)\//);
check(otherOs.length === 0, 'no Windows or macOS onnxruntime binaries in a Linux package', otherOs);
const cuda = has(/libonnxruntime_providers_cuda/);
note(cuda.length ? `CUDA provider libraries included (${cuda.length} files): a GPU build` : 'no CUDA provider libraries: a CPU build (the GPU variant is built with ONNXRUNTIME_NODE_INSTALL_CUDA=cuda12 on a connected machine)');
check(has(/^node_modules\/better-sqlite3-multiple-ciphers\/prebuilds\/linux-x64\.node$/).length === 1, 'better-sqlite3-multiple-ciphers: its Node-API addon (prebuilds/linux-x64.node)');
const sqliteOtherOs = has(/^node_modules\/better-sqlite3-multiple-ciphers\/prebuilds\/(darwin|win32)-/);
check(sqliteOtherOs.length === 0, 'no Windows or macOS better-sqlite3 addons in a Linux package', sqliteOtherOs);
const sqliteJunk = has(/^node_modules\/better-sqlite3-multiple-ciphers\/(src|deps)\/|\/build\/Release\/(obj|obj\.target|\.deps|test_extension)/);
check(sqliteJunk.length === 0, 'better-sqlite3-multiple-ciphers: no C sources, deps/ or build intermediates', sqliteJunk);
check(has(/^node_modules\/@img\/sharp-linux-x64\/lib\/sharp-linux-x64[^/]*\.node$/).length === 1, 'sharp: its native addon (@img/sharp-linux-x64)');
check(has(/^node_modules\/@img\/sharp-libvips-linux-x64\/lib\/libvips-cpp\.so[.\d]*$/).length === 1, 'sharp: libvips (@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.*)');
const unpackedJunk = has(/\.map$|\.(ts|tsx)$|\/(test|tests|__tests__)\//);
check(unpackedJunk.length === 0, 'no source maps, TypeScript or test folders among unpacked files', unpackedJunk);

if (hostBuilt) {
  const hostRel = 'dist/electron/inference-host/host.js';
  check(onDisk(hostRel) && index.get(`/${hostRel}`)?.unpacked, `the inference host is unpacked (${hostRel})`);
  // Node resolves the host's imports among unpacked files only: check each one, and theirs.
  const never = new Set(rules.neverShippedPackages());
  const specs = rules.packageSpecifiers(fs.readFileSync(path.join(unpacked, hostRel), 'utf8'));
  const resolveFrom = (name, fromDir) => {
    for (let dir = fromDir; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name);
      if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
      if (dir === unpacked || !dir.startsWith(unpacked)) return null;
    }
  };
  const missing = [];
  const seen = new Set();
  const stack = specs.map((s) => ({ name: packageOf(s), from: path.dirname(path.join(unpacked, hostRel)), via: 'host.js' }));
  while (stack.length) {
    const { name, from, via } = stack.pop();
    if (never.has(name) || [...never].some((n) => n.endsWith('/*') && name.startsWith(n.slice(0, -1)))) continue;
    const dir = resolveFrom(name, from);
    if (!dir) {
      missing.push(`${name} (required by ${via})`);
      continue;
    }
    if (seen.has(dir)) continue;
    seen.add(dir);
    const p = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(p.dependencies ?? {})) stack.push({ name: dep, from: dir, via: name });
    for (const dep of Object.keys(p.optionalDependencies ?? {})) if (resolveFrom(dep, dir)) stack.push({ name: dep, from: dir, via: name });
  }
  check(missing.length === 0, `the host's ${specs.length} package imports (${specs.join(', ') || 'none'}) and their ${seen.size} packages resolve among unpacked files`, missing);
}

// 5. Resources outside asar: model packs and keys, resolved through paths.ts ----------------
section('Resources and paths.ts (packaged layout)');
const esbuild = await import('esbuild');
const bundled = await esbuild.build({ entryPoints: [path.join(root, 'electron/services/paths.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
const pathsModule = { exports: {} };
new Function('module', 'exports', 'require', bundled.outputFiles[0].text)(pathsModule, pathsModule.exports, require);
const appPaths = pathsModule.exports.resolveAppPaths({
  layout: 'packaged',
  appRoot: archive,
  resourcesPath: resources,
  electronUserData: path.join(tmp, 'user-data'),
  env: {},
  argv: [],
  platform: 'linux',
  homedir: tmp,
});
const inAsar = (p) => index.has(`/${path.relative(archive, p).split(path.sep).join('/')}`);
check(inAsar(path.join(appPaths.rendererDir, 'index.html')), `paths.rendererDir → ${path.relative(appOut, appPaths.rendererDir)} (index.html inside app.asar)`);
if (hostBuilt) check(fs.existsSync(appPaths.inferenceHostScript), `paths.inferenceHostScript → ${path.relative(appOut, appPaths.inferenceHostScript)} (on disk)`);

const packsSrc = path.join(root, 'models/packs');
const packFiles = walk(packsSrc).filter((f) => !f.split('/').some((s) => s.startsWith('.')) && !f.endsWith('.map'));
if (packFiles.length === 0) {
  note('models/packs has no packs yet: bundled-pack placement not checked');
} else {
  const bad = packFiles.filter((f) => {
    const dest = path.join(appPaths.bundledPacksDir, f);
    return !fs.existsSync(dest) || sha256(dest) !== sha256(path.join(packsSrc, f));
  });
  const packs = [...new Set(packFiles.map((f) => f.split('/')[0]))];
  check(bad.length === 0, `paths.bundledPacksDir → ${path.relative(appOut, appPaths.bundledPacksDir)}: ${packs.length} pack(s) (${packs.join(', ')}), ${packFiles.length} files, byte-identical`, bad);
  check(!files.some((f) => f.startsWith('/models/')), 'model packs are outside app.asar');
}
const pubs = (dir) => walk(dir).filter((f) => f.endsWith('.pub'));
const trustedSrc = pubs(path.join(root, 'models/keys/trusted'));
if (trustedSrc.length) {
  const got = pubs(appPaths.bundledTrustedKeysDir);
  check(trustedSrc.every((f) => got.includes(f)), `paths.bundledTrustedKeysDir → ${path.relative(appOut, appPaths.bundledTrustedKeysDir)}: ${trustedSrc.join(', ')}`);
}
const updateSrc = pubs(path.join(root, 'build/update-keys'));
if (updateSrc.length) check(updateSrc.every((f) => pubs(appPaths.updateKeysDir).includes(f)), `paths.updateKeysDir → ${path.relative(appOut, appPaths.updateKeysDir)}: ${updateSrc.join(', ')}`);
else note('build/update-keys has no release key: this build would refuse every update (see docs/clinic-it.md)');
const resourceFiles = walk(resources).filter((f) => !f.startsWith('app.asar'));
const secrets = resourceFiles.filter((f) => /\.(key|pem)$/.test(f) || (fs.statSync(path.join(resources, f)).size < 1_000_000 && fs.readFileSync(path.join(resources, f)).includes('PRIVATE KEY')));
check(secrets.length === 0, 'no private keys anywhere in resources/', secrets);
check(fs.existsSync(path.join(resources, 'app-update.yml')), 'resources/app-update.yml (electron-updater; the feed URL is set at run time)');

// 6. Fuses -----------------------------------------------------------------------------------
section('Fuses');
const fuses = require('@electron/fuses');
const exe = path.join(appOut, config.executableName);
check(fs.existsSync(exe), `executable ${config.executableName}`);
const wire = await fuses.getCurrentFuseWire(exe);
const fuseNames = {
  runAsNode: 'RunAsNode',
  enableCookieEncryption: 'EnableCookieEncryption',
  enableNodeOptionsEnvironmentVariable: 'EnableNodeOptionsEnvironmentVariable',
  enableNodeCliInspectArguments: 'EnableNodeCliInspectArguments',
  enableEmbeddedAsarIntegrityValidation: 'EnableEmbeddedAsarIntegrityValidation',
  onlyLoadAppFromAsar: 'OnlyLoadAppFromAsar',
  loadBrowserProcessSpecificV8Snapshot: 'LoadBrowserProcessSpecificV8Snapshot',
  grantFileProtocolExtraPrivileges: 'GrantFileProtocolExtraPrivileges',
};
const ENABLE = 49; // '1'
const DISABLE = 48; // '0'
for (const [key, wanted] of Object.entries(config.electronFuses)) {
  if (typeof wanted !== 'boolean') continue;
  const idx = fuses.FuseV1Options[fuseNames[key]];
  const got = wire[idx];
  check(got === (wanted ? ENABLE : DISABLE), `${key}: ${wanted ? 'on' : 'off'}${got === (wanted ? ENABLE : DISABLE) ? '' : ` (binary has ${got === ENABLE ? 'on' : got === DISABLE ? 'off' : got})`}`);
}

// 6b. The admin command line of the installed app -------------------------------------------
section('Admin command line (Bedside --admin)');
{
  const mainJs = path.join(tmp, 'extracted', 'dist', 'electron', 'main.js');
  require('@electron/asar').extractAll(archive, path.join(tmp, 'extracted'));
  const mainSource = fs.existsSync(mainJs) ? fs.readFileSync(mainJs, 'utf8') : '';
  check(/indexOf\(["']--admin["']\)/.test(mainSource), 'the packaged main process handles --admin <command> before any window');
  // The stand-in Electron binary cannot run JavaScript, so the packaged main.js runs under this
  // Node with a stand-in `electron` module (app, safeStorage) and the packaged resources path.
  const stub = path.join(tmp, 'electron-module');
  fs.mkdirSync(path.join(stub, 'node_modules', 'electron'), { recursive: true });
  fs.writeFileSync(
    path.join(stub, 'node_modules', 'electron', 'index.js'),
    `const noop = new Proxy(function () {}, { get: (t, k) => (k === 'then' ? undefined : noop), apply: () => noop, construct: () => noop });
module.exports = new Proxy({
  app: new Proxy({ isPackaged: true, whenReady: () => Promise.resolve(), exit: (code) => process.exit(code), requestSingleInstanceLock: () => { throw new Error('the window path was taken'); } }, { get: (t, k) => (k in t ? t[k] : noop) }),
  safeStorage: { isEncryptionAvailable: () => false },
}, { get: (t, k) => (k in t ? t[k] : noop) });\n`,
  );
  const preload = path.join(stub, 'resources-path.cjs');
  fs.writeFileSync(preload, `process.resourcesPath = ${JSON.stringify(resources)};\n`);
  const adminRun = (args) =>
    spawnSync(process.execPath, ['-r', preload, mainJs, '--admin', ...args], {
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: path.join(stub, 'node_modules'), BEDSIDE_DATA_DIR: path.join(tmp, 'admin-data') },
      timeout: 60_000,
    });
  const version = adminRun(['--version']);
  const packageVersion = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  check(version.status === 0 && version.stdout.startsWith(`Bedside ${packageVersion} (`), `Bedside --admin --version prints "${version.stdout.trim()}" and exits ${version.status}`, version.stderr.split('\n').slice(-8));
  const unknown = adminRun(['export', 'all', path.join(tmp, 'x.json'), '--fromat', 'ndjson']);
  check(unknown.status === 2 && /Unknown option '--fromat'/.test(unknown.stderr), 'Bedside --admin refuses an unknown option with exit code 2 and the usage on stderr', unknown.stderr.split('\n').slice(0, 4));
  const doctor = adminRun(['doctor', '--json']);
  let report = null;
  try {
    report = JSON.parse(doctor.stdout);
  } catch {
    // reported below
  }
  const nativeChecks = (report?.checks ?? []).filter((c) => ['better-sqlite3-multiple-ciphers', 'onnxruntime-node', 'sharp'].includes(c.name));
  check(nativeChecks.length === 3 && nativeChecks.every((c) => c.ok), 'Bedside --admin doctor --json: the packaged native modules load (better-sqlite3-multiple-ciphers, onnxruntime-node, sharp)', [doctor.stderr.split('\n').slice(-6), JSON.stringify(nativeChecks)].flat());
  // The WebAssembly codecs are found and loaded from inside the package: one file per codec.
  const sharedDicom = path.join(process.env.BEDSIDE_SHARED_DATA ?? path.resolve(root, '..', 'shared', 'data'), 'dicom');
  const codecFiles = { 'JPGExtended.dcm': 'libjpeg-turbo 12-bit (dcmjs-codecs)', 'SC_rgb_jpeg_dcmtk.dcm': 'libjpeg-turbo 8-bit', 'MR_small_jpeg_ls_lossless.dcm': 'CharLS', 'JPEG2000.dcm': 'OpenJPEG' };
  if (fs.existsSync(sharedDicom)) {
    for (const [file, codec] of Object.entries(codecFiles)) {
      const run = adminRun(['dicom', path.join(sharedDicom, file), '--json']);
      let decoded = null;
      try {
        decoded = JSON.parse(run.stdout);
      } catch {
        // reported below
      }
      check(run.status === 0 && decoded?.rows > 0, `Bedside --admin dicom decodes ${file} (${codec})`, [run.stderr.split('\n').slice(-6), run.stdout.slice(0, 300)].flat());
    }
  } else note(`the codec check needs the shared DICOM files (${sharedDicom}); not run`);
}

// 7. Summary ---------------------------------------------------------------------------------
section('Size');
note(`app.asar ${mb(fs.statSync(archive).size)} (${files.length} files), app.asar.unpacked ${mb(dirSize(unpacked))} (${unpackedFiles.length} files), packs ${mb(dirSize(appPaths.bundledPacksDir))}`);
if (keep) note(`kept: ${appOut}`);

printReport();
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failures) {
  console.error(`\npackage:check FAILED: ${failures} check(s) failed (${seconds} s). See ✗ above.`);
  process.exit(1);
}
console.log(`\npackage:check passed (${seconds} s)`);
