/**
 * Authenticating another system's request, as CDS Hooks 2.0 "Trusting CDS Clients" describes:
 * `Authorization: Bearer <JWT>` signed with the client's private key (asymmetric algorithms
 * only: never `none`, never HMAC), header `kid` and `typ: JWT`; payload `iss` (a registered
 * client), `aud` (the endpoint called), `exp`, `iat` and `jti` (each token is used once).
 * Verification with `jose` against the client's configured JWK Set.
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import type { InteropClient, InteropClients } from './interopClients';

/** Asymmetric algorithms accepted (the spec recommends ES384 and RS384). */
export const ACCEPTED_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'];

/** The longest a token may live (exp − now), and the clock skew allowed. */
export const MAX_TOKEN_LIFETIME_S = 300;
const CLOCK_TOLERANCE_S = 30;

/** Why a request was not authenticated: said to the caller (no secret in it) and to the audit trail. */
export class AuthenticationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationRefused';
  }
}

/** Verifies bearer tokens; remembers each `jti` until its token expires, so no token is accepted twice. */
export class BearerVerifier {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly registry: InteropClients,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The client a request's Authorization header proves, for one of the audiences (the endpoint URLs) given. */
  async verify(authorization: string | undefined, audiences: readonly string[]): Promise<InteropClient> {
    const { clients, problem } = this.registry.current();
    if (problem) throw new AuthenticationRefused(problem);
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization ?? '');
    if (!match) throw new AuthenticationRefused('This request has no bearer token. Each request needs "Authorization: Bearer <JWT>" signed by a client registered by the clinic (docs/interop.md).');
    const token = match[1]!;
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claims: ReturnType<typeof decodeJwt>;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      throw new AuthenticationRefused('The bearer token is not a readable JWT.');
    }
    if (typeof header.kid !== 'string' || !header.kid) throw new AuthenticationRefused('The JWT header has no kid (CDS Hooks requires it, to pick the key).');
    const client = typeof claims.iss === 'string' ? clients.get(claims.iss) : undefined;
    if (!client) throw new AuthenticationRefused(`The token's issuer ${typeof claims.iss === 'string' ? `"${claims.iss.slice(0, 200)}"` : '(none)'} is not a client registered with this Bedside. Clinic IT registers clients in ${'interop-clients.json'} (docs/interop.md).`);
    if (header.jku !== undefined && header.jku !== client.jku) throw new AuthenticationRefused('The JWT names a key set URL (jku) that is not the one registered for this client.');
    let verified: Awaited<ReturnType<typeof jwtVerify>>;
    try {
      verified = await jwtVerify(token, createLocalJWKSet(client.jwks as Parameters<typeof createLocalJWKSet>[0]), {
        issuer: client.iss,
        audience: [...audiences],
        algorithms: ACCEPTED_ALGORITHMS,
        typ: 'JWT',
        requiredClaims: ['exp', 'iat', 'jti'],
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(this.now()),
      });
    } catch (e) {
      throw new AuthenticationRefused(describeJoseError(e, audiences));
    }
    const { exp, jti, iat } = verified.payload as { exp: number; jti: unknown; iat: number };
    const nowS = this.now() / 1000;
    if (typeof jti !== 'string' || !jti || jti.length > 256) throw new AuthenticationRefused('The token has no usable jti (a unique id for each token).');
    if (exp - nowS > MAX_TOKEN_LIFETIME_S + CLOCK_TOLERANCE_S) throw new AuthenticationRefused(`The token lives too long: exp must be at most ${MAX_TOKEN_LIFETIME_S} seconds from now.`);
    if (iat - nowS > CLOCK_TOLERANCE_S) throw new AuthenticationRefused('The token was issued in the future (iat): check the client clock.');
    this.prune(nowS);
    const key = `${client.iss}\u0000${jti}`;
    if (this.seen.has(key)) throw new AuthenticationRefused('This token was already used (its jti was seen before). Sign a new token for each request.');
    this.seen.set(key, exp);
    return client;
  }

  private prune(nowS: number): void {
    if (this.seen.size < 10_000) {
      for (const [k, exp] of this.seen) if (exp + CLOCK_TOLERANCE_S < nowS) this.seen.delete(k);
      return;
    }
    // Past 10,000 live tokens, the oldest go first; expired ones are refused by exp anyway.
    for (const k of [...this.seen.keys()].slice(0, 5_000)) this.seen.delete(k);
  }
}

function describeJoseError(e: unknown, audiences: readonly string[]): string {
  if (e instanceof joseErrors.JWTExpired) return 'The token has expired (exp). Sign a new token for each request.';
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return `The token's aud is not this endpoint: it must be ${audiences[0]}.`;
    return `The token's ${e.claim} claim is not valid (${e.reason}).`;
  }
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return `The token's signing algorithm is not accepted: use one of ${ACCEPTED_ALGORITHMS.join(', ')} (never none or HMAC).`;
  if (e instanceof joseErrors.JWKSNoMatchingKey) return 'No registered key of this client matches the token (kid and algorithm).';
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature does not verify with the registered key.';
  return 'The bearer token could not be verified.';
}
