/** Every schema migration, oldest first. Add a new file numbered +10 and list it here. */
import type { Migration } from './types';
import { migration0010 } from './0010-initial';
import { migration0020 } from './0020-audit-log';
import { migration0030 } from './0030-accounts';
import { migration0040 } from './0040-cds-cards';
import { migration0050 } from './0050-audit-keyed';

export type { Migration } from './types';

/** The ordered migrations; the last one's version is the schema this app writes. */
export const migrations: readonly Migration[] = [migration0010, migration0020, migration0030, migration0040, migration0050];
