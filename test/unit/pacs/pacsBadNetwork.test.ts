/**
 * A PACS that is down, slow, refuses, or answers with broken multipart or JSON: each gives a
 * clear error, within the time limit, and nothing is cached. The faulty servers are plain Node
 * HTTP servers on loopback (a real PACS cannot be made to misbehave on demand); TLS is checked
 * against a real Orthanc serving HTTPS with a certificate Bedside must be told to trust.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generate } from 'selfsigned';
import { DicomWebClient, PacsService, savePacsSettings, type PacsSettings } from '../../../electron/services/pacs';
import { freePort, haveOrthanc, ORTHANC_MISSING, ORTHANC_PASSWORD, ORTHANC_USER, startOrthanc } from '../../helpers/orthanc';
import { tempDir } from '../../helpers/tempDir';
import { dicomDir, haveDicom } from '../imaging/sharedDicom';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A loopback HTTP server answering every request with `handler`. */
async function faultyPacs(handler: http.RequestListener): Promise<PacsSettings> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { baseUrl: `http://127.0.0.1:${port}/dicom-web`, auth: { type: 'none' }, timeoutSeconds: 1 };
}

const UID = { study: '1.2.3', series: '1.2.3.4', instance: '1.2.3.4.5' };
const dicom = haveDicom ? fs.readFileSync(path.join(dicomDir, 'CT_small.dcm')) : Buffer.alloc(200);

/** A PacsService over the settings, with an empty data folder; returns the cache folder too. */
async function serviceFor(settings: PacsSettings): Promise<{ service: PacsService; cacheDir: string }> {
  const dataDir = tempDir();
  savePacsSettings(dataDir, settings);
  const service = new PacsService({ dataDir, databaseKey: () => Buffer.alloc(32, 1) });
  await service.boot();
  return { service, cacheDir: path.join(dataDir, 'pacs', 'cache') };
}

const cacheEntries = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);

describe('a PACS that misbehaves', () => {
  it('with no PACS configured, says so and makes no call', async () => {
    const service = new PacsService({ dataDir: tempDir(), databaseKey: () => Buffer.alloc(32, 1) });
    await service.boot();
    expect(service.status()).toEqual({ configured: false });
    await expect(service.searchStudies({ patientId: 'X' })).rejects.toMatchObject({ failure: 'not-configured', message: expect.stringContaining('No PACS is set up') });
  });

  it('a PACS that is down: connection refused, named', async () => {
    const port = await freePort();
    const client = new DicomWebClient({ baseUrl: `http://127.0.0.1:${port}/dicom-web`, auth: { type: 'none' }, timeoutSeconds: 5 });
    await expect(client.searchStudies({ patientId: 'X' })).rejects.toMatchObject({ failure: 'unreachable', message: expect.stringContaining('refused the connection') });
  });

  it('a PACS that never answers: a timeout after the configured seconds, nothing cached', async () => {
    const settings = await faultyPacs(() => {
      /* never answers */
    });
    const { service, cacheDir } = await serviceFor(settings);
    const started = Date.now();
    await expect(service.retrieveInstance(UID.study, UID.series, UID.instance)).rejects.toMatchObject({ failure: 'timeout', message: expect.stringContaining('did not answer within 1 seconds') });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(cacheEntries(cacheDir)).toEqual([]);
  });

  it('a PACS that stops in the middle of an image: the deadline covers the whole answer, nothing cached', async () => {
    const settings = await faultyPacs((_req, res) => {
      res.writeHead(200, { 'content-type': 'multipart/related; type="application/dicom"; boundary=b' });
      res.write(Buffer.concat([Buffer.from('--b\r\nContent-Type: application/dicom\r\n\r\n'), dicom.subarray(0, 300)]));
    });
    const { service, cacheDir } = await serviceFor(settings);
    await expect(service.retrieveInstance(UID.study, UID.series, UID.instance)).rejects.toMatchObject({ failure: 'timeout' });
    expect(cacheEntries(cacheDir)).toEqual([]);
  });

  it('server errors and refusals are named with their HTTP status', async () => {
    for (const [status, failure, words] of [
      [500, 'server-error', 'HTTP 500'],
      [503, 'server-error', 'HTTP 503'],
      [401, 'refused-credentials', 'credentials'],
      [404, 'not-found', 'HTTP 404'],
    ] as const) {
      const settings = await faultyPacs((_req, res) => res.writeHead(status).end('nope'));
      await expect(new DicomWebClient(settings).searchStudies({ patientId: 'X' })).rejects.toMatchObject({ failure, message: expect.stringContaining(words) });
    }
  });

  it('malformed answers are refused with what is wrong, and nothing is cached', async () => {
    const cases: [string, http.RequestListener, string][] = [
      ['cut-off multipart', (_q, r) => r.writeHead(200, { 'content-type': 'multipart/related; boundary=b' }).end(Buffer.concat([Buffer.from('--b\r\nContent-Type: application/dicom\r\n\r\n'), dicom])), 'cut off'],
      ['no boundary', (_q, r) => r.writeHead(200, { 'content-type': 'multipart/related' }).end('x'), 'no boundary'],
      ['not multipart', (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'), 'not multipart'],
      ['a part that is not DICOM', (_q, r) => r.writeHead(200, { 'content-type': 'multipart/related; boundary=b' }).end('--b\r\nContent-Type: application/dicom\r\n\r\nhello\r\n--b--\r\n'), 'is not a DICOM file'],
      ['a JPEG instead', (_q, r) => r.writeHead(200, { 'content-type': 'multipart/related; boundary=b' }).end('--b\r\nContent-Type: image/jpeg\r\n\r\nhello\r\n--b--\r\n'), 'image/jpeg'],
    ];
    for (const [name, handler, words] of cases) {
      const { service, cacheDir } = await serviceFor(await faultyPacs(handler));
      await expect(service.retrieveInstance(UID.study, UID.series, UID.instance), name).rejects.toMatchObject({ failure: 'malformed-response', message: expect.stringContaining(words) });
      expect(cacheEntries(cacheDir), name).toEqual([]);
    }
    const badJson = await faultyPacs((_q, r) => r.writeHead(200, { 'content-type': 'application/dicom+json' }).end('[{"0020000D": '));
    await expect(new DicomWebClient(badJson).searchStudies({ patientId: 'X' })).rejects.toMatchObject({ failure: 'malformed-response', message: expect.stringContaining('not valid JSON') });
    const noUid = await faultyPacs((_q, r) => r.writeHead(200, { 'content-type': 'application/dicom+json' }).end('[{"00100020": {"vr": "LO", "Value": ["X"]}}]'));
    await expect(new DicomWebClient(noUid).searchStudies({ patientId: 'X' })).rejects.toMatchObject({ failure: 'malformed-response', message: expect.stringContaining('Study Instance UID') });
  });

  it('refuses UIDs that are not UIDs before any call, and settings that are not valid', async () => {
    const client = new DicomWebClient({ baseUrl: 'http://127.0.0.1:9/dicom-web', auth: { type: 'none' }, timeoutSeconds: 1 });
    await expect(client.searchSeries('1.2/../../admin')).rejects.toMatchObject({ failure: 'bad-settings' });
    expect(() => savePacsSettings(tempDir(), { baseUrl: 'ftp://pacs/x', auth: { type: 'none' }, timeoutSeconds: 5 })).toThrow(/https:\/\//);
    expect(() => savePacsSettings(tempDir(), { baseUrl: 'https://user:pw@pacs/x', auth: { type: 'none' }, timeoutSeconds: 5 })).toThrow(/not in the address/);
  });

  it('a damaged settings file is reported, not taken for "no PACS"', async () => {
    const dataDir = tempDir();
    fs.mkdirSync(path.join(dataDir, 'pacs'));
    fs.writeFileSync(path.join(dataDir, 'pacs', 'settings.json'), '{"baseUrl": ');
    const service = new PacsService({ dataDir, databaseKey: () => null });
    await service.boot();
    expect(service.status()).toMatchObject({ configured: false, problem: expect.stringContaining('not valid JSON') });
    await expect(service.searchStudies({ patientId: 'X' })).rejects.toMatchObject({ failure: 'bad-settings' });
  });
});

describe.skipIf(!haveOrthanc)('TLS to a real Orthanc behind an HTTPS front end', () => {
  if (!haveOrthanc) console.warn(`Skipping the Orthanc TLS test: ${ORTHANC_MISSING}.`);
  // Debian's Orthanc 1.10.1 crashes (civetweb worker segfault, OpenSSL 3) on its first HTTPS
  // connection when SslEnabled is set, so TLS is terminated in front of it, as clinics commonly
  // do with a reverse proxy: a Node HTTPS server forwarding every request to the real Orthanc.
  it('refuses an untrusted certificate with advice, and connects with the clinic CA file', async () => {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'basicConstraints', cA: true }, { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const orthanc = await startOrthanc();
    const front = https.createServer({ cert: pems.cert, key: pems.private }, (req, res) => {
      const upstream = http.request(`${orthanc.url}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    try {
      const caFile = path.join(tempDir(), 'clinic-ca.pem');
      fs.writeFileSync(caFile, pems.cert);
      const baseUrl = `https://127.0.0.1:${(front.address() as { port: number }).port}/dicom-web`;
      const settings: PacsSettings = { baseUrl, auth: { type: 'basic', username: ORTHANC_USER, password: ORTHANC_PASSWORD }, timeoutSeconds: 10 };
      await expect(new DicomWebClient(settings).searchStudies({ patientId: 'X' })).rejects.toMatchObject({ failure: 'unreachable', message: expect.stringContaining('certificate authority file') });
      expect(await new DicomWebClient({ ...settings, caFile }).searchStudies({ patientId: 'X' })).toEqual([]);
      if (haveDicom) {
        await orthanc.upload(dicom);
        expect((await new DicomWebClient({ ...settings, caFile }).searchStudies({ modality: 'CT' })).length).toBe(1);
      }
    } finally {
      await new Promise((r) => front.close(r));
      await orthanc.stop();
    }
  }, 60_000);
});
