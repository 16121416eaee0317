import fs from 'node:fs';
import path from 'node:path';

/** The pydicom test files folder, from BEDSIDE_SHARED_DATA or ../shared/data beside the repo. */
export const dicomDir = path.join(process.env.BEDSIDE_SHARED_DATA ?? path.resolve(__dirname, '../../../../shared/data'), 'dicom');

/** True when the shared DICOM files are present; tests that need them skip otherwise. */
export const haveDicom = fs.existsSync(path.join(dicomDir, 'MR_small.dcm'));

if (!haveDicom) console.warn(`Skipping DICOM file tests: ${dicomDir} not found (set BEDSIDE_SHARED_DATA).`);

/** Reads one shared DICOM test file. */
export function dicomFile(name: string): Buffer {
  return fs.readFileSync(path.join(dicomDir, name));
}
