// `npm start`: builds, then launches the desktop app. Where the Electron binary is not
// installed (offline installs skip its download), says so and how to fix it, and exits 1.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const electronDir = path.dirname(require.resolve('electron/package.json'));
    const pathFile = path.join(electronDir, 'path.txt');
    if (!fs.existsSync(pathFile)) return null;
    const bin = path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const bin = electronBinary();
if (!bin) {
  console.error(`The Electron runtime is not installed on this machine, so the desktop app cannot open.

Bedside installs without downloading Electron (for offline clinics). To get the desktop app:
  - on a machine with internet, download it once:  node node_modules/electron/install.js
    then run "npm start" again;
  - or use the browser host, which needs nothing else:  npm run serve   then open the address it prints.`);
  process.exit(1);
}
const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const child = spawn(bin, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
