/**
 * "Send to the PACS" for a DICOM file imported from disk (STOW-RS), so that a clinic's stray
 * files end up in its PACS. Shown only when a PACS is configured (asking needs no network).
 */
import { useEffect, useState } from 'react';
import type { PacsPort } from '../../api/ports';
import { bytesToBase64 } from '../../fhir/noteText';
import { useI18n } from '../../i18n';
import type { ImportedImage } from '../images/ImageImport';

export function SendToPacs({ pacs, image }: { pacs: PacsPort; image: ImportedImage }) {
  const { t } = useI18n();
  const [configured, setConfigured] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ for: ImportedImage; ok: boolean; text: string } | null>(null);
  // An outcome belongs to the image it was sent for.
  const outcome = result?.for === image ? result : null;

  useEffect(() => {
    let live = true;
    void pacs.status({}).then((r) => live && setConfigured(r.ok && r.value.configured));
    return () => {
      live = false;
    };
  }, [pacs]);

  if (!configured) return null;
  const send = async () => {
    setBusy(true);
    const r = await pacs.store({ bytesBase64: bytesToBase64(image.bytes), fileName: image.name });
    setBusy(false);
    if (!r.ok) setResult({ for: image, ok: false, text: r.error.message });
    else if (r.value.failed.length > 0 || r.value.stored.length === 0) setResult({ for: image, ok: false, text: t('pacs.sendRefused', { name: image.name, reason: String(r.value.failed[0]?.reason ?? '—') }) });
    else setResult({ for: image, ok: true, text: t('pacs.sent', { name: image.name }) });
  };
  return (
    <div className="send-to-pacs">
      <button type="button" onClick={() => void send()} disabled={busy} data-testid="pacs-send">
        {busy ? t('common.working') : t('pacs.send')}
      </button>
      {outcome && (
        <p className={outcome.ok ? 'muted small' : 'error-text'} role={outcome.ok ? 'status' : 'alert'} data-testid="pacs-send-outcome">
          {outcome.text}
        </p>
      )}
    </div>
  );
}
