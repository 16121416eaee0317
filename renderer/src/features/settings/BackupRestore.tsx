/** Backup now, and restore from a backup file, with what happened said plainly. */
import { useState } from 'react';
import type { RecordsPort } from '../../api/ports';
import { transportKind } from '../../api/client';
import { useI18n } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';

export function BackupRestore({ records }: { records: RecordsPort }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The desktop app picks the file in the OS dialog (main process); the browser uploads the file picked here.
  const desktop = transportKind === 'ipc';
  const [restoreFile, setRestoreFile] = useState<File | null>(null);
  const [download, setDownload] = useState<{ url: string; name: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const backup = async () => {
    setBusy(true);
    const r = await records.backup({});
    setBusy(false);
    setError(r.ok ? null : r.error.message);
    setMessage(r.ok ? t('backup.done', { path: r.value.path }) : null);
    setDownload(r.ok ? (r.value.download ?? null) : null);
  };
  const restore = async () => {
    setConfirming(false);
    setBusy(true);
    const r = await records.restore(desktop ? {} : restoreFile ? { file: restoreFile } : {});
    setBusy(false);
    setError(r.ok ? null : r.error.message);
    setMessage(r.ok && r.value.restored ? t('backup.restored') : null);
  };
  return (
    <div className="backup" data-testid="backup">
      <button type="button" className="primary" onClick={() => void backup()} disabled={busy} data-testid="backup-now">
        {busy ? t('common.working') : t('backup.now')}
      </button>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (desktop || restoreFile) setConfirming(true);
        }}
      >
        {!desktop && (
          <label className="field">
            <span>{t('backup.restorePath')}</span>
            <input type="file" accept=".db" onChange={(e) => setRestoreFile(e.target.files?.[0] ?? null)} data-testid="restore-file" />
          </label>
        )}
        <button type="submit" disabled={busy || (!desktop && !restoreFile)}>
          {desktop ? t('backup.restoreChoose') : t('backup.restore')}
        </button>
      </form>
      {download && (
        <p>
          <a href={download.url} download={download.name} data-testid="backup-download" onClick={() => setDownload(null)}>
            {t('backup.download', { name: download.name })}
          </a>
        </p>
      )}
      {message && (
        <p role="status" data-testid="backup-message">
          {message}
        </p>
      )}
      <ErrorText message={error} />
      {confirming && (
        <Dialog title={t('backup.confirmTitle')} onCancel={() => setConfirming(false)}>
          <p>{t('backup.confirmBody')}</p>
          <div className="dialog-actions">
            <button type="button" onClick={() => setConfirming(false)} autoFocus>
              {t('common.cancel')}
            </button>
            <button type="button" className="danger" onClick={() => void restore()}>
              {t('backup.restore')}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
