// Release keys and signatures for Bedside updates (run on the release machine, offline is fine):
//   node build/sign-update.mjs keygen <folder>                 new Ed25519 key pair: bedside-release.pub / .key
//   node build/sign-update.mjs sign --key <file.key> <folder>  writes <manifest>.sig for every latest*.yml in <folder>
//   node build/sign-update.mjs verify --keys <dir> <folder>    checks those signatures against the *.pub keys in <dir>
// Same format as electron/services/updates/updateSignature.ts (tested against it).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Key id: first 16 hex digits of sha256 over the public key's SPKI DER. */
export function keyIdOf(publicKey) {
  return crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** The update manifests in a release folder. */
export function manifestsIn(folder) {
  return fs.readdirSync(folder).filter((n) => /^latest(-[a-z0-9-]+)?\.yml$/.test(n)).sort();
}

/** Writes `<manifest>.sig` beside each manifest in `folder`; returns their names. */
export function signFolder(folder, privateKeyPem) {
  const privateKey = crypto.createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the release key must be an Ed25519 key');
  const keyId = keyIdOf(crypto.createPublicKey(privateKey));
  const names = manifestsIn(folder);
  if (names.length === 0) throw new Error(`no latest*.yml in ${folder}: point this at the folder electron-builder wrote (release/)`);
  for (const name of names) {
    const signature = crypto.sign(null, fs.readFileSync(path.join(folder, name)), privateKey).toString('base64');
    const sig = { algorithm: 'ed25519', keyId, signature, file: name, signedAt: new Date().toISOString() };
    fs.writeFileSync(path.join(folder, `${name}.sig`), `${JSON.stringify(sig, null, 2)}\n`);
  }
  return names;
}

/** Checks each manifest's signature against the keys in `keysDir`; returns problems (empty when all verify). */
export function verifyFolder(folder, keysDir) {
  const keys = fs
    .readdirSync(keysDir)
    .filter((n) => n.endsWith('.pub'))
    .map((n) => crypto.createPublicKey(fs.readFileSync(path.join(keysDir, n), 'utf8')));
  const problems = [];
  for (const name of manifestsIn(folder)) {
    const sigFile = path.join(folder, `${name}.sig`);
    if (!fs.existsSync(sigFile)) {
      problems.push(`${name}: no signature`);
      continue;
    }
    const sig = JSON.parse(fs.readFileSync(sigFile, 'utf8'));
    const key = keys.find((k) => keyIdOf(k) === sig.keyId);
    if (!key) problems.push(`${name}: signed by key ${sig.keyId}, which is not in ${keysDir}`);
    else if (!crypto.verify(null, fs.readFileSync(path.join(folder, name)), key, Buffer.from(sig.signature, 'base64'))) problems.push(`${name}: signature does not match`);
  }
  return problems;
}

function main(argv) {
  const [cmd, ...rest] = argv;
  const opt = (name) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest.splice(i, 2)[1] : undefined;
  };
  if (cmd === 'keygen' && rest[0]) {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    fs.mkdirSync(rest[0], { recursive: true });
    const pub = path.join(rest[0], 'bedside-release.pub');
    const key = path.join(rest[0], 'bedside-release.key');
    if (fs.existsSync(key)) throw new Error(`${key} exists; refusing to overwrite a release key`);
    fs.writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
    fs.writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    console.log(`key id ${keyIdOf(publicKey)}\npublic key:  ${pub}  (copy into build/update-keys/ before building installers)\nprivate key: ${key}  (keep offline; never commit or copy to workstations)`);
    return 0;
  }
  if (cmd === 'sign') {
    const keyFile = opt('key');
    if (!keyFile || !rest[0]) return usage();
    const names = signFolder(rest[0], fs.readFileSync(keyFile, 'utf8'));
    console.log(`signed ${names.join(', ')}`);
    return 0;
  }
  if (cmd === 'verify') {
    const keysDir = opt('keys');
    if (!keysDir || !rest[0]) return usage();
    const problems = verifyFolder(rest[0], keysDir);
    if (problems.length) {
      console.error(problems.join('\n'));
      return 1;
    }
    console.log(`all manifests in ${rest[0]} verify`);
    return 0;
  }
  return usage();
}

function usage() {
  console.error('usage: node build/sign-update.mjs keygen <folder> | sign --key <file.key> <folder> | verify --keys <dir> <folder>');
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`sign-update: ${e.message}`);
    process.exitCode = 1;
  }
}
