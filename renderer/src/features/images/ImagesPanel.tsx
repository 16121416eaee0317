/**
 * Images: import, view, and, when an image model is installed, the findings with their
 * probabilities and thresholds beside the heatmap. DICOM files are shown from the PNG preview
 * the main side renders; where that is not available the screen says so.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ImageAnalysis } from '../../../../electron/contract/channels/inference';
import type { ImagingPort } from '../../api/ports';
import { useI18n } from '../../i18n';
import { bytesToBase64 } from '../../fhir/noteText';
import { ErrorText } from '../../ui/ErrorText';
import { FindingPanel } from './FindingPanel';
import { ImageImport, type ImportedImage } from './ImageImport';
import { ImageViewer } from './ImageViewer';
import { ProvenanceText } from './ProvenanceText';

export function ImagesPanel({ imaging }: { imaging: ImagingPort | undefined }) {
  const { t } = useI18n();
  const [image, setImage] = useState<ImportedImage | null>(null);
  const [analysis, setAnalysis] = useState<ImageAnalysis | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // PNG and JPEG are shown from the file itself; the URL is released when the image changes.
  const fileUrl = useMemo(
    () => (image && image.kind !== 'dicom' ? URL.createObjectURL(new Blob([image.bytes.slice().buffer], { type: image.kind === 'png' ? 'image/png' : 'image/jpeg' })) : null),
    [image],
  );
  useEffect(() => () => void (fileUrl && URL.revokeObjectURL(fileUrl)), [fileUrl]);
  const [dicomSrc, setDicomSrc] = useState<string | null>(null);
  const src = fileUrl ?? dicomSrc;

  const importImage = (next: ImportedImage) => {
    setImage(next);
    setAnalysis(null);
    setError(null);
    setDicomSrc(null);
    if (next.kind === 'dicom' && imaging?.dicomPreview) {
      void imaging.dicomPreview({ bytesBase64: bytesToBase64(next.bytes) }).then((r) => {
        if (r.ok) setDicomSrc(`data:image/png;base64,${r.value.pngBase64}`);
        else setError(r.error.message);
      });
    }
  };

  const analyse = async () => {
    if (!image || !imaging) return;
    setBusy(true);
    const r = await imaging.analyzeImage({ bytesBase64: bytesToBase64(image.bytes), fileName: image.name, explain: { patch: 32, stride: 16 } });
    setBusy(false);
    if (r.ok) setAnalysis(r.value);
    else setError(r.error.message);
  };

  const heat = analysis?.explanation;
  return (
    <section className="panel images-panel" aria-labelledby="images-title">
      <h2 id="images-title">{t('images.title')}</h2>
      <ImageImport onImport={importImage} onError={setError} />
      <ErrorText message={error} />
      {image && (
        <p className="muted" data-testid="image-name">
          {t('images.loaded', { name: image.name, kind: image.kind.toUpperCase() })}
        </p>
      )}
      {image?.kind === 'dicom' && !imaging?.dicomPreview && (
        <p className="notice" role="status" data-testid="dicom-no-preview">
          {t('images.dicomNoPreview')}
        </p>
      )}
      <div className="images-layout">
        {src && image && <ImageViewer src={src} label={image.name} {...(heat ? { heatmap: { width: heat.width, height: heat.height, values: heat.values } } : {})} />}
        <div className="images-side">
          {image && imaging && (
            <button type="button" className="primary" onClick={() => void analyse()} disabled={busy} data-testid="analyse-image">
              {busy ? t('common.working') : t('images.analyse')}
            </button>
          )}
          {image && !imaging && <p className="muted">{t('images.noModel')}</p>}
          {analysis && (
            <>
              <FindingPanel labels={analysis.labels} />
              <ProvenanceText provenance={analysis.provenance} />
            </>
          )}
        </div>
      </div>
    </section>
  );
}
