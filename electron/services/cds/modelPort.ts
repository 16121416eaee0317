/**
 * What the CDS service needs from the model packs and the inference engine, as a small
 * interface: tests pass fakes, the app passes the registry and the inference service.
 */
import type { ImageAnalysis, TextAnalysis } from '../../contract/channels/inference';
import type { InferenceService } from '../inference/inferenceService';
import type { OcclusionOptions } from '../inference/hostProtocol';
import type { ModelRegistry } from '../models/registry';
import type { ModelPackInfo } from './modelFindings';

/** The tasks CDS triggers use. */
export type CdsModelTask = 'token-classification' | 'image-classification';

/** Models for decision support: which pack is active for a task, and running it. */
export interface CdsModels {
  /** The active pack for a task, or null when none is installed and active. */
  activePack(task: CdsModelTask): Promise<(ModelPackInfo & { imageSize?: { width: number; height: number } }) | null>;
  /** Finds entities in a note (background priority: the clinician's own requests go first). */
  analyzeText(packId: string, text: string): Promise<TextAnalysis>;
  /** Classifies an image, with an occlusion heatmap; `confirmed`: the clinician confirmed what a PNG/JPEG shows. */
  analyzeImage(packId: string, bytes: Uint8Array, fileName: string, explain: OcclusionOptions, confirmed?: boolean): Promise<ImageAnalysis>;
}

/** The app's models: the active pack of a task from the registry, run by the inference service. */
export function registryModels(registry: ModelRegistry, inference: InferenceService): CdsModels {
  return {
    async activePack(task) {
      const packs = await registry.list();
      for (const pack of packs) {
        const v = pack.versions.find((x) => x.version === pack.active);
        if (!v || v.manifest.task !== task) continue;
        const m = v.manifest;
        const size = m.input.kind === 'image' ? { imageSize: { width: m.input.width, height: m.input.height } } : {};
        return { id: pack.id, version: v.version, name: m.name, task: m.task, intendedUse: m.modelCard.intendedUse, limits: m.modelCard.limits, ...size };
      }
      return null;
    },
    analyzeText: (packId, text) => inference.analyzeText({ packId, text, priority: 'background' }),
    analyzeImage: (packId, bytes, fileName, explain, confirmed) => inference.analyzeImage({ packId, bytes, fileName, explain, confirmed: confirmed ?? false, priority: 'background' }),
  };
}

/** No models at all (the admin command without packs, tests of rules only). */
export const NO_MODELS: CdsModels = {
  activePack: () => Promise.resolve(null),
  analyzeText: () => Promise.reject(new Error('no text model')),
  analyzeImage: () => Promise.reject(new Error('no image model')),
};
