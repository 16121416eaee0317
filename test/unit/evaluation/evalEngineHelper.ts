/** The app's model stack (registry with the committed packs installed and verified, supervised host) for one test file. */
import path from 'node:path';
import { afterAll } from 'vitest';
import { openEvalEngine, type EvalEngine } from '../../../electron/services/evaluation/evalEngine';
import { bundleHost } from '../inference/helpers/hostBundle';
import { repoRoot } from '../../helpers/sharedData';
import { tempDir } from '../../helpers/tempDir';

/** Opens the stack over a temporary data folder; closed after the file. */
export function bundledPacksEngine(): () => Promise<EvalEngine> {
  let opened: Promise<EvalEngine> | null = null;
  afterAll(async () => {
    if (opened) await (await opened).close();
  });
  return () => {
    if (!opened) {
      const root = tempDir('bedside-eval-');
      opened = openEvalEngine({
        dataDir: path.join(root, 'data'),
        bundledPacksDir: path.join(repoRoot, 'models', 'packs'),
        trustedKeyDirs: [path.join(repoRoot, 'models', 'keys', 'trusted')],
        hostScript: bundleHost(root),
        provider: 'cpu',
        hostEnv: { NODE_PATH: path.join(repoRoot, 'node_modules') },
      });
    }
    return opened;
  };
}
