/**
 * Search as you type (name, MRN or birth date) as a combobox: arrow keys move through the
 * results, Enter opens the chart, Escape clears.
 */
import { useEffect, useState } from 'react';
import type { PatientSummary, RecordsPort } from '../../api/ports';
import { useI18n } from '../../i18n';
import { patientName } from '../../fhir/display';
import { ErrorText } from '../../ui/ErrorText';
import { nextActive } from './listNavigation';
import { patientRow } from './patientRow';

interface Props {
  search: RecordsPort['searchPatients'];
  onOpen: (patient: PatientSummary) => void;
  debounceMs?: number;
}

export function PatientSearch({ search, onOpen, debounceMs = 150 }: Props) {
  const { t, language } = useI18n();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<PatientSummary[] | null>(null);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    let live = true;
    const timer = setTimeout(() => {
      void search({ query: q, limit: 50 }).then((r) => {
        if (!live) return;
        setError(r.ok ? null : r.error.message);
        setResults(r.ok ? r.value.patients : []);
        setActive(r.ok && r.value.patients.length > 0 ? 0 : -1);
      });
    }, debounceMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, search, debounceMs]);

  const shown = query.trim() ? results : null;
  const list = shown ?? [];
  const optionId = (i: number) => `patient-option-${i}`;
  return (
    <div className="patient-search">
      <label htmlFor="patient-search-input" className="search-label">
        {t('patients.search.label')}
      </label>
      <input
        id="patient-search-input"
        type="search"
        role="combobox"
        aria-expanded={list.length > 0}
        aria-controls="patient-results"
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? optionId(active) : undefined}
        aria-describedby="patient-search-hint"
        placeholder={t('patients.search.placeholder')}
        value={query}
        autoFocus
        autoComplete="off"
        data-testid="patient-search"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key) && list.length > 0) {
            e.preventDefault();
            setActive((a) => nextActive(a, e.key, list.length));
          } else if (e.key === 'Enter' && active >= 0 && list[active]) {
            e.preventDefault();
            onOpen(list[active]);
          } else if (e.key === 'Escape') {
            setQuery('');
          }
        }}
      />
      <p id="patient-search-hint" className="muted small">
        {t('patients.search.hint')}
      </p>
      <ErrorText message={error} />
      <p role="status" className="muted">
        {shown === null ? '' : t('patients.search.count', { count: shown.length })}
      </p>
      <ul id="patient-results" role="listbox" aria-label={t('patients.search.results')} className="patient-results" data-testid="patient-results">
        {list.map((p, i) => (
          <li
            key={p.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onOpen(p)}
          >
            <span className="patient-name">{patientName(p)}</span>
            <span className="muted">
              {patientRow(p, t, language)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
