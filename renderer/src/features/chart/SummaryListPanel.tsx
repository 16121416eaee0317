/** The frame the chart's summary lists share: a titled panel, "none recorded", or rows of name and detail. */
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';

/** One row: what it is, and its detail in words (status, dose, date). */
export interface SummaryRow {
  key: string;
  name: string;
  detail: string;
  /** Shown muted (resolved problems, stopped medications). */
  inactive?: boolean;
  /** Buttons for the row (resolve a problem). */
  actions?: ReactNode;
}

export function SummaryListPanel({ id, title, rows, testId }: { id: string; title: string; rows: readonly SummaryRow[]; testId?: string }) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('chart.none')}</p>
      ) : (
        <ul className="plain-list" {...(testId ? { 'data-testid': testId } : {})}>
          {rows.map((r) => (
            <li key={r.key} className={r.inactive ? 'inactive' : undefined}>
              <span>{r.name}</span>
              <span className="muted">{r.detail}</span>
              {r.actions}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
