/**
 * A registered interoperability client for tests: an ES384 key pair made with `jose`, its
 * public key written to `interop-clients.json` in the data folder as clinic IT would, and a
 * signer of CDS Hooks / FHIR API bearer tokens (iss, aud, exp, iat, jti; header kid, typ JWT).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { Role } from '../../electron/contract/channels/auth';

/** One client: its issuer and a signer. */
export interface TestInteropClient {
  iss: string;
  kid: string;
  privateKey: CryptoKey;
  /** A fresh token for `aud` (each with its own jti); claims can be overridden to test refusals. */
  token(aud: string | string[], overrides?: { exp?: number; iat?: number; jti?: string; iss?: string; kid?: string; alg?: string }): Promise<string>;
}

/** Makes a key pair for `iss`. */
export async function makeInteropClient(iss: string): Promise<TestInteropClient & { publicJwk: Record<string, unknown> }> {
  const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
  const kid = crypto.randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  return {
    iss,
    kid,
    privateKey,
    publicJwk,
    token: async (aud, o = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ jti: o.jti ?? crypto.randomUUID(), tenant: 'test-clinic' })
        .setProtectedHeader({ alg: o.alg ?? 'ES384', typ: 'JWT', kid: o.kid ?? kid })
        .setIssuer(o.iss ?? iss)
        .setAudience(aud)
        .setIssuedAt(o.iat ?? now)
        .setExpirationTime(o.exp ?? now + 120)
        .sign(privateKey);
    },
  };
}

/** Writes interop-clients.json with these clients (as clinic IT does; see docs/interop.md). */
export function registerInteropClients(dataDir: string, clients: { client: { iss: string; publicJwk: Record<string, unknown> }; name: string; roles: Role[] }[]): void {
  const file = { clients: clients.map((c) => ({ iss: c.client.iss, name: c.name, roles: c.roles, jwks: { keys: [c.client.publicJwk] } })) };
  fs.writeFileSync(path.join(dataDir, 'interop-clients.json'), JSON.stringify(file, null, 2));
}
