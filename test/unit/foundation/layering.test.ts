/**
 * The layering rules are enforced by lint: these probes must fail lint, so a change to the
 * config that silently drops a rule fails the tests.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ESLint } from 'eslint';
import { repoRoot } from '../../helpers/sharedData';

const eslint = new ESLint({ cwd: repoRoot });

async function lintAs(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('layering lint rules', () => {
  it('the renderer may import only types from the contract', async () => {
    expect(await lintAs('renderer/src/probe.ts', "import type { BedsideApi } from '../../electron/contract';\nexport type A = BedsideApi;\n")).toEqual([]);
    expect(await lintAs('renderer/src/probe.ts', "import { contract } from '../../electron/contract';\nexport const c = contract;\n")).toHaveLength(1);
    expect(await lintAs('renderer/src/probe.ts', "import { BedsideError } from '../../electron/services/errors';\nexport const e = BedsideError;\n")).toHaveLength(1);
  });

  it('services import neither Electron nor the renderer nor the layers above them', async () => {
    expect(await lintAs('electron/services/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await lintAs('electron/services/probe.ts', "import { api } from '../../renderer/src/api/client';\nexport const a = api;\n")).toHaveLength(1);
    expect(await lintAs('electron/services/probe.ts', "import { Router } from '../ipc/router';\nexport const r = Router;\n")).toHaveLength(1);
    expect(await lintAs('electron/services/probe.ts', "import { z } from 'zod';\nimport { contract } from '../contract';\nexport const c = [z, contract];\n")).toEqual([]);
  });

  it('the contract imports only zod', async () => {
    expect(await lintAs('electron/contract/probe.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toHaveLength(1);
    expect(await lintAs('electron/contract/probe.ts', "import { BedsideError } from '../services/errors';\nexport const e = BedsideError;\n")).toHaveLength(1);
  });

  it('only the shell imports Electron', async () => {
    expect(await lintAs('electron/server/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await lintAs('electron/shell/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
});
