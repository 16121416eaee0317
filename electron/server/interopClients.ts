/**
 * The systems clinic IT has allowed to call Bedside's CDS Hooks service and FHIR API: the file
 * `interop-clients.json` in the data folder (format in docs/interop.md). Each client is named by
 * the `iss` its tokens carry, holds the public keys (a JWK Set) its tokens are signed with, and
 * the Bedside roles it acts with. Keys are configured, never fetched (`jku` is not followed:
 * Bedside makes no network call it was not told to).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { roleSchema, type Role } from '../contract/channels/auth';

/** The file's name in the data folder. */
export const INTEROP_CLIENTS_FILE = 'interop-clients.json';

const jwkSchema = z.looseObject({ kty: z.enum(['RSA', 'EC', 'OKP']), kid: z.string().min(1) }).refine((k) => !('d' in k), { message: 'is a private key: give only the public key' });

const clientSchema = z.strictObject({
  iss: z.string().min(1).max(500),
  name: z.string().min(1).max(200),
  roles: z.array(roleSchema).min(1),
  jwks: z.strictObject({ keys: z.array(jwkSchema).min(1) }),
  /** Optional: the JWK Set URL the client names in `jku`; a token naming another is refused (the URL is never fetched). */
  jku: z.string().optional(),
});

const fileSchema = z.strictObject({ clients: z.array(clientSchema) });

/** One registered client. */
export type InteropClient = z.infer<typeof clientSchema> & { roles: Role[] };

/** The registered clients, re-read when the file changes; a bad file is refused as a whole, with why. */
export class InteropClients {
  private cached: { mtimeMs: number; size: number; clients: Map<string, InteropClient>; problem: string | null } | null = null;

  constructor(private readonly dataDir: string) {}

  /** The file's path. */
  get file(): string {
    return path.join(this.dataDir, INTEROP_CLIENTS_FILE);
  }

  /** The clients by issuer, or the problem that makes the file unusable (null: none registered). */
  current(): { clients: Map<string, InteropClient>; problem: string | null } {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.file);
    } catch {
      this.cached = null;
      return { clients: new Map(), problem: null };
    }
    if (this.cached && this.cached.mtimeMs === stat.mtimeMs && this.cached.size === stat.size) return this.cached;
    this.cached = { mtimeMs: stat.mtimeMs, size: stat.size, ...this.read() };
    return this.cached;
  }

  private read(): { clients: Map<string, InteropClient>; problem: string | null } {
    const clients = new Map<string, InteropClient>();
    let raw: unknown;
    try {
      if (fs.statSync(this.file).size > 1024 * 1024) return { clients, problem: `${INTEROP_CLIENTS_FILE} is larger than 1 MiB; it should hold a few client entries.` };
      raw = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch (e) {
      return { clients, problem: `${INTEROP_CLIENTS_FILE} in the data folder could not be read as JSON (${e instanceof Error ? e.message.slice(0, 120) : 'unreadable'}). No other system can connect until it is fixed.` };
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { clients, problem: `${INTEROP_CLIENTS_FILE} in the data folder is not valid at ${issue.path.join('.') || 'the top level'}: ${issue.message}. No other system can connect until it is fixed (see docs/interop.md).` };
    }
    for (const c of parsed.data.clients) {
      if (clients.has(c.iss)) return { clients: new Map(), problem: `${INTEROP_CLIENTS_FILE} lists the issuer ${c.iss} twice; each client needs its own iss.` };
      clients.set(c.iss, c);
    }
    return { clients, problem: null };
  }
}
