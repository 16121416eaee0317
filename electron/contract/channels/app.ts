/** App-level channels: what is installed, and whether it is healthy. */
import { z } from 'zod';
import { channel } from '../define';

export const executionProviderSchema = z.object({
  name: z.enum(['cuda', 'dml', 'coreml', 'cpu']),
  available: z.boolean(),
  /** Why a provider is not available, in words an admin can act on. */
  note: z.string().optional(),
});
export type ExecutionProviderInfo = z.infer<typeof executionProviderSchema>;

const empty = z.strictObject({});

export const appChannels = {
  info: channel({
    summary: 'Version, platform and the execution providers inference can use',
    input: empty,
    output: z.object({
      name: z.string(),
      version: z.string(),
      platform: z.string(),
      arch: z.string(),
      mode: z.enum(['desktop', 'browser-host', 'headless']),
      providers: z.array(executionProviderSchema),
      /** The provider inference runs on now. */
      activeProvider: z.enum(['cuda', 'dml', 'coreml', 'cpu']),
      forceCpu: z.boolean(),
    }),
  }),
  health: channel({
    summary: 'Whether each service is running, and what to do when one is not',
    input: empty,
    output: z.object({
      ok: z.boolean(),
      checks: z.array(z.object({ name: z.string(), ok: z.boolean(), message: z.string() })),
    }),
  }),
};
