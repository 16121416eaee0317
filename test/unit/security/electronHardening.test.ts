/** The window's web preferences, the renderer CSP, navigation checks, and the lint rule against shell.openExternal. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { secureWebPreferences } from '../../../electron/shell/webPreferences';
import { isAppUrl } from '../../../electron/ipc/senderPolicy';
import { rendererCsp } from '../../../electron/server/contentSecurity';
import { repoRoot } from '../../helpers/sharedData';

describe('web preferences', () => {
  it('isolate the page, sandbox it, and give it no Node', () => {
    const p = secureWebPreferences('/app/dist/electron/preload.js', true);
    expect(p).toMatchObject({
      preload: '/app/dist/electron/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
      devTools: false,
    });
    expect(p.enableBlinkFeatures ?? '').toBe('');
    expect(secureWebPreferences('/p', false).devTools).toBe(true);
  });

  it('navigation stays on the app origin', () => {
    expect(isAppUrl('app://bedside/index.html', 'app://bedside')).toBe(true);
    for (const u of ['https://evil.example/', 'app://bedside.evil/x', 'file:///etc/passwd', 'app://other/', 'javascript:alert(1)', 'not a url']) expect(isAppUrl(u, 'app://bedside'), u).toBe(false);
  });
});

describe('content security policy', () => {
  it('allows nothing from any remote origin', () => {
    const csp = rendererCsp();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toMatch(/https?:|\*|unsafe-inline|unsafe-eval/);
    expect(rendererCsp({ wsOrigin: 'ws://127.0.0.1:5183' })).toContain('connect-src \'self\' ws://127.0.0.1:5183');
  });
});

describe('lint', () => {
  const eslint = new ESLint({ cwd: repoRoot });
  const messages = async (code: string): Promise<string[]> => {
    const [r] = await eslint.lintText(code, { filePath: path.join(repoRoot, 'electron/shell/probe.ts') });
    return r!.messages.filter((m) => m.ruleId === 'no-restricted-properties').map((m) => m.message);
  };
  it('forbids shell.openExternal and shell.openPath', async () => {
    expect(await messages("import { shell } from 'electron';\nvoid shell.openExternal('https://example.org');\n")).toHaveLength(1);
    expect(await messages("import { shell } from 'electron';\nvoid shell.openPath('/tmp/x');\n")).toHaveLength(1);
    expect(await messages("import { shell } from 'electron';\nshell.beep();\n")).toEqual([]);
  });
});
