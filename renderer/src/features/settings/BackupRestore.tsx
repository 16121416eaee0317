/** Backup now, and restore from a backup file, with what happened said plainly. */
import { useState } from 'react';
import type { RecordsPort } from '../../api/ports';
import { useI18n } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';

export function BackupRestore({ records }: { records: RecordsPort }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [restorePath, setRestorePath] = useState('');
  const [confirming, setConfirming] = useState(false);
  const backup = async () => {
    setBusy(true);
    const r = await records.backup({});
    setBusy(false);
    setError(r.ok ? null : r.error.message);
    setMessage(r.ok ? t('backup.done', { path: r.value.path }) : null);
  };
  const restore = async () => {
    setConfirming(false);
    setBusy(true);
    const r = await records.restore({ path: restorePath.trim() });
    setBusy(false);
    setError(r.ok ? null : r.error.message);
    setMessage(r.ok ? t('backup.restored') : null);
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
          if (restorePath.trim()) setConfirming(true);
        }}
      >
        <label className="field">
          <span>{t('backup.restorePath')}</span>
          <input value={restorePath} onChange={(e) => setRestorePath(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || !restorePath.trim()}>
          {t('backup.restore')}
        </button>
      </form>
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
