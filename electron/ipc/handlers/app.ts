/** Handlers of the `app` channels. */
import type { BedsideContract } from '../../contract';
import type { HandlersOf } from '../router';
import type { ExecutionProviderInfo } from '../../contract/channels/app';
import { chooseProvider } from '../../services/inference/providers';

export interface AppInfoSource {
  name: string;
  version: string;
  mode: 'desktop' | 'browser-host' | 'headless';
  forceCpu: boolean;
  providers: () => ExecutionProviderInfo[];
  /** The provider inference actually ran on last (after any fallback); null before the first run. */
  ranProvider?: () => ExecutionProviderInfo['name'] | null;
  /** Health of each running service. */
  health: () => Promise<{ name: string; ok: boolean; message: string }[]>;
}

/** The `app` feature, answered from the running app's facts. */
export function appHandlers(source: AppInfoSource): HandlersOf<Pick<BedsideContract, 'app'>>['app'] {
  return {
    info: () => {
      const providers = source.providers();
      return {
        name: source.name,
        version: source.version,
        platform: process.platform,
        arch: process.arch,
        mode: source.mode,
        providers,
        activeProvider: source.ranProvider?.() ?? chooseProvider(providers, source.forceCpu),
        forceCpu: source.forceCpu,
      };
    },
    health: async () => {
      const checks = await source.health();
      return { ok: checks.every((c) => c.ok), checks };
    },
  };
}
