// @vitest-environment jsdom
/**
 * Cards a clinician can read (issue #19): Markdown rendered in the critical dialog as in the
 * panel, abbreviations kept in capitals inside sentences ("SSRIs", "CYP3A4"), and dates in the
 * user's locale instead of raw ISO timestamps.
 */
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Card } from '../../../electron/contract/schemas/card';
import { inSentence } from '../../../electron/services/cds/rules/cardText';
import { CriticalCardDialog } from '../../../renderer/src/features/suggestions/CriticalCardDialog';
import { formatDateTime, localiseDatesIn } from '../../../renderer/src/fhir/display';
import { renderEn } from './renderWithI18n';

afterEach(cleanup);

const card: Card = {
  uuid: '0b4f0c53-8d1e-4f6a-9a51-3c2d1e0f9a87',
  summary: 'Critical potassium: 6.8 mmol/L (high)',
  indicator: 'critical',
  detail: 'Potassium 6.8 mmol/L on 2026-12-05T00:00:00.000Z is **beyond the critical limit**.\n\n- Confirm the value\n- Act on it now',
  source: { label: 'Critical values' },
  suggestions: [],
  selectionBehavior: 'at-most-one',
  overrideReasons: [],
  links: [],
  provenance: { kind: 'rule', id: 'critical-values', version: '1.0.0', inputHash: 'a'.repeat(64), latencyMs: 3 },
  patientId: 'demo-10',
  triggeredBy: ['Observation/k'],
  explanation: { kind: 'rule-trace', steps: [{ label: 'Potassium', value: '6.8 mmol/L on 2026-12-05T09:40:00.000Z' }], citation: 'Kost 1990' },
};

describe('the critical dialog', () => {
  it('renders the card detail as Markdown, with dates in the locale', () => {
    renderEn(<CriticalCardDialog cards={[card]} actionLabel="order" onCancel={() => undefined} onProceed={() => undefined} />);
    const dialog = screen.getByTestId('critical-dialog');
    expect(dialog.textContent).not.toContain('**');
    expect(screen.getByText('beyond the critical limit').tagName).toBe('STRONG');
    expect(screen.getByText('Confirm the value').closest('li')).not.toBeNull();
    expect(dialog.textContent).not.toContain('2026-12-05T');
    expect(dialog.textContent).toContain('on Dec 5, 2026 is');
  });
});

describe('card text', () => {
  it('keeps abbreviations in capitals inside a sentence', () => {
    expect(inSentence('SSRI or SNRI with a triptan')).toBe('SSRI or SNRI with a triptan');
    expect(inSentence('Serotonergic antidepressant with SSRIs')).toBe('serotonergic antidepressant with SSRIs');
    expect(inSentence('CYP3A4 inhibitor with a dose limit')).toBe('CYP3A4 inhibitor with a dose limit');
    expect(inSentence('PDE5 inhibitor with a nitrate')).toBe('PDE5 inhibitor with a nitrate');
    expect(inSentence('Potassium')).toBe('potassium');
  });

  it('writes ISO dates the locale\'s way, with a time only when the data has one', () => {
    expect(localiseDatesIn('on 2026-12-05T00:00:00.000Z.', 'en-US')).toBe('on Dec 5, 2026.');
    expect(localiseDatesIn('on 2026-12-05.', 'fr')).toBe('on 5 déc. 2026.');
    expect(localiseDatesIn('drawn 2026-12-05T09:40:00Z', 'en-US')).toMatch(/drawn Dec 5, 2026, \d\d:40 (AM|PM)/);
    expect(formatDateTime('2026-12-05T00:00:00.000Z', 'en-US')).toBe('Dec 5, 2026');
    expect(localiseDatesIn('no date here, 140 mmHg', 'en')).toBe('no date here, 140 mmHg');
  });
});
