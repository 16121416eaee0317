/**
 * Images: import, view, and, when an image model is installed, the findings with their
 * probabilities and thresholds beside the heatmap. DICOM files are decoded by the main side:
 * with imaging.pixels it sends each frame's modality values once and the window is applied
 * here (frame selection and cine too); otherwise the PNG preview (imaging.preview) is windowed
 * there. Where neither is available the screen says so.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ImageAnalysis } from '../../../../electron/contract/channels/inference';
import type { ImagingPort, PacsPort, RecordsPort } from '../../api/ports';
import { useI18n, type MessageKey } from '../../i18n';
import { bytesToBase64 } from '../../fhir/noteText';
import { ErrorText } from '../../ui/ErrorText';
import { FindingPanel } from './FindingPanel';
import { ImageImport, type ImportedImage } from './ImageImport';
import { ImageViewer, type Windowing } from './ImageViewer';
import { CT_PRESETS, useImagePreview } from './useImagePreview';
import { FrameControls } from './FrameControls';
import { windowToRgba } from './modalityWindow';
import { useModalityPixels } from './useModalityPixels';
import { ModelInputView } from './ModelInputView';
import { ProvenanceText } from './ProvenanceText';
import { saveImageToChart } from './saveImage';
import { DemoBanner, Suitability } from './Suitability';
import { SendToPacs } from '../pacs/SendToPacs';

/** Where imported images are stored: the patient's chart (a FHIR Media in the encrypted record). */
export interface ImageChart {
  patientId: string;
  records: RecordsPort;
  /** The patient's age in whole years, when the chart records a birth date. */
  ageYears?: number;
}

interface Props {
  imaging: ImagingPort | undefined;
  chart?: ImageChart;
  /** An image opened from elsewhere (the PACS tab): shown and analysed, not imported or saved again. */
  opened?: ImportedImage;
  /** The clinic's PACS, to send imported DICOM files to (STOW-RS). */
  pacs?: PacsPort;
}

export function ImagesPanel({ imaging, chart, opened, pacs }: Props) {
  const { t } = useI18n();
  const [image, setImage] = useState<ImportedImage | null>(opened ?? null);
  const [analysis, setAnalysis] = useState<ImageAnalysis | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [mediaId, setMediaId] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  // PNG and JPEG are shown from the file itself; the URL is released when the image changes.
  const fileUrl = useMemo(
    () => (image && image.kind !== 'dicom' ? URL.createObjectURL(new Blob([image.bytes.slice().buffer], { type: image.kind === 'png' ? 'image/png' : 'image/jpeg' })) : null),
    [image],
  );
  useEffect(() => () => void (fileUrl && URL.revokeObjectURL(fileUrl)), [fileUrl]);
  // DICOM is decoded and windowed by the main side.
  const dicomFile = image?.kind === 'dicom' ? image : null;
  const clientSide = imaging?.pixels !== undefined;
  const values = useModalityPixels(imaging, clientSide ? dicomFile : null);
  const previewed = useImagePreview(imaging, clientSide ? null : dicomFile);
  const dicom = clientSide
    ? { preview: values.info, window: values.window, rendering: false, setWindow: values.setWindow, error: values.error }
    : previewed;
  const dicomSrc = useMemo((): string | ImageData | null => {
    if (!clientSide) return previewed.preview ? `data:image/png;base64,${previewed.preview.pngBase64}` : null;
    if (!values.frame || !values.window) return null;
    // The file's VOI LUT shows while the window is the file's own (its "as stored" preset).
    const own = values.info?.defaultWindow;
    const lut = own && own.center === values.window.center && own.width === values.window.width ? values.info?.voiLut : undefined;
    return new ImageData(windowToRgba(values.frame, values.window, lut), values.frame.width, values.frame.height);
  }, [clientSide, previewed.preview, values.frame, values.window, values.info]);
  // A file that cannot be shown clears the viewer: never the previous picture under a new name.
  const src = dicom.error ? null : (fileUrl ?? dicomSrc);
  const windowing = useMemo((): Windowing | undefined => {
    const p = dicom.preview;
    if (!p || !dicom.window) return undefined;
    return { ...dicom.window, min: p.range.min, max: p.range.max, presets: presetsFor(p, t), rendering: dicom.rendering, onChange: dicom.setWindow };
  }, [dicom.preview, dicom.window, dicom.rendering, dicom.setWindow, t]);

  // A new image from the PACS tab replaces the shown one and any earlier result (state adjusted while rendering).
  const [shownOpened, setShownOpened] = useState(opened);
  if (opened && opened !== shownOpened) {
    setShownOpened(opened);
    setImage(opened);
    setAnalysis(null);
    setError(null);
  }

  const importImage = (next: ImportedImage) => {
    setImage(next);
    setAnalysis(null);
    setError(null);
    setConfirmed(false);
    setMediaId(null);
    setSaved(null);
    if (chart) {
      void saveImageToChart(chart, next, false).then((r) => {
        if (r.ok) {
          setMediaId(r.id);
          setSaved(t('images.saved'));
        } else setSaved(t('images.saveFailed', { message: r.message }));
      });
    }
  };
  const importFailed = (message: string) => {
    // A failed import clears the viewer and any earlier result.
    setImage(null);
    setAnalysis(null);
    setConfirmed(false);
    setMediaId(null);
    setSaved(null);
    setError(message);
  };

  const needsConfirmation = image !== null && image.kind !== 'dicom';
  const analyse = async () => {
    if (!image || !imaging) return;
    setBusy(true);
    setError(null);
    setAnalysis(null);
    const r = await imaging.analyzeImage({ bytesBase64: bytesToBase64(image.bytes), fileName: image.name, explain: {}, confirmed: needsConfirmation && confirmed });
    setBusy(false);
    if (r.ok) setAnalysis(r.value);
    else setError(r.error.message);
    // The confirmation is recorded on the chart's copy, so the stored suggestion card reads it too.
    if (chart && mediaId && needsConfirmation && confirmed) void saveImageToChart(chart, image, true, mediaId);
  };

  const heat = analysis?.explanation;
  return (
    <section className="panel images-panel" aria-labelledby="images-title">
      {!opened && <h2 id="images-title">{t('images.title')}</h2>}
      {!opened && <ImageImport onImport={importImage} onError={importFailed} />}
      <ErrorText message={error ?? dicom.error} />
      {image && (
        <p className="muted" data-testid="image-name">
          {t('images.loaded', { name: image.name, kind: image.kind.toUpperCase() })}
        </p>
      )}
      {dicom.preview && (
        <p className="muted small" data-testid="dicom-info">
          {t('images.dicomInfo', {
            modality: dicom.preview.modality ?? 'DICOM',
            width: dicom.preview.width,
            height: dicom.preview.height,
            origin: t(dicom.preview.windowFromFile ? 'images.windowOrigin.file' : 'images.windowOrigin.range'),
          })}
        </p>
      )}
      {values.info && values.info.frameCount > 1 && (
        <FrameControls frameCount={values.info.frameCount} frameIndex={values.frameIndex} loading={values.loading} onSelect={values.setFrameIndex} />
      )}
      {image?.kind === 'dicom' && !dicom.preview && !dicom.error && (imaging?.preview || imaging?.pixels) && (
        <p role="status" className="muted">
          {t('viewer.rendering')}
        </p>
      )}
      {image?.kind === 'dicom' && !imaging?.preview && !imaging?.pixels && (
        <p className="notice" role="status" data-testid="dicom-no-preview">
          {t('images.dicomNoPreview')}
        </p>
      )}
      <div className="images-layout">
        {src && image && (
          <ImageViewer
            src={src}
            label={image.name}
            {...(heat ? { heatmap: { width: heat.width, height: heat.height, values: heat.values } } : {})}
            {...(windowing ? { windowing } : {})}
          />
        )}
        <div className="images-side">
          {saved && <p className="muted small" role="status" data-testid="image-saved">{saved}</p>}
          {pacs && image?.kind === 'dicom' && !opened && <SendToPacs pacs={pacs} image={image} />}
          {image && imaging && needsConfirmation && (
            <label className="confirm-view">
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="confirm-frontal-chest" /> {t('images.confirm')}
            </label>
          )}
          {image && imaging && (
            <button type="button" className="primary" onClick={() => void analyse()} disabled={busy || (needsConfirmation && !confirmed)} data-testid="analyse-image">
              {busy ? t('common.working') : t('images.analyse')}
            </button>
          )}
          {image && imaging && needsConfirmation && !confirmed && <p className="muted small">{t('images.confirmNeeded')}</p>}
          {image && !imaging && <p className="muted">{t('images.noModel')}</p>}
          {analysis && (
            <>
              {analysis.suitability?.demo && <DemoBanner />}
              <FindingPanel labels={analysis.labels} />
              {analysis.suitability && <Suitability suitability={analysis.suitability} patientAgeYears={chart?.ageYears} />}
              {analysis.modelInput && <ModelInputView input={analysis.modelInput} {...(heat ? { heat } : {})} />}
              <ProvenanceText provenance={analysis.provenance} />
            </>
          )}
        </div>
      </div>
    </section>
  );
}

/** Window presets for a preview: as stored, the full pixel range, and for CT the usual Hounsfield windows. */
function presetsFor(
  p: { range: { min: number; max: number }; defaultWindow: { center: number; width: number }; modality?: string | undefined },
  t: (key: MessageKey) => string,
): Windowing['presets'] {
  const full = { center: (p.range.min + p.range.max) / 2, width: Math.max(1, p.range.max - p.range.min) };
  return [
    { key: 'file', label: t('viewer.preset.file'), ...p.defaultWindow },
    { key: 'full', label: t('viewer.preset.full'), ...full },
    ...(p.modality === 'CT'
      ? (Object.keys(CT_PRESETS) as (keyof typeof CT_PRESETS)[]).map((k) => ({ key: k, label: t(`viewer.preset.${k}`), ...CT_PRESETS[k] }))
      : []),
  ];
}
