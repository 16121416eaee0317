/**
 * A list that renders only the rows in view (fixed row height), so charts with thousands of
 * notes or results stay fast. Rows keep list semantics for screen readers (aria-setsize/posinset).
 */
import { useState, type ReactNode } from 'react';
import { visibleRange } from './virtualWindow';

interface Props<T> {
  items: readonly T[];
  rowHeight: number;
  height: number;
  label: string;
  renderRow: (item: T, index: number) => ReactNode;
  rowKey: (item: T, index: number) => string;
  testId?: string;
}

export function VirtualList<T>({ items, rowHeight, height, label, renderRow, rowKey, testId }: Props<T>) {
  const [scrollTop, setScrollTop] = useState(0);
  const viewport = Math.min(height, Math.max(rowHeight, items.length * rowHeight));
  const { start, end } = visibleRange(scrollTop, viewport, rowHeight, items.length);
  return (
    <div
      className="virtual-list"
      style={{ height: viewport }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      tabIndex={0}
      role="region"
      aria-label={label}
      data-testid={testId}
    >
      <ul style={{ height: items.length * rowHeight }} className="virtual-list-inner">
        {items.slice(start, end).map((item, i) => (
          <li
            key={rowKey(item, start + i)}
            style={{ top: (start + i) * rowHeight, height: rowHeight }}
            aria-setsize={items.length}
            aria-posinset={start + i + 1}
          >
            {renderRow(item, start + i)}
          </li>
        ))}
      </ul>
    </div>
  );
}
