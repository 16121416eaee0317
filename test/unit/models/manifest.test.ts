import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../electron/services/json';
import { compareVersions, parseManifest } from '../../../electron/services/models/manifest';
import { checkSignature, generateSigningKeyPair, keyIdOf, signManifest } from '../../../electron/services/models/signing';
import crypto from 'node:crypto';
import { imageManifest } from '../inference/helpers/packFixtures';

const files = [{ path: 'model.onnx', sha256: 'a'.repeat(64), bytes: 10 }];

describe('pack manifest', () => {
  it('accepts a complete manifest and fills defaults', () => {
    const r = parseManifest({ ...imageManifest(), files });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.manifest.input.kind === 'image' && r.manifest.input.activation).toBe('softmax');
  });

  it('names the problem: bad version, unlisted model, escaping path, band without threshold', () => {
    const bad = (m: object): string => {
      const r = parseManifest(m);
      return r.ok ? 'ok' : r.reason;
    };
    expect(bad({ ...imageManifest({ version: 'one' }), files })).toMatch(/version: a version looks like 1\.2\.3/);
    expect(bad({ ...imageManifest(), files: [{ ...files[0], path: 'other.onnx' }] })).toMatch(/model\.onnx is not listed/);
    expect(bad({ ...imageManifest(), files: [{ ...files[0], path: '../model.onnx' }] })).toMatch(/stay inside the pack/);
    const m = imageManifest();
    const labels = (m.labels ?? []).map((l) => ({ ...l, uncertainBand: [0.7, 0.9] }));
    expect(bad({ ...m, labels, files })).toMatch(/uncertain band must contain the threshold/);
  });

  it('orders versions by semver', () => {
    expect(['1.10.0', '1.2.0', '1.2.0-rc.1', '0.9.9'].sort(compareVersions)).toEqual(['0.9.9', '1.2.0-rc.1', '1.2.0', '1.10.0']);
  });

  it('canonical JSON sorts keys at every level and ignores formatting', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('verifies Ed25519 signatures and names an untrusted key', () => {
    const keys = generateSigningKeyPair();
    const pub = crypto.createPublicKey(keys.publicKeyPem);
    const trusted = [{ keyId: keyIdOf(pub), key: pub, source: 'test' }];
    const manifest = { id: 'x', n: 1 };
    const sig = signManifest(manifest, keys.privateKeyPem);
    expect(checkSignature({ n: 1, id: 'x' }, sig, trusted)).toBeNull();
    expect(checkSignature({ id: 'x', n: 2 }, sig, trusted)).toMatch(/changed after signing/);
    expect(checkSignature(manifest, sig, [])).toMatch(/untrusted key/);
  });
});
