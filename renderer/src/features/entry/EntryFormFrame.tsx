/**
 * The frame every entry form shares: the titled form, its save button (disabled while saving or
 * while the draft has a problem), the notice once saved and the store's refusal.
 */
import { useId, type ReactNode } from 'react';
import { ErrorText } from '../../ui/ErrorText';
import type { EntryForm } from './useEntryForm';

interface Props {
  /** Test ids: `${name}-form`, `${name}-save`, `${name}-notice`. */
  name: string;
  title: string;
  saveLabel: string;
  /** False while the draft has a problem (the fields say which). */
  canSave: boolean;
  form: Pick<EntryForm<object>, 'busy' | 'error' | 'notice'>;
  onSubmit: () => void;
  children: ReactNode;
}

export function EntryFormFrame({ name, title, saveLabel, canSave, form, onSubmit, children }: Props) {
  const id = useId();
  return (
    <form
      className="panel entry-form"
      aria-labelledby={`${id}-title`}
      data-testid={`${name}-form`}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
      <button type="submit" className="primary" disabled={form.busy || !canSave} data-testid={`${name}-save`}>
        {saveLabel}
      </button>
      {form.notice && (
        <p role="status" data-testid={`${name}-notice`}>
          {form.notice}
        </p>
      )}
      <ErrorText message={form.error} />
    </form>
  );
}
