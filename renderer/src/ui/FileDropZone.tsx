/**
 * A place to drop a file, with a button that opens the file picker for keyboard and mouse users
 * alike. The chosen file is handed over once; the picker is reset so the same file can be chosen
 * again.
 */
import { useRef, useState } from 'react';

interface Props {
  /** What to drop, in words. */
  prompt: string;
  /** The picker button's label (also the hidden input's accessible name). */
  chooseLabel: string;
  /** The file types the picker offers. */
  accept: string;
  /** Test ids of the zone and of its hidden file input. */
  testId: string;
  inputTestId: string;
  disabled?: boolean;
  onFile: (file: File) => void;
}

export function FileDropZone({ prompt, chooseLabel, accept, testId, inputTestId, disabled = false, onFile }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <div
      className={`drop-zone${over ? ' drop-over' : ''}`}
      data-testid={testId}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const file = e.dataTransfer.files[0];
        if (file && !disabled) onFile(file);
      }}
    >
      <p>{prompt}</p>
      <button type="button" onClick={() => input.current?.click()} disabled={disabled}>
        {chooseLabel}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        aria-label={chooseLabel}
        data-testid={inputTestId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </div>
  );
}
