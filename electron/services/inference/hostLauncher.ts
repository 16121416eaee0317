/**
 * How the main process starts the inference host. The desktop shell injects an Electron
 * `utilityProcess` launcher; the browser host, the CLI and tests use `forkHostLauncher`.
 */
import { fork } from 'node:child_process';
import type { FromHost, ToHost } from './hostProtocol';
import { withLargePages } from '../imaging/largePages';

/** A running inference host process, as the supervisor sees it. */
export interface HostProcess {
  readonly pid: number | undefined;
  send(message: ToHost): void;
  onMessage(listener: (message: FromHost) => void): void;
  /** Called once when the process ends, for any reason (code null when killed by a signal). */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

/** Starts one inference host process from its script. */
export type HostLauncher = (script: string, env: Record<string, string>) => HostProcess;

/** Launches the host with child_process.fork (structured-clone messages, so bytes travel as bytes). */
export const forkHostLauncher: HostLauncher = (script, env) => {
  const child = fork(script, [], {
    serialization: 'advanced',
    env: withLargePages({ ...process.env, ...env }),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    get pid() {
      return child.pid;
    },
    send: (m) => {
      if (!exited && child.connected) child.send(m);
    },
    onMessage: (l) => child.on('message', (m) => l(m as FromHost)),
    onExit: (l) =>
      child.once('exit', (code, signal) => l(code, signal)),
    kill: () => {
      if (!exited) child.kill('SIGKILL');
    },
  };
};
