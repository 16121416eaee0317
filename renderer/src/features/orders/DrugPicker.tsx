/**
 * Drug picker: search-as-you-type over the drug vocabulary (cds.searchDrugs), shown as an
 * ARIA combobox with a listbox of matches (brand and French names say which ingredient they
 * are). Typing after a pick clears the pick: an order is only checked against a picked entry.
 */
import { useEffect, useId, useState } from 'react';
import type { VocabularyHitDto } from '../../../../electron/contract/schemas/medication';
import type { CdsPort } from '../../api/ports';
import { useI18n } from '../../i18n';

interface Props {
  cds: CdsPort | undefined;
  text: string;
  picked: VocabularyHitDto | null;
  onText: (text: string) => void;
  onPick: (hit: VocabularyHitDto) => void;
  /** The field's label (default: the order form's "Medication"). */
  label?: string;
}

/** One hit as the list shows it: the label, and the ingredient when the label is another name. */
export function hitText(hit: VocabularyHitDto): string {
  const ingredients = hit.ingredients.join(' / ');
  return hit.label.toLowerCase() === hit.name ? hit.label : `${hit.label} → ${ingredients}`;
}

export function DrugPicker({ cds, text, picked, onText, onPick, label }: Props) {
  const { t } = useI18n();
  const listId = useId();
  const [results, setResults] = useState<{ query: string; hits: VocabularyHitDto[] }>({ query: '', hits: [] });
  const [closed, setClosed] = useState('');
  const [active, setActive] = useState(0);
  const searchable = !!cds && !picked && text.trim().length >= 2;
  // Only the results for what is typed now are shown (a slow answer for an older text is ignored).
  const hits = searchable && results.query === text && closed !== text ? results.hits : [];

  useEffect(() => {
    if (!cds || !searchable) return;
    let live = true;
    const timer = setTimeout(() => {
      void cds.searchDrugs({ query: text, limit: 10 }).then((r) => {
        if (live && r.ok) {
          setResults({ query: text, hits: r.value.hits });
          setActive(0);
        }
      });
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [cds, text, searchable]);

  const choose = (hit: VocabularyHitDto) => onPick(hit);

  return (
    <div className="drug-picker">
      <label className="field">
        <span>{label ?? t('orders.drug')}</span>
        <input
          value={text}
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={hits.length > 0 ? `${listId}-${active}` : undefined}
          onChange={(e) => onText(e.target.value)}
          onKeyDown={(e) => {
            if (hits.length === 0) return;
            if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, hits.length - 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
            else if (e.key === 'Enter' && hits[active]) choose(hits[active]);
            else if (e.key === 'Escape') setClosed(text);
            else return;
            e.preventDefault();
          }}
          data-testid="order-drug"
          autoComplete="off"
        />
      </label>
      {hits.length > 0 && (
        <ul id={listId} role="listbox" aria-label={t('orders.matches')} className="drug-options" data-testid="order-drug-options">
          {hits.map((h, i) => (
            <li
              key={`${h.name}|${h.label}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              data-testid="order-drug-option"
              onMouseDown={(e) => {
                e.preventDefault();
                choose(h);
              }}
            >
              {hitText(h)}
              {h.rank >= 2 && <span className="muted"> {t('orders.similar')}</span>}
              {h.atc[0] && <span className="muted"> · ATC {h.atc[0]}</span>}
            </li>
          ))}
        </ul>
      )}
      {picked && (
        <p className="muted" data-testid="order-drug-picked">
          {t('orders.picked', { drug: hitText(picked) })}
        </p>
      )}
    </div>
  );
}
