/**
 * 0050: the keyed audit chain. Rows written from now on are chained with HMAC-SHA256 under the
 * audit key (not the database key) and marked `keyed = 1`; older rows keep their sha256 links
 * (rows cannot be rewritten: the triggers refuse it) and are bound to the keyed chain because
 * the first keyed row's MAC covers their head hash. See docs/security.md, "Audit trail".
 */
import type { Migration } from './types';

export const migration0050: Migration = {
  version: 50,
  name: 'audit-keyed',
  up(db) {
    db.exec('ALTER TABLE audit_log ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0 CHECK (keyed IN (0, 1))');
  },
};
