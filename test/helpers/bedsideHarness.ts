/**
 * Starts a real Bedside (every service, the real router) in a temporary data folder, as the
 * browser host does, optionally serving it on a free loopback port. By default it starts
 * signed in: it creates one account holding every role and signs it in on the fake IPC window
 * (webContents id 1, see fakeIpc.ts) and, when serving, over HTTP so that WebSocket connections
 * of the test file carry the session cookie and CSRF token (see wsClient.ts).
 */
import path from 'node:path';
import { afterAll } from 'vitest';
import { createBedside, type Bedside } from '../../electron/app/createBedside';
import { nodeAppPaths } from '../../electron/services/paths';
import { desktopSenderPolicy } from '../../electron/ipc/senderPolicy';
import { startBrowserHost, type RunningBrowserHost } from '../../electron/server/browserHost';
import type { AuthService } from '../../electron/services/auth/authService';
import type { ScryptParams } from '../../electron/services/auth/passwords';
import type { Role } from '../../electron/contract/channels/auth';
import type { FileChooser } from '../../electron/ipc/fileDelivery';
import { repoRoot } from './sharedData';
import { tempDir } from './tempDir';
import { httpSignIn, useWsSession, type WsSession } from './wsClient';

/** scrypt cost for tests: cheap, so suites stay fast (the production cost is tested once, in test/unit/auth). */
export const TEST_PASSWORD_COST: ScryptParams = Object.freeze({ N: 2 ** 10, r: 8, p: 1 });

/** The account the harness signs in with. */
export const HARNESS_USER = Object.freeze({ username: 'harness-doctor', displayName: 'Dr Harness', password: 'harness: correct horse battery', roles: ['clinician', 'nurse', 'admin'] as Role[] });

/** The IPC context of the signed-in fake window. */
export const HARNESS_IPC_CONTEXT = Object.freeze({ transport: 'ipc' as const, senderUrl: 'app://bedside/index.html', isMainFrame: true, connectionId: '1' });

export interface Harness {
  bedside: Bedside;
  host: RunningBrowserHost | null;
  trustedOrigins: Set<string>;
  dataDir: string;
  auth: AuthService;
  /** The browser session WebSocket connections of this file start with (when serving and signed in). */
  wsSession: WsSession | null;
}

/** A running Bedside for one test file; stopped after it. */
export async function startHarness(options: { serve?: boolean; signedIn?: boolean; idleLockMs?: number; fileChooser?: FileChooser } = {}): Promise<Harness> {
  const dataDir = tempDir('bedside-data-');
  const paths = nodeAppPaths(repoRoot, 'browser-host', { ...process.env, BEDSIDE_DATA_DIR: dataDir }, []);
  const trustedOrigins = new Set<string>();
  const bedside = await createBedside({
    paths,
    mode: 'headless',
    // The same policies as the desktop app (IPC) and the browser host (WebSocket); 'cli' is the trusted in-process caller.
    isTrustedSender: (ctx) => (ctx.transport === 'ws' ? trustedOrigins.has(ctx.senderUrl) : ctx.transport === 'ipc' ? desktopSenderPolicy(ctx) : true),
    log: () => undefined,
    passwordCost: TEST_PASSWORD_COST,
    // Encrypted exports with a cheaper scrypt (age's default, 2^18, is kept in production).
    exportScryptLogN: 14,
    ...(options.idleLockMs ? { idleLockMs: options.idleLockMs } : {}),
    ...(options.fileChooser ? { fileChooser: options.fileChooser } : {}),
  });
  const auth = bedside.container.get<AuthService>('auth');
  const host = options.serve
    ? await startBrowserHost(bedside, { port: 0, host: '127.0.0.1', rendererDir: path.join(repoRoot, 'dist', 'renderer'), passwordAttempts: { burst: 1000, perMinute: 1000 } }, trustedOrigins)
    : null;
  let wsSession: WsSession | null = null;
  if (options.signedIn !== false) {
    const { username, displayName, password, roles } = HARNESS_USER;
    await auth.createUser('system:harness', { username, displayName, roles, temporaryPassword: password, permanent: true });
    const signedIn = await bedside.router.invoke(HARNESS_IPC_CONTEXT, 'auth.signIn', { username, password });
    if (!signedIn.ok) throw new Error(`harness sign-in failed: ${signedIn.error.message}`);
    if (host) wsSession = await httpSignIn(host.origin, username, password);
  }
  useWsSession(wsSession);
  afterAll(async () => {
    useWsSession(null);
    await host?.close();
    await bedside.shutdown();
  });
  return { bedside, host, trustedOrigins, dataDir, auth, wsSession };
}
