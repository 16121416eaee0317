/**
 * The shape of the contract between the renderer and the main process. Every channel is
 * declared once, with zod schemas for its input and output; both transports (Electron IPC and
 * the browser host's WebSocket) are built from these declarations.
 */
import { z } from 'zod';

/** One request/response channel. */
export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** What the channel does, in a line. */
  summary: string;
  /** Largest accepted request, in bytes of JSON (default 256 KiB). */
  maxRequestBytes?: number;
}

/** Declares a channel (keeps the literal types of its schemas). */
export function channel<I extends z.ZodType, O extends z.ZodType>(spec: ChannelSpec<I, O>): ChannelSpec<I, O> {
  return spec;
}

/** Channels grouped by feature: `{ records: { search: ..., chart: ... } }`. */
export type ContractShape = Record<string, Record<string, ChannelSpec>>;

/** Events the main side pushes, by name. */
export type EventShape = Record<string, z.ZodType>;

/** The typed error every failed call returns; `message` is written for the user. */
export const contractErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** Where the input was wrong, for invalid-input errors. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ContractError = z.infer<typeof contractErrorSchema>;

/** The result of every call: a value or a typed error, never a thrown exception. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** The full channel name of `feature.method`. */
export type ChannelName<C extends ContractShape> = {
  [F in keyof C & string]: `${F}.${keyof C[F] & string}`;
}[keyof C & string];

/** The typed client a contract gives: `client.records.search(input)`. */
export type ClientOf<C extends ContractShape> = {
  [F in keyof C]: {
    [M in keyof C[F]]: (input: z.input<C[F][M]['input']>) => Promise<Result<z.output<C[F][M]['output']>>>;
  };
};

/** Listener signatures for a set of events. */
export type EventPayload<E extends EventShape, K extends keyof E> = z.output<E[K]>;
