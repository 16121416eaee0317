/**
 * Builds a running Bedside: the services in dependency order and the router with every
 * channel's handler. The desktop shell, the browser host, the admin command line and the tests
 * all start Bedside through this one function, so they run the same code.
 */
import path from 'node:path';
import { contract, type BedsideContract } from '../contract';
import { ServiceContainer } from '../services/container';
import { DataFolderService } from '../services/dataFolder';
import { safe, type Logging } from '../services/logging/logger';
import type { AppPaths } from '../services/paths';
import { probeProviders } from '../services/inference/providerProbe';
import { chooseProvider, type ProviderName } from '../services/inference/providers';
import { InferenceService } from '../services/inference/inferenceService';
import type { HostLauncher } from '../services/inference/hostLauncher';
import { ModelRegistry } from '../services/models/registry';
import { Router, type SenderPolicy } from '../ipc/router';
import { EventHub } from '../ipc/events';
import { appHandlers } from '../ipc/handlers/app';
import { modelsHandlers } from '../ipc/handlers/models';
import { inferenceHandlers } from '../ipc/handlers/inference';
import { imagingHandlers } from '../ipc/handlers/imaging';
import { recordsHandlers } from '../ipc/handlers/records';
import { pacsHandlers } from '../ipc/handlers/pacs';
import { PacsService } from '../services/pacs';
import { RecordsService } from '../services/records/recordsService';
import { FileKeyStore, type KeyStore } from '../services/records/keyStore';
import { AuthService } from '../services/auth/authService';
import { SqliteAccountStore } from '../services/auth/accountStore';
import { RecordsAuditSink } from '../services/auth/recordsAuditSink';
import type { SecurityAuditSink } from '../services/auth/securityAudit';
import type { ScryptParams } from '../services/auth/passwords';
import { recoveryFile, writeRecoveryBlob } from '../services/auth/recoveryKey';
import { createAuthoriser } from '../ipc/authorisation';
import { RefusalTally } from '../ipc/refusalTally';
import { createWriteGate } from '../ipc/writeAuthorisation';
import { FileDelivery, type FileChooser } from '../ipc/fileDelivery';
import { TransferStore } from '../services/transfers/transferStore';
import { channelsMissingFromTable } from '../ipc/permissions';
import { authHandlers } from '../ipc/handlers/auth';
import { cdsHandlers, withCdsTriggers } from '../ipc/handlers/cds';
import { CdsService } from '../services/cds/cdsService';
import { registryModels } from '../services/cds/modelPort';
import { APP_NAME, APP_VERSION } from './version';

export interface BedsideOptions {
  paths: AppPaths;
  mode: 'desktop' | 'browser-host' | 'headless';
  isTrustedSender: SenderPolicy;
  forceCpu?: boolean;
  log?: (message: string, error?: unknown) => void;
  /** The process's log (`<data>/logs`): services and calls are logged there when given. */
  logging?: Logging;
  /** Starts the inference host (the desktop shell passes a utilityProcess launcher; default: fork). */
  launchHost?: HostLauncher;
  /** Provider to try first instead of the probed best one (tests simulate a failing provider with it). */
  preferProvider?: ProviderName;
  /** Where the database key lives (the desktop shell passes its safeStorage key store; default: the key file). */
  keyStore?: KeyStore;
  /** Where the audit MAC key and the checkpoint signing key live (the desktop passes keychain stores; default: 0600 files in the data folder). */
  auditKeyStore?: KeyStore;
  auditSigningKeyStore?: KeyStore;
  /** scrypt cost of password hashes (tests lower it; default: production cost). */
  passwordCost?: ScryptParams;
  /** Idle time before a session locks (default 10 minutes; BEDSIDE_IDLE_LOCK_MINUTES overrides). */
  idleLockMs?: number;
  /** The OS file dialogs (the desktop shell passes them; windows never send paths). */
  fileChooser?: FileChooser;
  /** scrypt cost (log2 N) of encrypted exports (tests lower it; default: age's 18). */
  exportScryptLogN?: number;
}

export interface Bedside {
  container: ServiceContainer;
  router: Router<BedsideContract>;
  events: EventHub;
  /** Refusals of callers without a session, audited in aggregate (the browser host adds its own). */
  refusals: RefusalTally;
  paths: AppPaths;
  /** Downloads and uploads of the browser host (exports, backups, restores, imports). */
  transfers: TransferStore;
  /** The security events sink (records audit trail): the host's CDS Hooks and FHIR API record refusals there. */
  securityAudit: SecurityAuditSink;
  /** Stops every service in reverse order; safe to call twice. */
  shutdown: () => Promise<void>;
}

/** Logs every call: channel, outcome and duration (never its input or output). */
function callLogger(logging: Logging): (channel: string, outcome: string, ms: number) => void {
  const ipcLog = logging.module('ipc');
  return (channel, outcome, ms) => {
    const fields = { channel: safe.id(channel), outcome: safe.id(outcome), ms: Math.round(ms) };
    if (outcome === 'ok') ipcLog.debug('call', fields);
    else ipcLog.info('call-refused', fields);
  };
}

/** Boots the services and installs every handler. */
export async function createBedside(options: BedsideOptions): Promise<Bedside> {
  const consoleLog = (m: string, e?: unknown): void => console.error(m, e ?? '');
  /** The log callback of one module: the caller's, else the process log, else the console. */
  const logFor = (module: string): ((m: string, e?: unknown) => void) => options.log ?? options.logging?.serviceLog(module) ?? consoleLog;
  const log = logFor('app');
  const forceCpu = options.forceCpu ?? process.env.BEDSIDE_FORCE_CPU === '1';
  const events = new EventHub();
  const container = new ServiceContainer();
  // One process per data folder: the lock file names this one to any second one.
  container.register('dataFolder', [], () => new DataFolderService(options.paths, { desktop: 'desktop app', 'browser-host': 'browser host', headless: 'headless service' }[options.mode]));
  container.register('transfers', ['dataFolder'], () => new TransferStore(path.join(options.paths.dataDir, 'transfers')));
  // Trusted pack-signing keys: those shipped with the app, and the clinic's own in the data folder.
  const trustedKeyDirs = [options.paths.bundledTrustedKeysDir, options.paths.trustedKeysDir];
  container.register('models', ['dataFolder'], () => new ModelRegistry({ packsDir: options.paths.packsDir, bundledPacksDir: options.paths.bundledPacksDir, trustedKeyDirs, clinicKeyDirs: [options.paths.trustedKeysDir], log: (m) => logFor('models')(m) }));
  container.register('inference', ['models'], (get) =>
    new InferenceService({
      registry: get<ModelRegistry>('models'),
      hostScript: options.paths.inferenceHostScript,
      provider: options.preferProvider ?? chooseProvider(probeProviders(), forceCpu),
      cacheDir: path.join(options.paths.dataDir, 'cache', 'transformers'),
      emit: (name, payload) => events.emit(name, payload),
      ...(options.launchHost ? { launcher: options.launchHost } : {}),
      log: (m) => logFor('inference')(m),
    }),
  );
  // The desktop shell passes a safeStorage key store; the browser host and the CLI use the key file.
  const keyStore = options.keyStore ?? new FileKeyStore(options.paths.keyFile);
  container.register('records', ['dataFolder'], () =>
    new RecordsService({
      databaseFile: options.paths.databaseFile,
      backupsDir: options.paths.backupsDir,
      keyStore,
      emit: (name, payload) => events.emit(name, payload),
      log: (m, e) => logFor('records')(m, e),
      ...(options.exportScryptLogN ? { exportScryptLogN: options.exportScryptLogN } : {}),
      ...(options.auditKeyStore ? { auditKeyStore: options.auditKeyStore } : {}),
      ...(options.auditSigningKeyStore ? { auditSigningKeyStore: options.auditSigningKeyStore } : {}),
      // Every save and delete, whichever channel carries it, passes the permission table's write rows and the order path.
      writeGate: createWriteGate({
        rolesOfUser: (username) => container.get<AuthService>('auth').rolesOfUser(username),
        checkOrder: (actor, patientId, order) => container.get<CdsService>('cds').checkOrder(actor, patientId, order),
      }),
    }),
  );
  const securityAudit = new RecordsAuditSink(() => container.get<RecordsService>('records').database, (e) => log('Could not write a security event to the audit trail', e));
  const idleMinutes = Number(process.env.BEDSIDE_IDLE_LOCK_MINUTES);
  container.register('auth', ['records'], (get) =>
    new AuthService({
      store: new SqliteAccountStore(() => get<RecordsService>('records').database),
      audit: securityAudit,
      ...(options.passwordCost ? { scrypt: options.passwordCost } : {}),
      idleLockMs: options.idleLockMs ?? (idleMinutes > 0 ? idleMinutes * 60_000 : undefined),
      // The recovery code is made when the administrator is created, and shown to them once.
      createRecoveryCode: () => {
        const key = keyStore.load();
        return key ? writeRecoveryBlob(recoveryFile(options.paths.dataDir), key) : null;
      },
    }),
  );
  // The clinic's PACS, when IT has configured one; its cache key derives from the database key.
  container.register('pacs', ['records'], () => new PacsService({ dataDir: options.paths.dataDir, databaseKey: () => keyStore.load() }));
  container.register('cds', ['records', 'models', 'inference'], (get) =>
    new CdsService({
      records: () => get<RecordsService>('records'),
      models: registryModels(get<ModelRegistry>('models'), get<InferenceService>('inference')),
      emit: (name, payload) => events.emit(name, payload),
      log: (m, e) => logFor('cds')(m, e),
      knowledge: get<ModelRegistry>('models'),
    }),
  );
  await container.boot();
  const auth = container.get<AuthService>('auth');

  const refusals = new RefusalTally(securityAudit);
  const router = new Router(contract, {
    isTrustedSender: options.isTrustedSender,
    authorise: createAuthoriser(auth, securityAudit, refusals),
    onUnexpectedError: (channel, error) => {
      if (options.logging) options.logging.module('ipc').error('unexpected-error', { channel: safe.id(channel) }, error);
      else log(`Unexpected error in ${channel}`, error);
    },
    ...(options.logging ? { onCall: callLogger(options.logging) } : {}),
  });
  router.handleAll({
    app: appHandlers({
      name: APP_NAME,
      version: APP_VERSION,
      mode: options.mode,
      forceCpu,
      providers: () => probeProviders(),
      ranProvider: () => container.get<InferenceService>('inference').activeProvider(),
      health: async () => [{ name: 'data folder', ...container.get<DataFolderService>('dataFolder').checkWritable() }],
    }),
    models: modelsHandlers(container.get<ModelRegistry>('models'), (id) => container.get<InferenceService>('inference').unloadPack(id)),
    inference: inferenceHandlers(container.get<InferenceService>('inference')),
    imaging: imagingHandlers(),
    pacs: pacsHandlers(() => container.get<PacsService>('pacs')),
    records: withCdsTriggers(
      recordsHandlers(() => container.get<RecordsService>('records'), (ctx) => ctx.actor?.name ?? 'anonymous', new FileDelivery(() => container.get<TransferStore>('transfers'), options.fileChooser ?? null)),
      () => container.get<CdsService>('cds'),
      log,
    ),
    cds: cdsHandlers(() => container.get<CdsService>('cds')),
    auth: authHandlers(auth),
  });
  const missing = router.unhandledChannels();
  if (missing.length) log(`Channels without a handler: ${missing.join(', ')}`);
  // Unlisted channels are refused at every call; say so loudly at startup too.
  const unlisted = channelsMissingFromTable(router.channelNames());
  if (unlisted.length) log(`Channels missing from the permission table (every call to them is refused): ${unlisted.join(', ')}`);

  const shutdown = async (): Promise<void> => {
    refusals.flush();
    await container.shutdown();
  };
  return { container, router, events, refusals, paths: options.paths, transfers: container.get<TransferStore>('transfers'), securityAudit, shutdown };
}
