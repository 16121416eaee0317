/** `admin version`: the app's name, version and runtime. */
import type { AdminCommand } from '../command';
import { APP_NAME, APP_VERSION } from '../../app/version';

export const versionCommand: AdminCommand = {
  name: 'version',
  usage: 'version',
  summary: 'Print the Bedside version and runtime',
  run: async (_args, { out }) => {
    out(`${APP_NAME} ${APP_VERSION} (Node ${process.versions.node}, ${process.platform}-${process.arch})`);
    return 0;
  },
};
