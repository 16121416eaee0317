/** Full-text search across one patient's notes (records.searchNotes). */
import { useState } from 'react';
import type { NoteHit, RecordsPort } from '../../api/ports';
import { useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';

interface Props {
  patientId: string;
  search: RecordsPort['searchNotes'];
  onOpen: (noteId: string) => void;
}

export function NoteSearch({ patientId, search, onOpen }: Props) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<NoteHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="note-search"
      role="search"
      aria-label={t('notes.search.label')}
      onSubmit={(e) => {
        e.preventDefault();
        if (!query.trim()) return;
        void search({ patientId, query: query.trim() }).then((r) => {
          setError(r.ok ? null : r.error.message);
          setHits(r.ok ? r.value.hits : null);
        });
      }}
    >
      <label className="field-inline">
        <span>{t('notes.search.label')}</span>
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="note-search-input" />
      </label>
      <button type="submit">{t('notes.search.go')}</button>
      <ErrorText message={error} />
      {hits && (
        <div role="status">
          <p>{t('notes.search.count', { count: hits.length })}</p>
          <ul className="plain-list" data-testid="note-search-hits">
            {hits.map((h) => (
              <li key={h.id}>
                <button type="button" className="link-button" onClick={() => onOpen(h.id)}>
                  {h.snippet ?? h.id}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
