/** Imports an image: drop a PNG, JPEG or DICOM file, or choose one with the file picker. */
import { useRef, useState } from 'react';
import { useI18n } from '../../i18n';

/** The kind of image a file is, from its first bytes (not its name). */
export function sniffImageKind(bytes: Uint8Array): 'png' | 'jpeg' | 'dicom' | null {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  if (bytes.length > 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM') return 'dicom';
  return null;
}

/** An imported file, read into memory. */
export interface ImportedImage {
  name: string;
  kind: 'png' | 'jpeg' | 'dicom';
  bytes: Uint8Array;
}

export function ImageImport({ onImport, onError }: { onImport: (image: ImportedImage) => void; onError: (message: string) => void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const take = async (file: File | undefined) => {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const kind = sniffImageKind(bytes);
    // Name-based fallback for DICOM files written without the 128-byte preamble.
    const guessed = kind ?? (/\.dcm$/i.test(file.name) ? 'dicom' : null);
    if (!guessed) onError(t('images.unsupported', { name: file.name }));
    else onImport({ name: file.name, kind: guessed, bytes });
  };
  return (
    <div
      className={`drop-zone${over ? ' drop-over' : ''}`}
      data-testid="image-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void take(e.dataTransfer.files[0]);
      }}
    >
      <p>{t('images.drop')}</p>
      <button type="button" onClick={() => input.current?.click()}>
        {t('images.choose')}
      </button>
      <input
        ref={input}
        type="file"
        accept=".png,.jpg,.jpeg,.dcm,image/png,image/jpeg,application/dicom"
        hidden
        aria-label={t('images.choose')}
        data-testid="image-file"
        onChange={(e) => void take(e.target.files?.[0])}
      />
    </div>
  );
}
