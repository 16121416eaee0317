/**
 * Pushes declared events to every subscriber (Electron windows, WebSocket clients). Payloads
 * are checked against the contract before they leave, like channel outputs.
 */
import type { z } from 'zod';
import { events, type BedsideEvents, type BedsideEventName } from '../contract';

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
