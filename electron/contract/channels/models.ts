/** Model pack channels: what is installed, install, activate, roll back. */
import { z } from 'zod';
import { channel } from '../define';

export const modelCardSchema = z.object({
  intendedUse: z.string(),
  trainingData: z.string(),
  metrics: z.array(z.object({ name: z.string(), value: z.number(), split: z.string() })),
  limits: z.string(),
  license: z.string(),
  credits: z.string(),
});

export const packVersionSchema = z.object({
  version: z.string(),
  name: z.string(),
  task: z.string(),
  installedAt: z.string(),
  /** Id of the key that signed this version. */
  keyId: z.string(),
  labels: z.array(z.object({ name: z.string(), threshold: z.number(), codes: z.array(z.object({ system: z.string(), code: z.string(), display: z.string() })) })),
  modelCard: modelCardSchema,
});

export const installedPackSchema = z.object({
  id: z.string(),
  active: z.string().nullable(),
  versions: z.array(packVersionSchema),
});
export type InstalledPackInfo = z.infer<typeof installedPackSchema>;

const empty = z.strictObject({});

export const modelsChannels = {
  list: channel({
    summary: 'Installed model packs, their versions, which is active, and their model cards',
    input: empty,
    output: z.object({ packs: z.array(installedPackSchema) }),
  }),
  install: channel({
    summary: 'Installs a model pack from a folder or a .tar/.tgz archive after verifying it',
    input: z.strictObject({ path: z.string().min(1).max(4096) }),
    output: z.object({ id: z.string(), version: z.string(), active: z.boolean(), alreadyInstalled: z.boolean() }),
  }),
  activate: channel({
    summary: 'Makes an installed version of a pack the one in use',
    input: z.strictObject({ id: z.string().min(1), version: z.string().min(1) }),
    output: z.object({ id: z.string(), active: z.string() }),
  }),
  rollback: channel({
    summary: 'Goes back to the version of a pack that was in use before the current one',
    input: z.strictObject({ id: z.string().min(1) }),
    output: z.object({ id: z.string(), active: z.string(), previous: z.string() }),
  }),
};
