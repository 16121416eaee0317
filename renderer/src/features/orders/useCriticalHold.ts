/**
 * A change held back by critical cards: the cards are shown (CriticalCardDialog); cancel drops
 * the change, proceed records an override for every card with the reason given and then carries
 * the change out. Shared by the medication-change dialog and reconciliation.
 */
import { useState } from 'react';
import type { Card, OverrideReasonCode } from '../../../../electron/contract/schemas/card';
import type { CdsPort } from '../../api/ports';
import { overrideAll } from './checkNewOrders';

export interface CriticalHold<P> {
  /** The cards and the change they hold back, while held. */
  readonly held: { readonly cards: Card[]; readonly pending: P } | null;
  readonly hold: (cards: Card[], pending: P) => void;
  readonly cancel: () => void;
  readonly proceed: (code: OverrideReasonCode, comment: string) => Promise<void>;
}

/** `carryOut` runs the held change once every card is overridden; `setBusy`/`setError` are the form's. */
export function useCriticalHold<P>(cds: CdsPort, carryOut: (pending: P) => Promise<void>, setBusy: (busy: boolean) => void, setError: (message: string) => void): CriticalHold<P> {
  const [held, setHeld] = useState<{ cards: Card[]; pending: P } | null>(null);
  const hold = (cards: Card[], pending: P) => {
    setBusy(false);
    setHeld({ cards, pending });
  };
  const proceed = async (code: OverrideReasonCode, comment: string) => {
    if (!held) return;
    setHeld(null);
    setBusy(true);
    const problem = await overrideAll(cds, held.cards, code, comment);
    if (problem) {
      setBusy(false);
      return setError(problem);
    }
    return carryOut(held.pending);
  };
  return { held, hold, cancel: () => setHeld(null), proceed };
}
