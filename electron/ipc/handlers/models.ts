/** Handlers of the `models` channels: list, install, activate and roll back packs. */
import type { BedsideContract } from '../../contract';
import type { HandlersOf } from '../router';
import type { ModelRegistry } from '../../services/models/registry';

/** The `models` feature over the registry; `onActiveChanged` lets inference drop stale sessions. */
export function modelsHandlers(registry: ModelRegistry, onActiveChanged: (packId: string) => Promise<void> = async () => undefined): HandlersOf<Pick<BedsideContract, 'models'>>['models'] {
  return {
    list: async () => ({
      packs: (await registry.list()).map((p) => ({
        id: p.id,
        active: p.active,
        versions: p.versions.map((v) => ({
          version: v.version,
          name: v.manifest.name,
          task: v.manifest.task,
          installedAt: v.installedAt,
          keyId: v.keyId,
          labels: v.manifest.labels.map((l) => ({ name: l.name, threshold: l.threshold, codes: l.codes })),
          modelCard: v.manifest.modelCard,
        })),
      })),
    }),
    install: async ({ path }) => {
      const r = await registry.install(path);
      if (r.active && !r.alreadyInstalled) await onActiveChanged(r.id);
      return r;
    },
    activate: async ({ id, version }) => {
      const r = await registry.activate(id, version);
      await onActiveChanged(id);
      return r;
    },
    rollback: async ({ id }) => {
      const r = await registry.rollback(id);
      await onActiveChanged(id);
      return r;
    },
  };
}
