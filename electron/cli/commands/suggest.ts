/**
 * `admin suggest <patient-id | bundle.json>`: every rule, and every active model (on the
 * newest note and image), for one patient; prints the cards as JSON. A bundle is evaluated
 * without being stored; a stored patient's chart read is audited. `admin cds-report` prints
 * the local report per rule and per model.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FhirResource } from 'fhir/r4';
import type { AdminCommand, CommandContext } from '../command';
import { BedsideError } from '../../services/errors';
import { CdsService } from '../../services/cds/cdsService';
import { NO_MODELS, registryModels, type CdsModels } from '../../services/cds/modelPort';
import { formatReport } from '../../services/cds/report';
import { resourcesOfBundle, suggestCards } from '../../services/cds/suggest';
import { InferenceService } from '../../services/inference/inferenceService';
import { probeProviders } from '../../services/inference/providerProbe';
import { chooseProvider } from '../../services/inference/providers';
import { ModelRegistry } from '../../services/models/registry';
import { withRecordsService } from '../../services/records/headless';

/** Runs `fn` with the installed models (or none with --no-models), stopping the inference host after. */
async function withModels<T>(ctx: CommandContext, useModels: boolean, fn: (models: CdsModels) => Promise<T>): Promise<T> {
  if (!useModels) return fn(NO_MODELS);
  const p = ctx.paths;
  const registry = new ModelRegistry({ packsDir: p.packsDir, bundledPacksDir: p.bundledPacksDir, trustedKeyDirs: [p.bundledTrustedKeysDir, p.trustedKeysDir], clinicKeyDirs: [p.trustedKeysDir] });
  registry.boot();
  const inference = new InferenceService({
    registry,
    hostScript: p.inferenceHostScript,
    provider: chooseProvider(probeProviders(), process.env.BEDSIDE_FORCE_CPU === '1'),
    cacheDir: path.join(p.dataDir, 'cache', 'transformers'),
  });
  try {
    return await fn(registryModels(registry, inference));
  } finally {
    inference.shutdown();
    await registry.shutdown();
  }
}

/** The clinical "now" from --as-of (a date or date-time), else the current time. */
function asOf(v: string | undefined): Date {
  if (v === undefined) return new Date();
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new BedsideError('invalid-input', `--as-of ${v} is not a date; use e.g. 2026-01-15 or 2026-01-15T09:00:00Z.`);
  return d;
}

export const suggestCommand: AdminCommand = {
  name: 'suggest',
  usage: 'suggest <patient-id | bundle.json> [--as-of <date>] [--no-models]',
  summary: 'Run every rule and model for one patient; print the cards as JSON',
  options: {
    'as-of': { type: 'string', description: 'the clinical date (e.g. 2026-01-15 or 2026-01-15T09:00:00Z; default now)' },
    'no-models': { type: 'boolean', description: 'rules only, without the installed models' },
    patient: { type: 'string', description: 'for a bundle without a Patient: the patient id' },
  },
  positionals: [1, 1],
  run: async (_args, ctx) => {
    const target = ctx.positionals[0]!;
    const now = asOf(ctx.values['as-of'] as string | undefined);
    const useModels = !ctx.values['no-models'];
    const print = (patientId: string, cards: unknown[]): number => {
      const report = { patientId, asOf: now.toISOString(), count: cards.length, cards };
      ctx.out(JSON.stringify(report, null, 2));
      ctx.result(report);
      return 0;
    };
    if (/\.json$/i.test(target) && fs.existsSync(target)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(fs.readFileSync(target, 'utf8'));
      } catch (e) {
        throw new BedsideError('invalid-input', `${target} is not valid JSON (${(e as Error).message}). Nothing was evaluated.`);
      }
      const resources = resourcesOfBundle(parsed);
      const patient = resources.find((r) => r.resourceType === 'Patient');
      const patientId = (ctx.values.patient as string | undefined) ?? patient?.id;
      if (!patientId) throw new BedsideError('invalid-input', `${target} holds no Patient; pass --patient <id>. Nothing was evaluated.`);
      return withModels(ctx, useModels, async (models) => print(patientId, await suggestCards(resources, patientId, { now, models })));
    }
    return withRecordsService(ctx.paths, (records) => {
      const resources: FhirResource[] = [];
      let cursor: string | undefined;
      do {
        const page = records.chart('admin', target, { limit: 1000, ...(cursor ? { cursor } : {}) });
        resources.push(...(page.resources as unknown as FhirResource[]));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return withModels(ctx, useModels, async (models) => print(target, await suggestCards(resources, target, { now, models })));
    }, ctx.keyStore);
  },
};

export const cdsReportCommand: AdminCommand = {
  name: 'cds-report',
  usage: 'cds-report [--json]',
  summary: 'Suggestions report per rule and model: shown, accepted, overridden, reasons',
  options: {},
  run: async (_args, ctx) =>
    withRecordsService(ctx.paths, (records) => {
      const report = new CdsService({ records: () => records }).report();
      for (const line of formatReport(report)) ctx.out(line);
      ctx.result({ report });
      return 0;
    }, ctx.keyStore),
};
