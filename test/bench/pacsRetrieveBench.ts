/**
 * PACS retrieve speed: Bedside's WADO-RS retrieve of one instance (DicomWebClient.retrieveInstance:
 * request, multipart parse, checks) from a real Orthanc on loopback, against Orthanc's own
 * `GET /instances/{id}/file` (the stored file, no multipart) over the same HTTP transport, in the
 * same run. Small instances: the shared DICOM files Orthanc accepts; large: the benchmark's
 * 2048×2048 uncompressed 12-bit file (8 MiB). Also the encrypted cache's hit time.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DicomWebClient, PacsService, savePacsSettings, type PacsSettings } from '../../electron/services/pacs';
import { sendRequest } from '../../electron/services/pacs/httpTransport';
import { haveOrthanc, ORTHANC_MISSING, ORTHANC_PASSWORD, ORTHANC_USER, startOrthanc, type Orthanc } from '../helpers/orthanc';

const RUNS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

interface Stored {
  file?: string;
  id: string;
  study: string;
  series: string;
  instance: string;
  bytes: number;
}

async function describe(orthanc: Orthanc, id: string): Promise<Stored> {
  const inst = (await (await orthanc.get(`/instances/${id}`)).json()) as { MainDicomTags: { SOPInstanceUID: string }; ParentSeries: string; FileSize: number };
  const series = (await (await orthanc.get(`/series/${inst.ParentSeries}`)).json()) as { MainDicomTags: { SeriesInstanceUID: string }; ParentStudy: string };
  const study = (await (await orthanc.get(`/studies/${series.ParentStudy}`)).json()) as { MainDicomTags: { StudyInstanceUID: string } };
  return { id, study: study.MainDicomTags.StudyInstanceUID, series: series.MainDicomTags.SeriesInstanceUID, instance: inst.MainDicomTags.SOPInstanceUID, bytes: inst.FileSize };
}

/** Median per-instance times (ms) of WADO-RS through Bedside and of Orthanc's file route, over `set`. */
async function time(client: DicomWebClient, settings: PacsSettings, rest: PacsSettings, set: Stored[]): Promise<{ wado: number; raw: number; file: number }> {
  const wado: number[] = [];
  const raw: number[] = [];
  const file: number[] = [];
  for (const s of set) {
    await client.retrieveInstance(s.study, s.series, s.instance); // warm-up: Orthanc's cache, JIT
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      await client.retrieveInstance(s.study, s.series, s.instance);
      wado.push(performance.now() - t0);
      // The same WADO-RS request without Bedside's parsing and checks: Orthanc's plugin alone.
      const tr = performance.now();
      await sendRequest(settings, { method: 'GET', path: `/studies/${s.study}/series/${s.series}/instances/${s.instance}`, accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' });
      raw.push(performance.now() - tr);
      const t1 = performance.now();
      const a = await sendRequest(rest, { method: 'GET', path: `/instances/${s.id}/file`, accept: 'application/dicom' });
      file.push(performance.now() - t1);
      if (a.status !== 200 || a.body.length !== s.bytes) throw new Error(`Orthanc's file route answered ${a.status} with ${a.body.length} bytes`);
    }
  }
  return { wado: median(wado), raw: median(raw), file: median(file) };
}

/** Runs the PACS part of the imaging benchmark; `largeFiles` are the 2048×2048 files the decode bench wrote. */
export async function runPacsRetrieveBench(sharedDicom: string, largeFiles: string[]): Promise<Record<string, number>> {
  if (!haveOrthanc) {
    console.log(`PACS retrieve: skipped, ${ORTHANC_MISSING}.`);
    return {};
  }
  const orthanc = await startOrthanc();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
  try {
    const settings: PacsSettings = { baseUrl: orthanc.dicomWebUrl, auth: { type: 'basic', username: ORTHANC_USER, password: ORTHANC_PASSWORD }, timeoutSeconds: 60 };
    const rest: PacsSettings = { ...settings, baseUrl: orthanc.url };
    const small: Stored[] = [];
    const seen = new Set<string>();
    for (const f of fs.readdirSync(sharedDicom).filter((n) => n.endsWith('.dcm')).sort()) {
      try {
        const s = { ...(await describe(orthanc, await orthanc.upload(fs.readFileSync(path.join(sharedDicom, f))))), file: f };
        if (!seen.has(s.id)) small.push(s);
        seen.add(s.id);
      } catch {
        /* files Orthanc refuses (no Study Instance UID, truncated…) are not PACS material */
      }
    }
    const large: Stored[] = [];
    for (const [i, f] of largeFiles.slice(0, 1).entries()) {
      const copy = path.join(dir, `large${i}.dcm`);
      fs.copyFileSync(f, copy);
      // The decode bench's files carry no study or patient, and share one SOP Instance UID: give them what a PACS needs.
      execFileSync('dcmodify', ['-nb', '-gst', '-gse', '-gin', '-i', '(0010,0020)=BENCH', '-i', '(0010,0010)=Bench^Large', copy], { stdio: 'ignore' });
      large.push(await describe(orthanc, await orthanc.upload(fs.readFileSync(copy))));
    }
    const client = new DicomWebClient(settings);
    // Instances Orthanc stores but its DICOMweb plugin cannot serve by their UIDs (a SOP Instance
    // UID that another stored file shares answers 404) are left out and named.
    for (const x of [...small]) {
      try {
        await client.retrieveInstance(x.study, x.series, x.instance);
      } catch (e) {
        console.log(`  left out ${x.file}: ${(e as Error).message.slice(0, 100)}`);
        small.splice(small.indexOf(x), 1);
      }
    }
    const s = await time(client, settings, rest, small);
    const l = await time(client, settings, rest, large.slice(0, 1));
    // The encrypted cache's hit: read, authenticate and decrypt one large instance.
    const dataDir = path.join(dir, 'data');
    savePacsSettings(dataDir, settings);
    const service = new PacsService({ dataDir, databaseKey: () => Buffer.alloc(32, 3) });
    await service.boot();
    const big = large[0]!;
    await service.retrieveInstance(big.study, big.series, big.instance);
    const hits: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      const got = await service.retrieveInstance(big.study, big.series, big.instance);
      hits.push(performance.now() - t);
      if (!got.cached) throw new Error('expected a cache hit');
    }
    const meanSmall = small.reduce((a, x) => a + x.bytes, 0) / small.length / 1024;
    const results = {
      pacs_small_instances: small.length,
      pacs_small_retrieve_ms: s.wado,
      pacs_small_orthanc_file_ms: s.file,
      pacs_small_ratio: s.wado / s.file,
      pacs_small_wado_without_parse_ms: s.raw,
      pacs_large_instances: 1,
      pacs_large_wado_without_parse_ms: l.raw,
      pacs_large_retrieve_ms: l.wado,
      pacs_large_orthanc_file_ms: l.file,
      pacs_large_ratio: l.wado / l.file,
      pacs_large_cache_hit_ms: median(hits),
    };
    console.log(`PACS retrieve from Orthanc ${'on loopback'}, median ms per instance over ${RUNS} runs each (WADO-RS through Bedside vs Orthanc's GET /instances/{id}/file, same transport):`);
    console.log(`  ${small.length} small instances (mean ${meanSmall.toFixed(0)} KiB): ${s.wado.toFixed(2)} ms vs ${s.file.toFixed(2)} ms, ratio ${(s.wado / s.file).toFixed(2)} (WADO-RS answer alone, no parsing: ${s.raw.toFixed(2)} ms)`);
    console.log(`  one large 2048×2048 12-bit instance (${(large[0]!.bytes / 1048576).toFixed(1)} MiB): ${l.wado.toFixed(2)} ms vs ${l.file.toFixed(2)} ms, ratio ${(l.wado / l.file).toFixed(2)} (WADO-RS answer alone, no parsing: ${l.raw.toFixed(2)} ms)`);
    console.log(`  encrypted cache hit, ${(big.bytes / 1048576).toFixed(1)} MiB instance: ${median(hits).toFixed(2)} ms`);
    return results;
  } finally {
    await orthanc.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
