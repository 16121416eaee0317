/**
 * What every entry form shares: the draft and its patches, and saving what the draft produced
 * (busy while saving, the store's refusal as the error, the notice and a fresh draft once all is
 * saved). Records go through saveAll, so a form that writes several (vitals) says which were saved.
 */
import type { Resource } from 'fhir/r4';
import { useState } from 'react';
import type { RecordsPort } from '../../api/ports';
import { useI18n } from '../../i18n';
import { saveAll } from './saveAll';

export interface EntryForm<D> {
  readonly draft: D;
  /** Changes some fields of the draft. */
  readonly set: (patch: Partial<D>) => void;
  readonly busy: boolean;
  readonly error: string | null;
  readonly notice: string | null;
  /**
   * Saves `resources` in order. All saved: `notice` is shown, the draft starts again and
   * `onSaved` runs. A refusal: its message (for several records, how many were saved), the draft
   * kept; `onSaved` still runs when some were saved, so the chart shows them.
   */
  readonly save: (resources: readonly Resource[], notice: string) => Promise<void>;
}

export function useEntryForm<D extends object>(fresh: () => D, records: Pick<RecordsPort, 'saveResource'>, onSaved: () => void): EntryForm<D> {
  const { t } = useI18n();
  const [draft, setDraft] = useState<D>(fresh);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const set = (patch: Partial<D>) => setDraft((d) => ({ ...d, ...patch }));
  const save = async (resources: readonly Resource[], done: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    const r = await saveAll(records, resources);
    setBusy(false);
    if (r.error) setError(resources.length === 1 ? r.error : t('entry.partial', { saved: r.saved.length, total: resources.length, reason: r.error }));
    else {
      setDraft(fresh());
      setNotice(done);
    }
    if (r.saved.length) onSaved();
  };
  return { draft, set, busy, error, notice, save };
}
