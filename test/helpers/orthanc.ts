/**
 * A real Orthanc (Debian's `orthanc` + `orthanc-dicomweb`) for tests: started on a free
 * loopback port with its own configuration and storage in a temporary folder, HTTP basic
 * authentication on, DICOM networking off, and stopped by the test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Debian's DICOMweb plugin for Orthanc. */
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

/** True when Orthanc and its DICOMweb plugin are installed. */
export const haveOrthanc = spawnSync('sh', ['-c', 'command -v Orthanc'], { stdio: 'ignore' }).status === 0 && fs.existsSync(DICOMWEB_PLUGIN);

/** Why Orthanc tests are skipped on this machine. */
export const ORTHANC_MISSING = 'Orthanc is not installed (apt-get install orthanc orthanc-dicomweb; scripts/install.sh does this as root)';

export const ORTHANC_USER = 'bedside';
export const ORTHANC_PASSWORD = 'orthanc-test-password';

/** A running Orthanc. */
export interface Orthanc {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The DICOMweb root: <url>/dicom-web */
  dicomWebUrl: string;
  port: number;
  /** Uploads one Part 10 file through the REST API; returns Orthanc's instance id. */
  upload(bytes: Buffer): Promise<string>;
  /** GET on the REST API with the test credentials. */
  get(pathname: string): Promise<Response>;
  stop(): Promise<void>;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const authHeader = `Basic ${Buffer.from(`${ORTHANC_USER}:${ORTHANC_PASSWORD}`).toString('base64')}`;

/** Starts Orthanc and waits until its REST API answers. */
export async function startOrthanc(): Promise<Orthanc> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-orthanc-'));
  const port = await freePort();
  const config = {
    Name: 'bedside-test',
    StorageDirectory: path.join(dir, 'storage'),
    IndexDirectory: path.join(dir, 'storage'),
    HttpPort: port,
    DicomServerEnabled: false,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { [ORTHANC_USER]: ORTHANC_PASSWORD },
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/' },
    StorageCompression: false,
    HttpTimeout: 60,
  };
  const configFile = path.join(dir, 'orthanc.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const child: ChildProcess = spawn('Orthanc', [configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (c: Buffer) => void (log = (log + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const get = (pathname: string): Promise<Response> => fetch(url + pathname, { headers: { authorization: authHeader } });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Orthanc exited (${child.exitCode}) at start:\n${log}`);
    try {
      if ((await get('/system')).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Orthanc did not answer within 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dicomWebUrl: `${url}/dicom-web`,
    port,
    get,
    upload: async (bytes) => {
      const res = await fetch(`${url}/instances`, { method: 'POST', body: new Uint8Array(bytes), headers: { authorization: authHeader, 'content-type': 'application/dicom' } });
      const json = (await res.json()) as { ID?: string; Status?: string };
      if (!res.ok || !json.ID) throw new Error(`Orthanc refused the upload (${bytes.length} bytes): HTTP ${res.status} ${JSON.stringify(json)}`);
      return json.ID;
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
