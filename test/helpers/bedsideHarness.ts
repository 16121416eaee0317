/**
 * Starts a real Bedside (every service, the real router) in a temporary data folder, as the
 * browser host does, optionally serving it on a free loopback port.
 */
import path from 'node:path';
import { afterAll } from 'vitest';
import { createBedside, type Bedside } from '../../electron/app/createBedside';
import { nodeAppPaths } from '../../electron/services/paths';
import { desktopSenderPolicy } from '../../electron/ipc/senderPolicy';
import { startBrowserHost, type RunningBrowserHost } from '../../electron/server/browserHost';
import { repoRoot } from './sharedData';
import { tempDir } from './tempDir';

export interface Harness {
  bedside: Bedside;
  host: RunningBrowserHost | null;
  trustedOrigins: Set<string>;
  dataDir: string;
}

/** A running Bedside for one test file; stopped after it. */
export async function startHarness(options: { serve?: boolean } = {}): Promise<Harness> {
  const dataDir = tempDir('bedside-data-');
  const paths = nodeAppPaths(repoRoot, 'browser-host', { ...process.env, BEDSIDE_DATA_DIR: dataDir }, []);
  const trustedOrigins = new Set<string>();
  const bedside = await createBedside({
    paths,
    mode: 'headless',
    // The same policies as the desktop app (IPC) and the browser host (WebSocket).
    isTrustedSender: (ctx) => (ctx.transport === 'ws' ? trustedOrigins.has(ctx.senderUrl) : ctx.transport === 'ipc' ? desktopSenderPolicy(ctx) : true),
    log: () => undefined,
  });
  const host = options.serve
    ? await startBrowserHost(bedside, { port: 0, host: '127.0.0.1', rendererDir: path.join(repoRoot, 'dist', 'renderer') }, trustedOrigins)
    : null;
  afterAll(async () => {
    await host?.close();
    await bedside.shutdown();
  });
  return { bedside, host, trustedOrigins, dataDir };
}
