/** `admin version`: the app's name, version and runtime. */
import type { AdminCommand } from '../command';
import { APP_NAME, APP_VERSION } from '../../app/version';

/** The version line (`version` and `--version`). */
export function versionLine(): string {
  const electron = process.versions.electron ? `Electron ${process.versions.electron}, ` : '';
  return `${APP_NAME} ${APP_VERSION} (${electron}Node ${process.versions.node}, ${process.platform}-${process.arch})`;
}

export const versionCommand: AdminCommand = {
  name: 'version',
  usage: 'version',
  summary: 'Print the Bedside version and runtime',
  options: {},
  run: async (_args, ctx) => {
    ctx.out(versionLine());
    ctx.result({ name: APP_NAME, version: APP_VERSION, node: process.versions.node, electron: process.versions.electron ?? null, platform: process.platform, arch: process.arch });
    return 0;
  },
};
