/**
 * `admin pacs` as clinic IT uses it, with the built command line against a real Orthanc: set
 * (password from standard input, never the command line), show (no secret printed), check
 * (a search that lists no patient), a wrong password, and off.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveOrthanc, ORTHANC_MISSING, ORTHANC_PASSWORD, ORTHANC_USER, startOrthanc, type Orthanc } from '../../helpers/orthanc';
import { repoRoot } from '../../helpers/sharedData';
import { tempDir } from '../../helpers/tempDir';

const adminJs = path.join(repoRoot, 'dist', 'electron', 'cli', 'admin.js');

function cli(args: string[], dataDir: string, input = '') {
  const r = spawnSync(process.execPath, [adminJs, ...args, '--data-dir', dataDir], { encoding: 'utf8', input, env: { ...process.env, BEDSIDE_DATA_DIR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!haveOrthanc)('admin pacs against a real Orthanc', () => {
  if (!haveOrthanc) console.warn(`Skipping admin pacs tests: ${ORTHANC_MISSING}.`);
  let orthanc: Orthanc;
  beforeAll(async () => {
    const built = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--quiet', '--main-only'], { cwd: repoRoot, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    orthanc = await startOrthanc();
  }, 120_000);
  afterAll(async () => {
    await orthanc?.stop();
  });

  it('sets, shows and checks the connection; a wrong password fails the check with the reason; off turns it off', () => {
    const dataDir = tempDir();
    expect(cli(['pacs', 'show'], dataDir).stdout).toMatch(/No PACS is set/);
    const set = cli(['pacs', 'set', '--url', `${orthanc.dicomWebUrl}/`, '--user', ORTHANC_USER, '--password-stdin', '--timeout', '10'], dataDir, `${ORTHANC_PASSWORD}\n`);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain(`PACS set: ${orthanc.dicomWebUrl}, authentication user ${ORTHANC_USER} (password kept), time limit 10 s.`);
    expect(set.stdout).not.toContain(ORTHANC_PASSWORD);
    const file = path.join(dataDir, 'pacs', 'settings.json');
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    const show = cli(['pacs', 'show', '--json'], dataDir);
    expect(JSON.parse(show.stdout)).toMatchObject({ ok: true, configured: true, baseUrl: orthanc.dicomWebUrl, auth: 'basic' });
    expect(show.stdout).not.toContain(ORTHANC_PASSWORD);
    const check = cli(['pacs', 'check'], dataDir);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/The PACS answered a search in \d+ ms/);

    expect(cli(['pacs', 'set', '--url', orthanc.dicomWebUrl, '--user', ORTHANC_USER, '--password-stdin'], dataDir, 'wrong\n').code).toBe(0);
    const bad = cli(['pacs', 'check'], dataDir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/refused Bedside's credentials \(HTTP 401\)/);

    expect(cli(['pacs', 'set', '--url', orthanc.dicomWebUrl, '--user', ORTHANC_USER], dataDir).stderr).toMatch(/--password-stdin/);
    expect(cli(['pacs', 'off'], dataDir).code).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
    expect(cli(['pacs', 'check'], dataDir).code).toBe(1);
  }, 60_000);
});
