/**
 * The write gate: the permission table's write rows (role × resource type × action) applied to
 * every save and delete in the record store, and the order path: a MedicationRequest is written
 * as active only after the order checks have run on exactly what is written and no critical
 * alert is left unanswered, whichever channel carried it.
 */
import type { Card } from '../contract/schemas/card';
import { ROLES } from '../contract/channels/auth';
import { BedsideError } from '../services/errors';
import type { WriteGate, WriteIntent } from '../services/records/writeIntent';
import { CLI_ACTOR } from './authorisation';
import { decideWrite, ORDER_PATH_TYPES } from './permissions';

/** What the gate needs from the rest of the app. */
export interface WriteGateDeps {
  /** The roles of a signed-in user's account (by user name); [] when there is none. */
  rolesOfUser: (username: string) => readonly string[];
  /** Runs the order checks on a draft order (and records its cards); returns the cards still to answer. */
  checkOrder: (actor: string, patientId: string, order: Readonly<Record<string, unknown>>) => { cards: Card[] };
}

/** The roles the audit-trail actor name stands for: `user:<name>` → the account's roles, the command line → all. */
export function rolesOfActor(actor: string, rolesOfUser: (username: string) => readonly string[]): readonly string[] {
  if (actor === CLI_ACTOR) return ROLES;
  if (actor.startsWith('user:')) return rolesOfUser(actor.slice(5));
  return [];
}

/** Whether a write makes an order active (a new active order, a change to one, or activating a draft). */
export function activatesOrder(intent: WriteIntent): boolean {
  return ORDER_PATH_TYPES.has(intent.type) && intent.action !== 'delete' && intent.toStatus === 'active';
}

/** Builds the gate the record store runs inside every save and delete. */
export function createWriteGate(deps: WriteGateDeps): WriteGate {
  return (actor, intent) => {
    const decision = decideWrite(rolesOfActor(actor, deps.rolesOfUser), intent.type, intent.action);
    if (!decision.allow) throw new BedsideError(decision.code, decision.message);
    if (!activatesOrder(intent)) return;
    if (!intent.patientId || !intent.resource) {
      throw new BedsideError('invalid-input', 'An active medication order must name the patient it is for (subject: Patient/…). Nothing was saved.');
    }
    const critical = deps.checkOrder(actor, intent.patientId, intent.resource).cards.filter((c) => c.indicator === 'critical');
    if (critical.length) {
      throw new BedsideError(
        'conflict',
        `This order was not saved: the order check found ${critical.length === 1 ? 'a critical alert' : `${critical.length} critical alerts`} not yet answered (${critical.map((c) => c.summary).join('; ').slice(0, 300)}). Review it in the order form: change the order, or dismiss the alert with a reason, then place the order again.`,
      );
    }
  };
}
