/**
 * Scan a paper document into a note: take a photo or scan (PNG/JPEG, picked or dropped), read it
 * with the active OCR pack (inference.ocr), show the line boxes over the image beside the lines
 * as read, each editable and removable, low-confidence ones flagged in words; the physician
 * checks them against the image, gives a title and saves a note that says it was transcribed by OCR.
 */
import type { DocumentReference } from 'fhir/r4';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { OcrModelRef, OcrPort, RecordsPort } from '../../api/ports';
import { bytesToBase64 } from '../../fhir/noteText';
import { useI18n } from '../../i18n';
import { implausibleTokens } from './implausibleTokens';
import { ErrorText } from '../../ui/ErrorText';
import { FileDropZone } from '../../ui/FileDropZone';
import { sniffImageKind } from '../images/ImageImport';
import { hasText, isLowConfidence, scannedNote, type ReviewLine } from './scannedNote';
import { signedNote } from './noteSigning';
import { userReference, useSessionUser } from '../auth/session';

interface Props {
  patientId: string;
  ocr: OcrPort | undefined;
  save: RecordsPort['saveResource'];
  onSaved: (note: DocumentReference) => void;
  onClose: () => void;
}

interface Page {
  name: string;
  kind: 'png' | 'jpeg';
  bytes: Uint8Array;
}

type Phase = { kind: 'pick' } | { kind: 'reading'; jobId: string } | { kind: 'review'; width: number; height: number } | { kind: 'saving'; width: number; height: number };

export function ScanDocument({ patientId, ocr, save, onSaved, onClose }: Props) {
  const { t } = useI18n();
  const user = useSessionUser();
  const [model, setModel] = useState<OcrModelRef | null | undefined>(ocr ? undefined : null);
  const [page, setPage] = useState<Page | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'pick' });
  const [lines, setLines] = useState<ReviewLine[]>([]);
  const [removed, setRemoved] = useState(0);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const reviewHeading = useRef<HTMLHeadingElement>(null);
  const currentJob = useRef<string | null>(null);

  useEffect(() => {
    heading.current?.focus();
    let live = true;
    if (ocr) void ocr.activeOcrModel().then((m) => live && setModel(m));
    return () => {
      live = false;
      // Leaving mid-reading stops the job.
      if (currentJob.current) void ocr?.cancel(currentJob.current);
    };
  }, [ocr]);

  const url = useMemo(() => (page ? URL.createObjectURL(new Blob([page.bytes.slice().buffer], { type: page.kind === 'png' ? 'image/png' : 'image/jpeg' })) : null), [page]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);

  const read = async (file: File | undefined) => {
    if (!file || !ocr || !model || phase.kind === 'reading' || phase.kind === 'saving') return;
    setError(null);
    setNotice(null);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const kind = sniffImageKind(bytes);
    if (kind !== 'png' && kind !== 'jpeg') {
      setError(t('scan.notImage', { name: file.name }));
      return;
    }
    const jobId = `ocr-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    currentJob.current = jobId;
    setPage({ name: file.name, kind, bytes });
    setLines([]);
    setRemoved(0);
    setPhase({ kind: 'reading', jobId });
    const r = await ocr.read({ bytesBase64: bytesToBase64(bytes), fileName: file.name, model, jobId });
    if (currentJob.current !== jobId) return; // cancelled, or another page chosen
    currentJob.current = null;
    if (!r.ok) {
      setPhase({ kind: 'pick' });
      setPage(null);
      setError(r.error.code === 'invalid-input' ? t('scan.notImage', { name: file.name }) : t('scan.failed', { message: r.error.message }));
      return;
    }
    setLines(r.value.lines.map((l, i) => ({ key: `${jobId}-${i}`, text: l.text, readText: l.text, confidence: l.confidence, box: l.box })));
    setTitle(t('scan.defaultTitle', { name: file.name }));
    setPhase({ kind: 'review', width: r.value.page.width, height: r.value.page.height });
    if (r.value.lines.length === 0) setNotice(t('scan.noLines'));
    requestAnimationFrame(() => reviewHeading.current?.focus());
  };

  const cancel = () => {
    const jobId = currentJob.current;
    currentJob.current = null;
    if (jobId) void ocr?.cancel(jobId);
    setPhase({ kind: 'pick' });
    setPage(null);
    setNotice(t('scan.cancelled'));
    requestAnimationFrame(() => document.querySelector<HTMLButtonElement>('[data-testid="scan-drop"] button')?.focus());
  };

  const startOver = () => {
    setPhase({ kind: 'pick' });
    setPage(null);
    setLines([]);
    setError(null);
    setNotice(null);
  };

  const saveNote = async () => {
    if (!page || !model || (phase.kind !== 'review' && phase.kind !== 'saving')) return;
    if (!title.trim()) {
      setError(t('scan.needTitle'));
      return;
    }
    if (!hasText(lines)) {
      setError(t('scan.needText'));
      return;
    }
    const { width, height } = phase;
    setPhase({ kind: 'saving', width, height });
    setError(null);
    const corrected = lines.filter((l) => l.text !== l.readText).length;
    const footer = t('scan.footer', { file: page.name, pack: model.packId, version: model.version });
    const note = scannedNote({ patientId, title, lines, footer, fileName: page.name, model, corrected, removed });
    // The reviewing clinician signs the transcription (the store accepts a signature only in the
    // signed-in user's name); without a session user it is kept as a preliminary note.
    const resource: DocumentReference = user ? { ...signedNote(note, user), author: [userReference(user)] } : { ...note, docStatus: 'preliminary' };
    const r = await save({ resource });
    if (r.ok) onSaved(r.value.resource as DocumentReference);
    else {
      setPhase({ kind: 'review', width, height });
      setError(r.error.message);
    }
  };

  const removeLine = (index: number) => {
    setLines((cur) => cur.filter((_, i) => i !== index));
    setRemoved((n) => n + 1);
    setNotice(t('scan.lineRemoved', { n: index + 1 }));
  };

  const reviewing = phase.kind === 'review' || phase.kind === 'saving';
  // A line is flagged when the model was unsure, or when it holds a token that looks misread (issue #19), whatever the confidence.
  const flagged = (l: ReviewLine) => isLowConfidence(l.confidence) || implausibleTokens(l.text).length > 0;
  const lowCount = lines.filter(flagged).length;

  return (
    <section className="scan-document" aria-labelledby="scan-title" data-testid="scan-document">
      <div className="scan-head">
        <h3 id="scan-title" ref={heading} tabIndex={-1}>
          {t('scan.title')}
        </h3>
        <button type="button" onClick={onClose} data-testid="scan-close">
          {t('scan.close')}
        </button>
      </div>
      <p className="muted">{t('scan.intro')}</p>
      {model === undefined && <p role="status">{t('scan.checkingModel')}</p>}
      {model === null && (
        <p className="notice" role="status" data-testid="scan-no-model">
          {t('scan.noModel')}
        </p>
      )}
      {model && !reviewing && (
        <FileDropZone
          prompt={t('scan.drop')}
          chooseLabel={t('scan.choose')}
          accept=".png,.jpg,.jpeg,image/png,image/jpeg"
          testId="scan-drop"
          inputTestId="scan-file"
          disabled={phase.kind === 'reading'}
          onFile={(file) => void read(file)}
        />
      )}
      <ErrorText message={error} />
      {notice && (
        <p role="status" className="muted" data-testid="scan-notice">
          {notice}
        </p>
      )}
      {phase.kind === 'reading' && (
        <div className="scan-reading" role="status" data-testid="scan-reading">
          <p>{t('scan.reading', { name: page?.name ?? '' })}</p>
          <progress aria-label={t('scan.reading', { name: page?.name ?? '' })} />
          <button type="button" onClick={cancel} data-testid="scan-cancel">
            {t('common.cancel')}
          </button>
        </div>
      )}
      {reviewing && page && url && model && (
        <div className="scan-review">
          <h4 id="scan-review-title" ref={reviewHeading} tabIndex={-1}>
            {t('scan.reviewTitle', { count: lines.length })}
          </h4>
          <p className="muted small" data-testid="scan-summary">
            {t('scan.summary', { model: model.name, version: model.version, low: lowCount })}
          </p>
          <div className="scan-layout">
            <figure className="scan-page" data-testid="scan-page">
              <div className="scan-page-frame">
                <img src={url} alt={t('scan.imageAlt', { name: page.name, count: lines.length })} />
                <svg viewBox={`0 0 ${phase.width} ${phase.height}`} preserveAspectRatio="none" aria-hidden="true" data-testid="scan-boxes">
                  {lines.map((l, i) => (
                    <g key={l.key} className={`scan-box${flagged(l) ? ' scan-box-low' : ''}${active === l.key ? ' scan-box-active' : ''}`}>
                      <polygon points={l.box.map((p) => p.join(',')).join(' ')} />
                      <text x={l.box[0]?.[0] ?? 0} y={(l.box[0]?.[1] ?? 0) - 4}>
                        {i + 1}
                      </text>
                    </g>
                  ))}
                </svg>
              </div>
              <figcaption className="muted small">{t('scan.caption')}</figcaption>
            </figure>
            <div className="scan-lines">
              <ol className="plain-list" aria-labelledby="scan-review-title" data-testid="scan-lines">
                {lines.map((l, i) => {
                  const low = flagged(l);
                  const suspicious = implausibleTokens(l.text);
                  const pct = Math.round(l.confidence * 100);
                  return (
                    <li key={l.key} className={`scan-line${low ? ' scan-line-low' : ''}`} data-testid="scan-line" data-low={low ? 'true' : 'false'}>
                      <label className="field">
                        <span>{t('scan.lineLabel', { n: i + 1 })}</span>
                        <input
                          value={l.text}
                          onChange={(e) => setLines((cur) => cur.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))}
                          onFocus={() => setActive(l.key)}
                          onBlur={() => setActive((a) => (a === l.key ? null : a))}
                          aria-describedby={`scan-conf-${l.key}`}
                          disabled={phase.kind === 'saving'}
                          data-testid="scan-line-text"
                        />
                      </label>
                      <div className="scan-line-foot">
                        <span id={`scan-conf-${l.key}`} className={low ? 'scan-low' : 'muted small'} data-testid="scan-line-confidence">
                          {isLowConfidence(l.confidence) ? t('scan.lowConfidence', { pct }) : suspicious.length > 0 ? t('scan.implausible', { pct, tokens: suspicious.map((w) => `“${w}”`).join(', ') }) : t('scan.confidence', { pct })}
                          {l.text !== l.readText ? ` · ${t('scan.edited')}` : ''}
                        </span>
                        <button type="button" className="link-button" onClick={() => removeLine(i)} disabled={phase.kind === 'saving'} aria-label={t('scan.removeLine', { n: i + 1 })}>
                          {t('scan.remove')}
                        </button>
                      </div>
                    </li>
                  );
                })}
              </ol>
              <label className="field">
                <span>{t('scan.titleLabel')}</span>
                <input value={title} onChange={(e) => setTitle(e.target.value)} disabled={phase.kind === 'saving'} data-testid="scan-title-input" />
              </label>
              <p className="muted small">{t('scan.checkWarning')}</p>
              <div className="scan-actions">
                <button type="button" className="primary" onClick={() => void saveNote()} disabled={phase.kind === 'saving'} data-testid="scan-save">
                  {phase.kind === 'saving' ? t('notes.status.saving') : t('scan.save')}
                </button>
                <button type="button" onClick={startOver} disabled={phase.kind === 'saving'}>
                  {t('scan.another')}
                </button>
              </div>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
