/** The shape of one schema migration. */
import type { Db } from '../database';

/** One schema step: `up` runs inside a transaction that then sets user_version = version. */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}
