/** Messages on the browser host's WebSocket, shared by server and renderer client. */
export interface WireRequest {
  id: number;
  channel: string;
  input: unknown;
}
export type WireMessage =
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'event'; name: string; payload: unknown };

/** Largest WebSocket message the host accepts (the router enforces per-channel limits below it). */
export const MAX_WIRE_MESSAGE_BYTES = 128 * 1024 * 1024;
