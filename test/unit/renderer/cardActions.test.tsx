// @vitest-environment jsdom
/** Suggestion card actions: accepting shows the changes first; dismissing needs a reason, and "other" needs words. */
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Card } from '../../../electron/contract/schemas/card';
import { SuggestionCard } from '../../../renderer/src/features/suggestions/SuggestionCard';
import { renderEn } from './renderWithI18n';

afterEach(cleanup);

const card: Card = {
  uuid: '0b4f0c53-8d1e-4f6a-9a51-3c2d1e0f9a87',
  summary: 'Add “cystic fibrosis” to the problem list?',
  indicator: 'info',
  source: { label: 'Disease mentions in notes (demo)' },
  suggestions: [
    {
      uuid: '5a7d2c1e-9b3f-4e8a-8c6d-2f1e0a9b8c7d',
      label: 'Add to the problem list',
      isRecommended: true,
      actions: [{ type: 'create', description: 'Cystic fibrosis (active)', resource: { resourceType: 'Condition' } }],
    },
  ],
  selectionBehavior: 'at-most-one',
  overrideReasons: [],
  links: [],
  provenance: { kind: 'rule', id: 'problem-list', version: '1.0.0', inputHash: 'a'.repeat(64), latencyMs: 3 },
  patientId: 'demo-01',
  triggeredBy: ['DocumentReference/n1'],
  explanation: { kind: 'rule-trace', steps: [{ label: 'Mention', value: 'cystic fibrosis' }], citation: 'NCBI disease corpus' },
};

function setup() {
  const onAccept = vi.fn(async () => null);
  const onDismiss = vi.fn(async () => null);
  renderEn(<SuggestionCard card={card} onAccept={onAccept} onDismiss={onDismiss} />);
  return { onAccept, onDismiss };
}

describe('SuggestionCard actions', () => {
  it('accepting shows what will change in the record before anything is applied', async () => {
    const { onAccept } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Add to the problem list…' }));
    const preview = screen.getByTestId('accept-preview');
    expect(preview.textContent).toContain('Accepting will make these changes to the record:');
    expect(within(preview).getByRole('listitem').textContent).toMatch(/^Add a new .+: Cystic fibrosis \(active\)$/);
    expect(onAccept).not.toHaveBeenCalled();
    // Going back applies nothing.
    fireEvent.click(within(preview).getByRole('button', { name: 'Back' }));
    expect(screen.queryByTestId('accept-preview')).toBeNull();
    expect(onAccept).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Add to the problem list…' }));
    fireEvent.click(screen.getByTestId('accept-confirm'));
    expect(onAccept).toHaveBeenCalledWith(card, card.suggestions[0]);
    expect((await screen.findByTestId('card-outcome')).textContent).toBe('Accepted and recorded.');
  });

  it('dismissing needs a reason', () => {
    const { onDismiss } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss…' }));
    fireEvent.click(screen.getByTestId('dismiss-confirm'));
    expect(screen.getByRole('alert').textContent).toBe('Choose a reason.');
    expect(onDismiss).not.toHaveBeenCalled();
  });

  it('"other" needs a comment; with one, the reason and comment are passed on', async () => {
    const { onDismiss } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss…' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Other (please comment)' }));
    const comment = screen.getByRole('textbox', { name: 'Comment (required for "other")' });
    fireEvent.change(comment, { target: { value: '   ' } });
    fireEvent.click(screen.getByTestId('dismiss-confirm'));
    expect(screen.getByRole('alert').textContent).toBe('Say why in the comment.');
    expect(comment.getAttribute('aria-invalid')).toBe('true');
    expect(onDismiss).not.toHaveBeenCalled();
    fireEvent.change(comment, { target: { value: 'Seen by respiratory clinic' } });
    fireEvent.click(screen.getByTestId('dismiss-confirm'));
    expect(onDismiss).toHaveBeenCalledWith(card, 'other', 'Seen by respiratory clinic');
    expect((await screen.findByTestId('card-outcome')).textContent).toBe('Dismissed; your reason was recorded.');
  });

  it('another reason needs no comment', () => {
    const { onDismiss } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss…' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Benefit outweighs risk' }));
    fireEvent.click(screen.getByTestId('dismiss-confirm'));
    expect(onDismiss).toHaveBeenCalledWith(card, 'benefit-outweighs-risk', '');
  });
});
