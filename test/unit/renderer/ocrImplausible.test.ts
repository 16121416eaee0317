/** OCR review (issue #19): a number with a letter OCR confuses with a digit is flagged, whatever the model's confidence. */
import { describe, expect, it } from 'vitest';
import { implausibleTokens, isImplausibleToken } from '../../../renderer/src/features/notes/implausibleTokens';

describe('implausible OCR tokens', () => {
  it('flags misread numbers', () => {
    expect(implausibleTokens('Amoxicillin 5o0 mg three times daily')).toEqual(['5o0']);
    for (const t of ['5o0', '1O', 'l00', '10O', '2.S', '5o0mg', '(1l5)', '8B0', '1,O00']) expect(isImplausibleToken(t), t).toBe(true);
  });

  it('leaves real numbers, units and codes alone', () => {
    for (const t of ['500', '500mg', '2.5', '1,000', 'B12', 'HbA1c', 'CYP3A4', 'SpO2', 'COVID-19', 'mg/dL', 'T4', '4.2', '10/min', 'O2', 'Amoxicillin', '2x', '3/day', '1st', '25mcg']) {
      expect(isImplausibleToken(t), t).toBe(false);
    }
    expect(implausibleTokens('Potassium 4.2 mmol/L')).toEqual([]);
  });
});
