/**
 * The desktop app's inference host launcher: Electron's `utilityProcess`, so a native crash in
 * ONNX Runtime ends only that process (the supervisor restarts it) and the app keeps running.
 * With the `runAsNode` fuse off, `child_process.fork` of the Electron binary is not available.
 */
import { utilityProcess } from 'electron';
import type { HostLauncher } from '../services/inference/hostLauncher';
import type { FromHost } from '../services/inference/hostProtocol';

/** Starts the inference host as a utility process. */
export const utilityHostLauncher: HostLauncher = (script, env) => {
  const child = utilityProcess.fork(script, [], {
    serviceName: 'Bedside inference',
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    get pid() {
      return child.pid;
    },
    send: (m) => {
      if (!exited) child.postMessage(m);
    },
    onMessage: (l) => child.on('message', (m: unknown) => l(m as FromHost)),
    onExit: (l) => child.once('exit', (code: number) => l(code, null)),
    kill: () => {
      if (!exited) child.kill();
    },
  };
};
