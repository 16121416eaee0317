/**
 * TLS for serving beyond this computer: the admin's certificate (--tls-cert/--tls-key), or one
 * generated once, kept in the data folder (`tls/`, key readable only by its owner) and shown by
 * its SHA-256 fingerprint so clients can check it on first connection.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BedsideError } from '../services/errors';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 fingerprint of the certificate (colon-separated hex, as browsers show it). */
  fingerprint256: string;
  /** Where it came from. */
  source: 'provided' | 'generated';
}

/** The certificate's SHA-256 fingerprint; throws a clear error for a file that is not a certificate. */
export function certificateFingerprint(certPem: string): string {
  try {
    return new crypto.X509Certificate(certPem).fingerprint256;
  } catch {
    throw new BedsideError('invalid-input', 'The TLS certificate is not a PEM certificate. Give the certificate file (BEGIN CERTIFICATE) with --tls-cert and its private key with --tls-key.');
  }
}

/** Reads an admin-provided certificate and key, checking that they belong together. */
export function loadProvidedTls(certFile: string, keyFile: string): TlsMaterial {
  const read = (f: string, what: string): string => {
    try {
      return fs.readFileSync(f, 'utf8');
    } catch (e) {
      throw new BedsideError('not-found', `Bedside cannot read the TLS ${what} ${f} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
  };
  const cert = read(certFile, 'certificate');
  const key = read(keyFile, 'private key');
  const fingerprint256 = certificateFingerprint(cert);
  try {
    if (!new crypto.X509Certificate(cert).checkPrivateKey(crypto.createPrivateKey(key))) throw new Error('mismatch');
  } catch {
    throw new BedsideError('invalid-input', `The private key ${keyFile} does not belong to the certificate ${certFile}. Give the key that was made with this certificate.`);
  }
  return { cert, key, fingerprint256, source: 'provided' };
}

/** The generated certificate in `<dataDir>/tls/`, made on first use for `hosts` (the bound address and the public names, and this machine's names). */
export async function loadOrCreateSelfSigned(dataDir: string, hosts: string | readonly string[]): Promise<TlsMaterial> {
  const names = (typeof hosts === 'string' ? [hosts] : [...hosts]).map((h) => h.replace(/^\[(.*)\]$/, '$1')).filter((h) => h !== '0.0.0.0' && h !== '::');
  const host = names[0] ?? os.hostname();
  const dir = path.join(dataDir, 'tls');
  const certFile = path.join(dir, 'bedside-host.crt');
  const keyFile = path.join(dir, 'bedside-host.key');
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    const cert = fs.readFileSync(certFile, 'utf8');
    const x509 = new crypto.X509Certificate(cert);
    const stillValid = Date.parse(x509.validTo) > Date.now() + 7 * 86_400_000;
    const coversHost = names.every((n) => (net.isIP(n) ? x509.checkIP(n) !== undefined : x509.checkHost(n) !== undefined));
    if (stillValid && coversHost) return { cert, key: fs.readFileSync(keyFile, 'utf8'), fingerprint256: x509.fingerprint256, source: 'generated' };
  }
  const { generate } = await import('selfsigned');
  const altNames: { type: 2 | 7; value?: string; ip?: string }[] = [{ type: 2, value: 'localhost' }, { type: 2, value: os.hostname() }, { type: 7, ip: '127.0.0.1' }];
  for (const n of names) altNames.push(net.isIP(n) ? { type: 7, ip: n } : { type: 2, value: n });
  const notAfter = new Date(Date.now() + 825 * 86_400_000);
  const pems = await generate([{ name: 'commonName', value: `Bedside ${host}` }, { name: 'organizationName', value: 'Bedside clinic host' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(keyFile, pems.private, { mode: 0o600 });
  fs.writeFileSync(certFile, pems.cert, { mode: 0o644 });
  return { cert: pems.cert, key: pems.private, fingerprint256: certificateFingerprint(pems.cert), source: 'generated' };
}
