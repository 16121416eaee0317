/** Imports an image: drop a PNG, JPEG or DICOM file, or choose one with the file picker. */
import { useI18n } from '../../i18n';
import { FileDropZone } from '../../ui/FileDropZone';

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
  const take = async (file: File) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const kind = sniffImageKind(bytes);
    // Name-based fallback for DICOM files written without the 128-byte preamble.
    const guessed = kind ?? (/\.dcm$/i.test(file.name) ? 'dicom' : null);
    if (!guessed) onError(t('images.unsupported', { name: file.name }));
    else onImport({ name: file.name, kind: guessed, bytes });
  };
  return (
    <FileDropZone
      prompt={t('images.drop')}
      chooseLabel={t('images.choose')}
      accept=".png,.jpg,.jpeg,.dcm,image/png,image/jpeg,application/dicom"
      testId="image-drop"
      inputTestId="image-file"
      onFile={(file) => void take(file)}
    />
  );
}
