/**
 * Builds a running Bedside: the services in dependency order and the router with every
 * channel's handler. The desktop shell, the browser host, the admin command line and the tests
 * all start Bedside through this one function, so they run the same code.
 */
import { contract, type BedsideContract } from '../contract';
import { ServiceContainer } from '../services/container';
import { DataFolderService } from '../services/dataFolder';
import type { AppPaths } from '../services/paths';
import { probeProviders } from '../services/inference/providerProbe';
import { Router, type SenderPolicy } from '../ipc/router';
import { EventHub } from '../ipc/events';
import { appHandlers } from '../ipc/handlers/app';
import { APP_NAME, APP_VERSION } from './version';

export interface BedsideOptions {
  paths: AppPaths;
  mode: 'desktop' | 'browser-host' | 'headless';
  isTrustedSender: SenderPolicy;
  forceCpu?: boolean;
  log?: (message: string, error?: unknown) => void;
}

export interface Bedside {
  container: ServiceContainer;
  router: Router<BedsideContract>;
  events: EventHub;
  paths: AppPaths;
  /** Stops every service in reverse order; safe to call twice. */
  shutdown: () => Promise<void>;
}

/** Boots the services and installs every handler. */
export async function createBedside(options: BedsideOptions): Promise<Bedside> {
  const log = options.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ''));
  const forceCpu = options.forceCpu ?? process.env.BEDSIDE_FORCE_CPU === '1';
  const events = new EventHub();
  const container = new ServiceContainer();
  container.register('dataFolder', [], () => new DataFolderService(options.paths));
  await container.boot();

  const router = new Router(contract, {
    isTrustedSender: options.isTrustedSender,
    onUnexpectedError: (channel, error) => log(`Unexpected error in ${channel}`, error),
  });
  router.handleAll({
    app: appHandlers({
      name: APP_NAME,
      version: APP_VERSION,
      mode: options.mode,
      forceCpu,
      providers: () => probeProviders(),
      health: async () => [{ name: 'data folder', ...container.get<DataFolderService>('dataFolder').checkWritable() }],
    }),
  });
  const missing = router.unhandledChannels();
  if (missing.length) log(`Channels without a handler: ${missing.join(', ')}`);

  return { container, router, events, paths: options.paths, shutdown: () => container.shutdown() };
}
