/** The CTC alphabet of PaddleOCR recognisers, built from their keys file. */

/**
 * Builds the CTC alphabet from a PaddleOCR keys file (one character per line): index 0 is the
 * CTC blank, then the dictionary in file order, then a space (PaddleOCR's `use_space_char`).
 * For ppocr_keys_v1.txt that is 1 + 6,623 + 1 = 6,625 classes, the rec model's last dimension.
 */
export function charsetFromKeys(keysText: string): string[] {
  const lines = keysText.replace(/^\uFEFF/, '').split(/\r?\n/);
  // A trailing newline leaves one empty entry that is not a character.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return ['', ...lines, ' '];
}
