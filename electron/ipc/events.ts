/**
 * Pushes declared events to every subscriber (Electron windows, WebSocket clients). Payloads
 * are checked against the contract before they leave, like channel outputs.
 */
import type { z } from 'zod';
import { events, type BedsideContract, type BedsideEvents, type BedsideEventName, type ChannelName } from '../contract';
import { decide, permissionOf, type CallerState } from './permissions';

export type EventListener = (name: BedsideEventName, payload: unknown) => void;

/** Typed, validated fan-out of main-side events. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  /** Sends one event to every subscriber; an invalid payload is a bug and throws. */
  emit<K extends BedsideEventName>(name: K, payload: z.input<BedsideEvents[K]>): void {
    const checked = events[name].parse(payload);
    for (const l of this.listeners) {
      try {
        l(name, checked);
      } catch {
        // One broken subscriber (a closed socket) must not stop the others.
      }
    }
  }

  /** Adds a subscriber; returns the function that removes it. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** What services receive to emit events, without seeing transports. */
export type { EmitEvent } from '../contract/events';

/**
 * The channel whose read permission an event needs: an event goes only to sessions the
 * permission table would let read the same thing (cards carry patient ids: the care team;
 * import progress: administrators; inference progress: clinicians).
 */
export function eventReadChannel(name: BedsideEventName, payload: unknown): ChannelName<BedsideContract> {
  if (name === 'cds.cardsReady') return 'cds.cardsForPatient';
  const kind = typeof payload === 'object' && payload !== null ? (payload as { kind?: unknown }).kind : undefined;
  return kind === 'records.import' ? 'records.jobStatus' : 'inference.cancel';
}

/** Whether a session in `state` with `roles` may receive this event (the same table as the channels). */
export function mayReceiveEvent(name: BedsideEventName, payload: unknown, session: { state: CallerState; roles: readonly string[] } | null): boolean {
  if (!session) return false;
  return decide(permissionOf(eventReadChannel(name, payload)), session.state, session.roles).allow;
}
