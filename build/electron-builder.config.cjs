// electron-builder configuration for Bedside's installers (Windows NSIS, Linux AppImage and
// .deb, macOS dmg). Real installers are built on a connected build machine (`npm run dist`);
// `npm run package:check` packages the Linux `dir` target with a stand-in Electron and checks
// the layout this file produces. test/unit/packaging/config.test.ts checks its invariants.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, as electron-builder loads it */
const { NATIVE_UNPACK, dependencyClosure, hostPackages, neverShippedPackages } = require('./packaging-rules.cjs');

// Build first (npm run dist and package:check do): the host's imports are read from its bundle.
const hostDependencies = dependencyClosure(hostPackages());

/**
 * What goes into app.asar, for one target platform (`ortOs`: onnxruntime-node's folder name for
 * it). Each platform gets the whole list: electron-builder mishandles a global list extended
 * by per-platform exclusions (everything in the repository got packaged).
 */
const filesFor = (ortOs) => [
  'package.json',
  'dist/electron/**/*',
  'dist/renderer/**/*',
  // Developer tools and source maps stay out of the package.
  '!dist/electron/cli/eval.js',
  '!**/*.map',
  '!**/*.{ts,tsx,mts,cts}',
  // Sources, build intermediates and documentation inside dependencies.
  '!node_modules/**/{src,deps,test,tests,__tests__,example,examples,benchmark,benchmarks,docs,doc,.github}/**',
  '!node_modules/**/build/Release/{obj,obj.target,.deps}/**',
  '!node_modules/**/build/Release/test_extension.node',
  '!node_modules/**/{binding.gyp,Makefile,*.gypi,*.cc,*.cpp,*.c,*.h,*.hpp}',
  '!node_modules/**/{README,CHANGELOG,HISTORY}*',
  '!node_modules/**/*.md',
  // Packages that are never loaded at run time (see packaging-rules.cjs).
  ...neverShippedPackages().map((name) => `!node_modules/${name}/**`),
  ...['darwin', 'linux', 'win32'].filter((p) => p !== ortOs).map((p) => `!node_modules/onnxruntime-node/bin/napi-v6/${p}/**`),
  // better-sqlite3-multiple-ciphers' prebuilt addons for the other platforms (linuxmusl is Linux).
  ...['darwin', 'linux', 'win32'].filter((p) => p !== ortOs).map((p) => `!node_modules/better-sqlite3-multiple-ciphers/prebuilds/${p}*.node`),
];

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'org.bedside.desktop',
  productName: 'Bedside',
  executableName: 'bedside',
  copyright: 'Bedside founding engineers',
  directories: { output: 'release', buildResources: 'build/resources' },
  // Native modules are rebuilt against Electron's headers on the connected build machine;
  // the offline packaging check passes npmRebuild: false.
  npmRebuild: true,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  asar: true,
  asarUnpack: [...new Set([...NATIVE_UNPACK, 'dist/electron/inference-host/**', ...hostDependencies.map((name) => `node_modules/${name}/**`)])],
  extraResources: [
    // Demo model packs, installed into the data folder on first run (paths.bundledPacksDir).
    { from: 'models/packs', to: 'packs', filter: ['**/*', '!**/*.map', '!**/.*'] },
    // Public keys only (never models/keys/*.key): pack signing keys (paths.bundledTrustedKeysDir)
    // and release keys for updates (paths.updateKeysDir).
    { from: 'models/keys/trusted', to: 'keys/trusted', filter: ['*.pub'] },
    { from: 'build/update-keys', to: 'update-keys', filter: ['*.pub'] },
  ],
  // Fuses are flipped in the packaged Electron binary, right before signing.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  },
  // electron-updater reads latest*.yml files; the URL here is a placeholder: the clinic chooses
  // a folder or network address in settings and the app stages and verifies updates itself.
  publish: [{ provider: 'generic', url: 'http://127.0.0.1/bedside-updates' }],
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'build/icons/icon.ico',
    files: filesFor('win32'),
    // Code signing: set CSC_LINK / CSC_KEY_PASSWORD (or WIN_CSC_LINK) on the build machine.
    signtoolOptions: { publisherName: ['Bedside founding engineers'] },
    verifyUpdateCodeSignature: true,
  },
  nsis: {
    oneClick: false,
    // The installer asks "for me" or "for everyone on this computer" (shared workstations).
    perMachine: false,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: 'Bedside',
    deleteAppDataOnUninstall: false,
    artifactName: 'Bedside-Setup-${version}.${ext}',
  },
  linux: {
    target: [
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ],
    icon: 'build/icons/icon.png',
    category: 'Office',
    synopsis: 'Offline clinical decision support',
    description: 'Offline clinical decision support for clinic workstations',
    maintainer: 'Bedside founding engineers <bedside@invalid>',
    files: filesFor('linux'),
    artifactName: 'Bedside-${version}-${arch}.${ext}',
  },
  deb: {
    // better-sqlite3, sharp and onnxruntime are bundled; these are Electron's own needs.
    depends: ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'],
  },
  mac: {
    // zip is what electron-updater installs from on macOS; dmg is what people open.
    target: [
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ],
    icon: 'build/icons/icon.icns',
    category: 'public.app-category.medical',
    hardenedRuntime: true,
    files: filesFor('darwin'),
  },
  dmg: { artifactName: 'Bedside-${version}-${arch}.${ext}' },
};

module.exports = config;
