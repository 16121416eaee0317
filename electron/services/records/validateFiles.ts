/**
 * Checks FHIR files without importing them: Bundles (each entry's resource on its own, plus the
 * Bundle's own elements), single resources (.json) and NDJSON, one file or a folder of them.
 * The same validator the import runs, so a file that passes here is not refused for its shape.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BedsideError } from '../errors';
import { isJsonObject } from '../json';
import { parseJson } from './losslessJson';
import { ndjsonLines } from './ndjsonLines';
import { resourceIssues, type ValidationIssue } from './validateResource';

/** The verdict on one resource (or on a line or file that is not a resource at all). */
export interface ResourceVerdict {
  file: string;
  /** Entry index in a Bundle (null for the Bundle itself), line index (0-based) in NDJSON, 0 for a single resource. */
  index: number | null;
  resourceType: string | null;
  id: string | null;
  valid: boolean;
  issues: ValidationIssue[];
}

function verdict(file: string, index: number | null, resource: unknown, issues: ValidationIssue[]): ResourceVerdict {
  const r = isJsonObject(resource) ? resource : {};
  return {
    file,
    index,
    resourceType: typeof r.resourceType === 'string' ? r.resourceType : null,
    id: typeof r.id === 'string' ? r.id : null,
    valid: issues.length === 0,
    issues,
  };
}

/** The files a validate target names: the file itself, or a folder's .json/.ndjson files (not its Bulk Data manifest). */
export function filesToValidate(target: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new BedsideError('not-found', `There is no file or folder at ${target}.`);
  }
  if (!stat.isDirectory()) return [target];
  const files = fs.readdirSync(target).filter((n) => /\.(ndjson|jsonl|json)$/i.test(n) && n !== 'manifest.json').sort().map((n) => path.join(target, n));
  if (files.length === 0) throw new BedsideError('invalid-input', `The folder ${target} has no .json or .ndjson files to check.`);
  return files;
}

/** Verdicts for every resource in one file, in file order. */
export function* validateFile(file: string): Generator<ResourceVerdict> {
  const name = path.basename(file);
  if (/\.(ndjson|jsonl)$/i.test(file)) {
    let index = 0;
    for (const line of ndjsonLines(file)) {
      let resource: unknown;
      try {
        resource = parseJson(line.text);
      } catch {
        yield verdict(name, index++, null, [{ path: `(line ${line.lineNumber})`, message: 'is not valid JSON' }]);
        continue;
      }
      yield verdict(name, index++, resource, resourceIssues(resource));
    }
    return;
  }
  let parsed: unknown;
  try {
    parsed = parseJson(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    yield verdict(name, 0, null, [{ path: '(file)', message: `is not valid JSON (${(e as Error).message.slice(0, 120)})` }]);
    return;
  }
  if (isJsonObject(parsed) && parsed.resourceType === 'Bundle') {
    const own = resourceIssues(parsed, { skipEntryResources: true });
    if (own.length) yield verdict(name, null, parsed, own);
    const entries = Array.isArray(parsed.entry) ? parsed.entry : [];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (isJsonObject(e) && e.resource !== undefined) yield verdict(name, i, e.resource, resourceIssues(e.resource));
    }
    return;
  }
  yield verdict(name, 0, parsed, resourceIssues(parsed));
}
