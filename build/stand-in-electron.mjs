// Writes a stand-in Electron distribution (Linux layout) so electron-builder can package
// Bedside here without downloading Electron: the packaged layout, asar and fuses can be
// checked offline. The "binary" is a shell script carrying Electron's fuse wire, which is
// all @electron/fuses reads and writes. Never ship what this produces.
//   node build/stand-in-electron.mjs <folder>
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The marker @electron/fuses looks for (node_modules/@electron/fuses/dist/constants.js). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Fuse wire version 1, as a byte (not the character '1'). */
export const FUSE_WIRE_VERSION = 1;
/**
 * Electron's default fuse states, in FuseV1Options order: RunAsNode on, cookie encryption off,
 * NODE_OPTIONS on, --inspect on, asar integrity off, only-load-from-asar off, browser V8
 * snapshot off, file:// extra privileges on. '1' (49) is enabled, '0' (48) disabled.
 */
export const DEFAULT_FUSE_WIRE = '10110001';

/** The stand-in executable's bytes: a script that says what it is, then the fuse wire. */
export function standInExecutable(version) {
  const script = `#!/bin/sh\necho "Stand-in Electron ${version} for packaging checks; this is not Electron." >&2\nexit 1\n`;
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL, 'ascii'),
    Buffer.from([FUSE_WIRE_VERSION, DEFAULT_FUSE_WIRE.length]),
    Buffer.from(DEFAULT_FUSE_WIRE, 'ascii'),
  ]);
  // The wire sits after "exit", so the shell never reads it.
  return Buffer.concat([Buffer.from(script, 'utf8'), Buffer.from('# ', 'ascii'), wire, Buffer.from('\n', 'ascii')]);
}

/** Creates the stand-in Linux distribution in `dir` (created if missing) and returns `dir`. */
export function writeStandInElectron(dir, version) {
  // No resources/default_app.asar: electron-builder removes it from real downloads, and it
  // would have to be a valid asar (every asar in resources/ is hashed for integrity).
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'locales'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'electron'), standInExecutable(version), { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'chrome-sandbox'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'version'), version);
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'Stand-in for the Electron MIT licence (packaging checks only).\n');
  fs.writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>stand-in</title>\n');
  fs.writeFileSync(path.join(dir, 'locales', 'en-US.pak'), 'stand-in');
  for (const f of ['icudtl.dat', 'resources.pak', 'chrome_100_percent.pak', 'snapshot_blob.bin', 'v8_context_snapshot.bin', 'libffmpeg.so']) {
    fs.writeFileSync(path.join(dir, f), 'stand-in');
  }
  return dir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node build/stand-in-electron.mjs <folder>');
    process.exit(2);
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
  writeStandInElectron(path.resolve(dir), version);
  console.log(`stand-in Electron ${version} written to ${path.resolve(dir)}`);
}
