/**
 * `npm run serve [-- --port <n>] [--data-dir <folder>]`: runs Bedside as a browser host on
 * 127.0.0.1 and prints the address to open.
 */
import path from 'node:path';
import { createBedside } from '../app/createBedside';
import { nodeAppPaths, argValue } from '../services/paths';
import { startBrowserHost } from './browserHost';
import { isLoopback } from './loopback';

const DEFAULT_PORT = 5183;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const appRoot = path.resolve(__dirname, '..', '..', '..');
  const paths = nodeAppPaths(appRoot, 'browser-host', process.env, argv);
  const portArg = argValue(argv, 'port');
  const port = portArg === undefined ? DEFAULT_PORT : Number(portArg);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`"${portArg}" is not a port number. Use --port with a number from 1 to 65535 (0 picks a free one).`);
  }
  const host = argValue(argv, 'host') ?? '127.0.0.1';
  if (!isLoopback(host)) {
    throw new Error(
      `Serving Bedside beyond this computer (${host}) needs TLS and sign-in, which this version does not have yet. Use the default 127.0.0.1.`,
    );
  }
  const trustedOrigins = new Set<string>();
  const bedside = await createBedside({
    paths,
    mode: 'browser-host',
    isTrustedSender: (ctx) => ctx.transport === 'ws' && trustedOrigins.has(ctx.senderUrl),
  });
  const running = await startBrowserHost(bedside, { port, host, rendererDir: paths.rendererDir }, trustedOrigins);
  console.log(`Bedside is serving at ${running.url}`);
  console.log(`Data folder: ${paths.dataDir}`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`Stopping Bedside (${signal})…`);
    void running
      .close()
      .then(() => bedside.shutdown())
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        console.error('Bedside did not stop cleanly:', e);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`Bedside could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
