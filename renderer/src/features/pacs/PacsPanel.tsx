/**
 * The chart's PACS tab: the patient's studies in the clinic's PACS, found by the chart's
 * identifiers (QIDO-RS); a series opens in the same viewer as imported files, where "analyse"
 * runs the image pack's gating and model on it; a study can be linked to the chart as an
 * ImagingStudy. With no PACS configured it says so and makes no network call.
 */
import { useEffect, useState } from 'react';
import type { PacsSeriesInfo, PacsStudyInfo } from '../../../../electron/contract/channels/pacs';
import type { ImagingPort, PacsPort } from '../../api/ports';
import { base64ToBytes } from '../../fhir/noteText';
import { useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { ImagesPanel, type ImageChart } from '../images/ImagesPanel';
import type { ImportedImage } from '../images/ImageImport';
import { dicomDate, imagingStudyFor } from './imagingStudy';

interface Props {
  pacs: PacsPort;
  imaging: ImagingPort | undefined;
  chart: ImageChart;
  /** The chart's patient identifiers (MRN and others), searched as DICOM Patient ID. */
  identifiers: string[];
  /** Study UIDs already linked to the chart. */
  linked: ReadonlySet<string>;
  onLinked: () => void;
}

type Status = { state: 'loading' } | { state: 'none'; problem?: string } | { state: 'ready'; address: string };

export function PacsPanel({ pacs, imaging, chart, identifiers, linked, onLinked }: Props) {
  const { t } = useI18n();
  const [status, setStatus] = useState<Status>({ state: 'loading' });
  const [studies, setStudies] = useState<PacsStudyInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [openStudy, setOpenStudy] = useState<string | null>(null);
  const [series, setSeries] = useState<PacsSeriesInfo[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [opened, setOpened] = useState<{ image: ImportedImage; label: string } | null>(null);
  // The open series: its instances and which one the viewer shows.
  const [current, setCurrent] = useState<{ studyUid: string; series: PacsSeriesInfo; instances: string[]; index: number } | null>(null);
  const idKey = identifiers.join('\u0000');

  useEffect(() => {
    let live = true;
    void (async () => {
      const s = await pacs.status({});
      if (!live) return;
      if (!s.ok) return setError(s.error.message);
      if (!s.value.configured) return setStatus({ state: 'none', ...(s.value.problem ? { problem: s.value.problem } : {}) });
      setStatus({ state: 'ready', address: s.value.address ?? '' });
      const found = new Map<string, PacsStudyInfo>();
      for (const patientId of idKey ? idKey.split('\u0000') : []) {
        const r = await pacs.searchStudies({ patientId });
        if (!live) return;
        if (!r.ok) return setError(r.error.message);
        for (const st of r.value.studies) found.set(st.studyInstanceUid, st);
      }
      setStudies([...found.values()].sort((a, b) => (b.studyDate ?? '').localeCompare(a.studyDate ?? '')));
    })();
    return () => {
      live = false;
    };
  }, [pacs, idKey]);

  const showSeries = async (studyUid: string) => {
    setOpenStudy(studyUid);
    setSeries(null);
    setError(null);
    const r = await pacs.series({ studyUid });
    if (r.ok) setSeries(r.value.series);
    else setError(r.error.message);
  };

  /** Retrieves instance `index` of a series and shows it. */
  const show = async (studyUid: string, s: PacsSeriesInfo, instances: string[], index: number) => {
    setBusy(s.seriesInstanceUid);
    setError(null);
    const r = await pacs.retrieve({ studyUid, seriesUid: s.seriesInstanceUid, instanceUid: instances[index]! });
    setBusy(null);
    if (!r.ok) return setError(r.error.message);
    const label = [s.modality, s.description].filter(Boolean).join(' · ') || t('pacs.series');
    setCurrent({ studyUid, series: s, instances, index });
    setOpened({ image: { name: r.value.fileName, kind: 'dicom', bytes: base64ToBytes(r.value.bytesBase64) }, label: t('pacs.opened', { label, index: index + 1, count: instances.length }) });
  };

  const openSeries = async (studyUid: string, s: PacsSeriesInfo) => {
    setBusy(s.seriesInstanceUid);
    setError(null);
    const list = await pacs.instances({ studyUid, seriesUid: s.seriesInstanceUid });
    setBusy(null);
    if (!list.ok) return setError(list.error.message);
    if (list.value.instances.length === 0) return setError(t('pacs.emptySeries'));
    await show(studyUid, s, list.value.instances.map((i) => i.sopInstanceUid), 0);
  };

  const link = async (study: PacsStudyInfo) => {
    setError(null);
    const r = await chart.records.saveResource({ resource: imagingStudyFor(chart.patientId, study) });
    if (r.ok) onLinked();
    else setError(r.error.message);
  };

  return (
    <section className="panel pacs-panel" aria-labelledby="pacs-title" data-testid="pacs-panel">
      <h2 id="pacs-title">{t('pacs.title')}</h2>
      {status.state === 'loading' && <p role="status">{t('pacs.loading')}</p>}
      {status.state === 'none' && (
        <p className="notice" role="status" data-testid="pacs-none">
          {status.problem ?? t('pacs.none')}
        </p>
      )}
      {status.state === 'ready' && (
        <p className="muted small" data-testid="pacs-address">
          {t('pacs.address', { address: status.address, ids: identifiers.join(', ') || '—' })}
        </p>
      )}
      <ErrorText message={error} />
      {status.state === 'ready' && studies === null && !error && <p role="status">{t('pacs.searching')}</p>}
      {studies && studies.length === 0 && <p data-testid="pacs-no-studies">{t('pacs.noStudies')}</p>}
      {studies && studies.length > 0 && (
        <ul className="pacs-studies" data-testid="pacs-studies">
          {studies.map((st) => (
            <li key={st.studyInstanceUid} data-testid="pacs-study">
              <span className="pacs-study-title">
                {dicomDate(st.studyDate) ?? t('pacs.noDate')} · {st.modalities.join(', ') || '—'} · {st.description ?? t('pacs.noDescription')}
              </span>
              <button type="button" onClick={() => void showSeries(st.studyInstanceUid)} aria-expanded={openStudy === st.studyInstanceUid} data-testid="pacs-show-series">
                {t('pacs.showSeries', { count: st.seriesCount ?? '?' })}
              </button>
              {linked.has(st.studyInstanceUid) ? (
                <span className="muted small" data-testid="pacs-linked">{t('pacs.linked')}</span>
              ) : (
                <button type="button" onClick={() => void link(st)} data-testid="pacs-link">
                  {t('pacs.link')}
                </button>
              )}
              {openStudy === st.studyInstanceUid && series && (
                <ul className="pacs-series">
                  {series.map((s) => (
                    <li key={s.seriesInstanceUid}>
                      {[s.modality, s.description].filter(Boolean).join(' · ') || t('pacs.series')} ({t('pacs.images', { count: s.instanceCount ?? '?' })})
                      <button type="button" className="primary" disabled={busy !== null} onClick={() => void openSeries(st.studyInstanceUid, s)} data-testid="pacs-open-series">
                        {busy === s.seriesInstanceUid ? t('pacs.retrieving') : t('pacs.open')}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {opened && (
        <>
          <p className="muted" data-testid="pacs-opened">{opened.label}</p>
          {current && current.instances.length > 1 && (
            <div className="pacs-instance-nav">
              <button type="button" disabled={busy !== null || current.index === 0} onClick={() => void show(current.studyUid, current.series, current.instances, current.index - 1)} data-testid="pacs-previous">
                {t('pacs.previous')}
              </button>
              <button type="button" disabled={busy !== null || current.index === current.instances.length - 1} onClick={() => void show(current.studyUid, current.series, current.instances, current.index + 1)} data-testid="pacs-next">
                {t('pacs.next')}
              </button>
            </div>
          )}
          <ImagesPanel imaging={imaging} chart={chart} opened={opened.image} />
        </>
      )}
    </section>
  );
}
