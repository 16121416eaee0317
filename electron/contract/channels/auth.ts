/**
 * Sign-in, lock and local accounts. Every call of every channel is checked against the
 * permission table (electron/ipc/permissions.ts) in the main process; these channels are how a
 * connection gets, locks, unlocks and ends its session.
 */
import { z } from 'zod';
import { channel } from '../define';

/** What a user may do: a user can hold several roles (an admin who also treats patients). */
export const roleSchema = z.enum(['clinician', 'nurse', 'admin']);
export type Role = z.infer<typeof roleSchema>;
/** Every role, in the order screens list them. */
export const ROLES: readonly Role[] = roleSchema.options;

/** A user name: letters, digits, dot, dash, underscore; compared without case. */
export const usernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, dots, dashes and underscores, starting with a letter or digit');
/** A password as typed (the strength policy is checked by the service, with a readable reason). */
export const passwordSchema = z.string().min(1).max(1024);
const displayNameSchema = z.string().trim().min(1).max(120);

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
});
export type UserInfo = z.infer<typeof userSchema>;

/** The state of this connection's session. */
export const sessionStateSchema = z.enum(['setup-required', 'signed-out', 'active', 'locked', 'password-change-required']);
export type SessionState = z.infer<typeof sessionStateSchema>;

export const authStatusSchema = z.object({
  state: sessionStateSchema,
  user: userSchema.nullable(),
  /** Minutes of inactivity after which the session locks. */
  idleLockMinutes: z.number(),
  /** When the session will lock if nothing happens (ISO time), for active sessions. */
  lockAt: z.string().nullable(),
});
export type AuthStatus = z.infer<typeof authStatusSchema>;

const empty = z.strictObject({});

export const authChannels = {
  status: channel({ summary: "This connection's session: signed out, active, locked or waiting for a password change", input: empty, output: authStatusSchema }),
  setupAdmin: channel({
    summary: 'First run only: creates the administrator account (refused once any user exists)',
    input: z.strictObject({
      username: usernameSchema,
      displayName: displayNameSchema,
      password: passwordSchema,
      alsoClinician: z.boolean().optional(),
      /** From another computer only: the one-time set-up code printed on the console where `serve` runs. */
      setupCode: z.string().max(64).optional(),
    }),
    output: z.object({
      user: userSchema,
      /** The database recovery code, shown once (on this computer; for a set-up from another computer it is printed on the host's console instead). */
      recoveryCode: z.string().nullable(),
    }),
  }),
  signIn: channel({
    summary: 'Signs in on this connection; any previous session of the connection ends',
    input: z.strictObject({ username: z.string().max(200), password: passwordSchema }),
    output: authStatusSchema,
  }),
  signOut: channel({ summary: "Ends this connection's session (switching user on a shared workstation)", input: empty, output: z.object({ signedOut: z.boolean() }) }),
  lock: channel({ summary: 'Locks the session now; the screens keep their state until the same user unlocks', input: empty, output: authStatusSchema }),
  unlock: channel({ summary: 'Unlocks a locked session with the same user’s password', input: z.strictObject({ password: passwordSchema }), output: authStatusSchema }),
  changePassword: channel({
    summary: "Changes the signed-in user's password (required after a temporary password)",
    input: z.strictObject({ currentPassword: passwordSchema, newPassword: passwordSchema }),
    output: authStatusSchema,
  }),
  listUsers: channel({ summary: 'Every local account (administrators)', input: empty, output: z.object({ users: z.array(userSchema) }) }),
  createUser: channel({
    summary: 'Creates an account with a temporary password that must be changed at first sign-in (administrators)',
    input: z.strictObject({ username: usernameSchema, displayName: displayNameSchema, roles: z.array(roleSchema).min(1).max(3), temporaryPassword: passwordSchema.optional() }),
    output: z.object({ user: userSchema, temporaryPassword: z.string() }),
  }),
  updateUser: channel({
    summary: "Changes an account's name, roles, or disables it (administrators); its sessions end when access shrinks",
    input: z.strictObject({ userId: z.string().min(1).max(64), displayName: displayNameSchema.optional(), roles: z.array(roleSchema).min(1).max(3).optional(), disabled: z.boolean().optional() }),
    output: z.object({ user: userSchema }),
  }),
  resetPassword: channel({
    summary: "Gives an account a new temporary password and ends its sessions (administrators)",
    input: z.strictObject({ userId: z.string().min(1).max(64), temporaryPassword: passwordSchema.optional() }),
    output: z.object({ user: userSchema, temporaryPassword: z.string() }),
  }),
};
