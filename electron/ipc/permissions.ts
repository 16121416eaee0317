/**
 * THE permission table: every contract channel and who may call it. The router checks it on
 * every call (after the sender, before the input is read). A channel missing from this table
 * is refused ('forbidden'), reported at startup, and fails the test suite.
 *
 * Roles: clinician (reads and writes charts, gets suggestions), nurse (reads charts, records
 * observations), admin (manages users, model packs and backups; reading charts needs the
 * clinician or nurse role as well: a user can hold several roles).
 */
import type { BedsideContract, ChannelName } from '../contract';
import type { Role } from '../contract/channels/auth';
import type { WriteAction } from '../services/records/writeIntent';

/** Who may call a channel: anyone (even signed out), any signed-in user, or users holding one of the roles. */
export type Access = 'public' | 'signed-in' | readonly Role[];

/** One row of the table. */
export interface Permission {
  access: Access;
  /** Still allowed while the session is locked (otherwise refused with 'locked'). */
  whileLocked?: boolean;
  /** Still allowed before a temporary password is changed (otherwise 'password-change-required'). */
  beforePasswordChange?: boolean;
  /** Calls that do not count as activity for the idle lock (status polling must not keep a session open). */
  passive?: boolean;
}

const CLINICAL: readonly Role[] = ['clinician'];
const CARE_TEAM: readonly Role[] = ['clinician', 'nurse'];
const ANY_ROLE: readonly Role[] = ['clinician', 'nurse', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
/** Public information the status bar shows in every state. */
const PUBLIC_INFO: Permission = { access: 'public', whileLocked: true, beforePasswordChange: true, passive: true };

export const permissions: Partial<Record<ChannelName<BedsideContract>, Permission>> = {
  'app.info': PUBLIC_INFO,
  'app.health': PUBLIC_INFO,

  'auth.status': PUBLIC_INFO,
  'auth.signIn': { access: 'public' },
  // Public, but the auth service refuses it once any account exists.
  'auth.setupAdmin': { access: 'public' },
  // Signing out from the lock screen is how another person takes over a shared workstation.
  'auth.signOut': { access: 'signed-in', whileLocked: true, beforePasswordChange: true },
  'auth.lock': { access: 'signed-in', whileLocked: true, beforePasswordChange: true },
  'auth.unlock': { access: 'signed-in', whileLocked: true, beforePasswordChange: true },
  'auth.changePassword': { access: 'signed-in', beforePasswordChange: true },
  'auth.listUsers': { access: ADMIN },
  'auth.createUser': { access: ADMIN },
  'auth.updateUser': { access: ADMIN },
  'auth.resetPassword': { access: ADMIN },

  'models.list': { access: ANY_ROLE },
  'models.install': { access: ADMIN },
  'models.activate': { access: ADMIN },
  'models.rollback': { access: ADMIN },

  // Inference reads note text and images from charts: clinical roles only.
  'inference.analyzeImage': { access: CLINICAL },
  'inference.analyzeText': { access: CLINICAL },
  'inference.ocr': { access: CLINICAL },
  'inference.cancel': { access: CLINICAL },

  // Viewing an image from a chart (nurses look at them too); nothing is stored.
  'imaging.preview': { access: CARE_TEAM },
  'imaging.pixels': { access: CARE_TEAM },

  // The PACS holds patients' images: the care team searches and views; sending files to it is the clinician's.
  'pacs.status': { access: ANY_ROLE },
  'pacs.searchStudies': { access: CARE_TEAM },
  'pacs.series': { access: CARE_TEAM },
  'pacs.instances': { access: CARE_TEAM },
  'pacs.retrieve': { access: CARE_TEAM },
  'pacs.store': { access: CLINICAL },

  // Charts: the care team reads them and records observations; deleting is for clinicians.
  'records.searchPatients': { access: CARE_TEAM },
  // The day list: who is booked or seen today, as the front desk and the care team see it.
  'records.dayList': { access: CARE_TEAM },
  'records.chart': { access: CARE_TEAM },
  'records.getResource': { access: CARE_TEAM },
  'records.saveResource': { access: CARE_TEAM },
  'records.deleteResource': { access: CLINICAL },
  'records.searchNotes': { access: CARE_TEAM },
  // Exports carry whole charts off the machine: clinicians only (an admin needs the clinician role too).
  'records.exportPatient': { access: CLINICAL },
  // Bulk data management: imports, backups, restore and the audit check are for administrators.
  'records.uploadSlot': { access: ADMIN },
  'records.importStart': { access: ADMIN },
  'records.jobStatus': { access: ADMIN },
  'records.jobCancel': { access: ADMIN },
  'records.backup': { access: ADMIN },
  'records.restore': { access: ADMIN },
  'records.verifyAudit': { access: ADMIN },

  // Decision support: the care team sees the cards of a chart (nurses read them too); ordering and
  // deciding on a card (accept, which writes to the chart, or override) are for clinicians. The
  // report holds no patient identifiers but clinicians' free-text comments: clinicians and admins.
  'cds.cardsForPatient': { access: CARE_TEAM },
  'cds.checkOrder': { access: CLINICAL },
  'cds.feedback': { access: CLINICAL },
  'cds.searchDrugs': { access: CARE_TEAM },
  // Stopping, modifying, renewing and reconciling medications are prescribing decisions, like orders.
  'cds.changeMedication': { access: CLINICAL },
  'cds.reconcileMedications': { access: CLINICAL },
  'cds.criticalLimits': { access: CARE_TEAM },
  'cds.report': { access: ['clinician', 'admin'] },
};

/** The table as a plain lookup (an unlisted channel gives undefined: deny). */
export function permissionOf(channel: string): Permission | undefined {
  return Object.prototype.hasOwnProperty.call(permissions, channel) ? (permissions as Record<string, Permission>)[channel] : undefined;
}

/** Contract channels the table does not list (a startup check; the test suite fails on any). */
export function channelsMissingFromTable(channelNames: readonly string[]): string[] {
  return channelNames.filter((c) => permissionOf(c) === undefined);
}

/** Table rows that name no contract channel (left behind by a rename). */
export function staleTableRows(channelNames: readonly string[]): string[] {
  const known = new Set(channelNames);
  return Object.keys(permissions).filter((c) => !known.has(c));
}

/** The state of the caller's session, as the table's rules see it. */
export type CallerState = 'signed-out' | 'active' | 'locked' | 'password-change-required';

/** The outcome of the table for one caller. */
export type Decision = { allow: true } | { allow: false; code: 'unauthenticated' | 'forbidden' | 'locked' | 'password-change-required'; message: string };

/** Decides one call from the table alone (pure: the authorisation matrix test runs it and the router). */
export function decide(permission: Permission | undefined, state: CallerState, roles: readonly string[]): Decision {
  if (!permission) return { allow: false, code: 'forbidden', message: 'This feature has no access rule yet, so Bedside refuses it. Nothing was changed; tell your administrator.' };
  if (state === 'locked' && !permission.whileLocked) {
    return { allow: false, code: 'locked', message: 'The screen is locked. Enter your password to continue where you left off; nothing was lost.' };
  }
  if (state === 'password-change-required' && !permission.beforePasswordChange) {
    return { allow: false, code: 'password-change-required', message: 'Choose a new password first: your account has a temporary password. Nothing else was done.' };
  }
  if (permission.access === 'public') return { allow: true };
  if (state === 'signed-out') return { allow: false, code: 'unauthenticated', message: 'Sign in to use Bedside. Nothing was done.' };
  if (permission.access === 'signed-in') return { allow: true };
  if (permission.access.some((r) => roles.includes(r))) return { allow: true };
  return {
    allow: false,
    code: 'forbidden',
    message: `Your account does not have the role this needs (${permission.access.join(' or ')}). Nothing was done; ask your administrator if you need it.`,
  };
}

// ---- Writes: role × resource type × action -------------------------------------------------
//
// The channel rows above say who may call `records.saveResource` and `records.deleteResource`
// at all; this table says what each role may write with them. The record store asks it (through
// the write gate the app installs, electron/ipc/writeAuthorisation.ts) inside every save and
// delete, whichever channel carries the write. `status` is a change of status, clinical or
// verification status, or (Patient) active flag or merge link; `update` changes content only.
// Reasons are in docs/security.md ("Who may write what").

/** Who may create, update, change the status of, and delete one resource type. */
export type WriteRule = Readonly<Record<WriteAction, readonly Role[]>>;

const rule = (create: readonly Role[], update: readonly Role[], status: readonly Role[], remove: readonly Role[]): WriteRule => ({ create, update, status, delete: remove });
/** What the nurse records at the bedside: the care team writes it, corrections by status too; deleting is for clinicians. */
const BEDSIDE_RECORD = rule(CARE_TEAM, CARE_TEAM, CARE_TEAM, CLINICAL);
/** Clinical decisions (diagnoses, orders, results, registration): clinicians. */
const CLINICAL_DECISION = rule(CLINICAL, CLINICAL, CLINICAL, CLINICAL);

export const writePermissions: Readonly<Record<string, WriteRule>> = {
  // Vital signs and other observations, notes, immunizations given, medications given, visits.
  Observation: BEDSIDE_RECORD,
  DocumentReference: BEDSIDE_RECORD,
  Immunization: BEDSIDE_RECORD,
  MedicationAdministration: BEDSIDE_RECORD,
  Encounter: BEDSIDE_RECORD,
  // A nurse records an allergy the patient reports and adds to it; confirming, refuting or
  // resolving it (a status change) and deleting it are the clinician's decision.
  AllergyIntolerance: rule(CARE_TEAM, CARE_TEAM, CLINICAL, CLINICAL),
  // Problems: diagnosing and resolving are clinical decisions.
  Condition: CLINICAL_DECISION,
  // Orders: clinicians only, and an active order only through the order path (checks always run).
  MedicationRequest: CLINICAL_DECISION,
  MedicationStatement: rule(CARE_TEAM, CARE_TEAM, CLINICAL, CLINICAL),
  DiagnosticReport: CLINICAL_DECISION,
  Procedure: CLINICAL_DECISION,
  // Registration, deactivation and merges (Patient.active, Patient.link) change who a chart belongs to.
  Patient: CLINICAL_DECISION,
};

/** The rule for every type the table does not name: clinicians only. */
export const DEFAULT_WRITE_RULE: WriteRule = CLINICAL_DECISION;

/** Resource types whose `active` status may only be reached through the order path (which always runs the order checks). */
export const ORDER_PATH_TYPES: ReadonlySet<string> = new Set(['MedicationRequest']);

/** The write rule of a resource type. */
export function writeRuleOf(type: string): WriteRule {
  return Object.prototype.hasOwnProperty.call(writePermissions, type) ? writePermissions[type]! : DEFAULT_WRITE_RULE;
}

/** Decides one write from the table alone (pure: the matrix test and the write gate run it). */
export function decideWrite(roles: readonly string[], type: string, action: WriteAction): Decision {
  const allowed = writeRuleOf(type)[action];
  if (allowed.some((r) => roles.includes(r))) return { allow: true };
  const verb = { create: 'add', update: 'change', status: 'change the status of', delete: 'delete' }[action];
  return {
    allow: false,
    code: 'forbidden',
    message: `Your account may not ${verb} ${type} records (that needs the ${allowed.join(' or ')} role). Nothing was saved; ask a colleague who holds that role.`,
  };
}
