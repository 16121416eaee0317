/**
 * A modal dialog on the native <dialog> element: the browser traps focus and makes the page
 * behind it inert. Escape calls onCancel. Focus returns to where it was on close.
 */
import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  onCancel: () => void;
  children: ReactNode;
  tone?: 'critical' | 'normal';
  testId?: string;
  /** An element id describing the dialog (read by screen readers on open). */
  describedBy?: string;
}

export function Dialog({ title, onCancel, children, tone = 'normal', testId, describedBy }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const previous = document.activeElement as HTMLElement | null;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    return () => {
      if (dialog?.open && typeof dialog.close === 'function') dialog.close();
      previous?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${tone}`}
      aria-labelledby="dialog-title"
      aria-describedby={describedBy}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="dialog-title">{title}</h2>
      {children}
    </dialog>
  );
}
