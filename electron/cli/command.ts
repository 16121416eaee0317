/** The shape of an admin command: each lives in commands/ and is listed in admin.ts. */
import type { AppPaths } from '../services/paths';

export interface CommandContext {
  paths: AppPaths;
  appRoot: string;
  /** Prints a line for the admin. */
  out: (line: string) => void;
}

export interface AdminCommand {
  name: string;
  usage: string;
  summary: string;
  /** Returns the process exit code; throws a BedsideError for failures the admin can fix. */
  run: (args: string[], ctx: CommandContext) => Promise<number>;
}
