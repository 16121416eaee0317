/**
 * Bedside's DICOMweb client against a real Orthanc (Debian's orthanc + orthanc-dicomweb):
 * search, retrieve (pixels equal to the file path's decode), store, credentials and the
 * encrypted cache.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../../electron/services/imaging';
import { DicomWebClient, PacsCache, PacsService, cacheKeyFrom, savePacsSettings, type PacsSettings } from '../../../electron/services/pacs';
import { haveOrthanc, ORTHANC_MISSING, ORTHANC_PASSWORD, ORTHANC_USER, startOrthanc, type Orthanc } from '../../helpers/orthanc';
import { tempDir } from '../../helpers/tempDir';
import { dicomDir, haveDicom } from '../imaging/sharedDicom';

if (!haveOrthanc) console.warn(`Skipping the Orthanc tests: ${ORTHANC_MISSING}.`);

/** Files across transfer syntaxes, grey and colour, single and multi-frame, and one without a preamble or meta header (an RT plan: no image). */
const FILES = ['ExplVR_BigEndNoMeta.dcm', 'CT_small.dcm', 'MR_small_jp2klossless.dcm', 'JPEG-lossy.dcm', 'SC_rgb_rle_2frame.dcm', 'examples_palette.dcm', 'image_dfl.dcm', 'SC_rgb_jpeg_lossy_gdcm.dcm', '693_J2KI.dcm'];
/** Kept out of the first upload: sent by STOW-RS. */
const STOW_FILE = 'liver_1frame.dcm';

interface Uploaded {
  file: string;
  study: string;
  series: string;
  instance: string;
  patientId: string;
}

describe.skipIf(!haveOrthanc || !haveDicom)('DICOMweb against a real Orthanc', () => {
  let orthanc: Orthanc;
  let settings: PacsSettings;
  const uploaded: Uploaded[] = [];

  /** The UIDs Orthanc's own REST API gives for one of its instances. */
  const uidsOf = async (id: string, file: string): Promise<Uploaded> => {
    const inst = (await (await orthanc.get(`/instances/${id}`)).json()) as { MainDicomTags: { SOPInstanceUID: string }; ParentSeries: string };
    const series = (await (await orthanc.get(`/series/${inst.ParentSeries}`)).json()) as { MainDicomTags: { SeriesInstanceUID: string }; ParentStudy: string };
    const study = (await (await orthanc.get(`/studies/${series.ParentStudy}`)).json()) as { MainDicomTags: { StudyInstanceUID: string }; PatientMainDicomTags: { PatientID: string } };
    return { file, study: study.MainDicomTags.StudyInstanceUID, series: series.MainDicomTags.SeriesInstanceUID, instance: inst.MainDicomTags.SOPInstanceUID, patientId: study.PatientMainDicomTags.PatientID };
  };

  beforeAll(async () => {
    orthanc = await startOrthanc();
    settings = { baseUrl: orthanc.dicomWebUrl, auth: { type: 'basic', username: ORTHANC_USER, password: ORTHANC_PASSWORD }, timeoutSeconds: 20 };
    for (const file of FILES) uploaded.push(await uidsOf(await orthanc.upload(fs.readFileSync(path.join(dicomDir, file))), file));
  }, 60_000);
  afterAll(async () => {
    await orthanc?.stop();
  });

  it('finds each study by patient identifier, its series and its instance', async () => {
    const client = new DicomWebClient(settings);
    // Files without a Patient ID cannot be found by one.
    const withId = uploaded.filter((u) => u.patientId);
    expect(withId.length).toBeGreaterThanOrEqual(5);
    for (const u of withId) {
      const studies = await client.searchStudies({ patientId: u.patientId });
      const study = studies.find((s) => s.studyInstanceUid === u.study);
      expect(study, u.file).toBeDefined();
      expect(study!.patientId ?? '').toBe(u.patientId);
      expect(study!.modalities.length, u.file).toBeGreaterThan(0);
      const series = await client.searchSeries(u.study);
      expect(series.map((s) => s.seriesInstanceUid)).toContain(u.series);
      const instances = await client.searchInstances(u.study, u.series);
      expect(instances.map((i) => i.sopInstanceUid)).toContain(u.instance);
    }
  });

  it('searches by modality and by study date, and an unknown patient finds nothing', async () => {
    const client = new DicomWebClient(settings);
    const ct = uploaded.find((u) => u.file === 'CT_small.dcm')!;
    const byModality = await client.searchStudies({ modality: 'CT' });
    expect(byModality.map((s) => s.studyInstanceUid)).toContain(ct.study);
    const date = (await client.searchStudies({ patientId: ct.patientId }))[0]!.studyDate!;
    expect(date).toMatch(/^\d{8}$/);
    expect((await client.searchStudies({ studyDate: date })).map((s) => s.studyInstanceUid)).toContain(ct.study);
    expect(await client.searchStudies({ patientId: 'NO-SUCH-PATIENT-XYZ' })).toEqual([]);
  });

  it('retrieves every instance byte for byte, and its pixels equal the file path decode, frame by frame', async () => {
    const client = new DicomWebClient(settings);
    for (const u of uploaded) {
      const original = fs.readFileSync(path.join(dicomDir, u.file));
      const retrieved = await client.retrieveInstance(u.study, u.series, u.instance);
      expect(retrieved.equals(original), `${u.file}: same bytes as uploaded`).toBe(true);
      // What the file path refuses (no image), the PACS path refuses with the same message.
      const first = await decodeImage(original, u.file).catch((e: Error) => e);
      if (first instanceof Error) {
        await expect(decodeImage(retrieved, u.file)).rejects.toThrow(first.message);
        continue;
      }
      for (let frame = 0; frame < first.frameCount; frame++) {
        const fromFile = await decodeImage(original, u.file, { frame });
        const fromPacs = await decodeImage(retrieved, u.file, { frame });
        expect([fromPacs.width, fromPacs.height, fromPacs.samplesPerPixel]).toEqual([fromFile.width, fromFile.height, fromFile.samplesPerPixel]);
        expect(Buffer.from(fromPacs.pixels.buffer).equals(Buffer.from(fromFile.pixels.buffer)), `${u.file} frame ${frame}`).toBe(true);
      }
    }
  });

  it('retrieves a whole series as multipart', async () => {
    const client = new DicomWebClient(settings);
    const u = uploaded.find((x) => x.file === 'SC_rgb_rle_2frame.dcm')!;
    const files = await client.retrieveSeries(u.study, u.series);
    expect(files).toHaveLength((await client.searchInstances(u.study, u.series)).length);
    expect(files.some((f) => f.equals(fs.readFileSync(path.join(dicomDir, u.file))))).toBe(true);
  });

  it('stores a file by STOW-RS, then finds and retrieves it', async () => {
    const client = new DicomWebClient(settings);
    const bytes = fs.readFileSync(path.join(dicomDir, STOW_FILE));
    const result = await client.store([bytes]);
    expect(result.failed).toEqual([]);
    expect(result.stored).toHaveLength(1);
    const sop = result.stored[0]!;
    const studies = await client.searchStudies({ modality: '*' });
    let hit: { study: string; series: string } | undefined;
    for (const s of studies) {
      for (const se of await client.searchSeries(s.studyInstanceUid)) {
        if ((await client.searchInstances(s.studyInstanceUid, se.seriesInstanceUid)).some((i) => i.sopInstanceUid === sop)) hit = { study: s.studyInstanceUid, series: se.seriesInstanceUid };
      }
    }
    expect(hit).toBeDefined();
    expect((await client.retrieveInstance(hit!.study, hit!.series, sop)).equals(bytes)).toBe(true);
  });

  it('says clearly when the credentials are wrong, and when a study is not there', async () => {
    const wrong = new DicomWebClient({ ...settings, auth: { type: 'basic', username: ORTHANC_USER, password: 'wrong' } });
    await expect(wrong.searchStudies({ patientId: '*' })).rejects.toMatchObject({ failure: 'refused-credentials', message: expect.stringContaining('refused Bedside') });
    const none = new DicomWebClient({ ...settings, auth: { type: 'none' } });
    await expect(none.searchStudies({ patientId: '*' })).rejects.toMatchObject({ failure: 'refused-credentials' });
    const client = new DicomWebClient(settings);
    await expect(client.retrieveInstance('1.2.3', '1.2.3.4', '1.2.3.4.5')).rejects.toMatchObject({ failure: 'not-found' });
  });

  it('caches retrieved images encrypted: the second open needs no PACS, and another key reads nothing', async () => {
    const dataDir = tempDir();
    const key = Buffer.alloc(32, 7);
    savePacsSettings(dataDir, settings);
    const service = new PacsService({ dataDir, databaseKey: () => key });
    await service.boot();
    expect(service.status()).toEqual({ configured: true, address: orthanc.dicomWebUrl });
    const u = uploaded.find((x) => x.file === 'CT_small.dcm')!;
    const original = fs.readFileSync(path.join(dicomDir, u.file));
    const first = await service.retrieveInstance(u.study, u.series, u.instance);
    expect(first.cached).toBe(false);
    const second = await service.retrieveInstance(u.study, u.series, u.instance);
    expect(second).toMatchObject({ cached: true });
    expect(second.bytes.equals(original)).toBe(true);
    const cacheDir = path.join(dataDir, 'pacs', 'cache');
    const [entry] = fs.readdirSync(cacheDir);
    const stored = fs.readFileSync(path.join(cacheDir, entry!));
    expect(stored.includes(original.subarray(128, 400))).toBe(false);
    expect(stored.includes(Buffer.from(u.patientId))).toBe(false);
    const id = `${orthanc.dicomWebUrl}|${u.study}|${u.series}|${u.instance}`;
    expect(new PacsCache(cacheDir, cacheKeyFrom(Buffer.alloc(32, 8))).get(id)).toBeNull();
    expect(fs.statSync(path.join(dataDir, 'pacs', 'settings.json')).mode & 0o077).toBe(0);
  });
});
