/** The chart's tabs (WAI-ARIA tabs pattern: arrow keys move between tabs, Tab goes into the panel). */
import { useRef } from 'react';

/** One tab. */
export interface TabSpec<K extends string> {
  key: K;
  label: string;
}

interface Props<K extends string> {
  tabs: readonly TabSpec<K>[];
  current: K;
  onChange: (key: K) => void;
  label: string;
}

export function ChartTabs<K extends string>({ tabs, current, onChange, label }: Props<K>) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  return (
    <div role="tablist" aria-label={label} className="tabs">
      {tabs.map((tab, i) => (
        <button
          key={tab.key}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${tab.key}`}
          aria-selected={tab.key === current}
          aria-controls={`panel-${tab.key}`}
          tabIndex={tab.key === current ? 0 : -1}
          onClick={() => onChange(tab.key)}
          onKeyDown={(e) => {
            const delta = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
            if (!delta) return;
            e.preventDefault();
            const next = (i + delta + tabs.length) % tabs.length;
            onChange(tabs[next]!.key);
            refs.current[next]?.focus();
          }}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
