/**
 * Counts, numbers and dates as each language writes them: plural forms by Intl.PluralRules
 * (CLDR: French puts 0 and 1 in "one"), decimals by Intl.NumberFormat ("37,2" in French), and
 * FHIR dates at their own precision (https://hl7.org/fhir/R4/datatypes.html#date), never
 * shifted by the workstation's time zone; checked in three zones on both sides of UTC.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { format, formatNumber } from '../../../renderer/src/i18n/format';
import { en } from '../../../renderer/src/i18n/en';
import { fr } from '../../../renderer/src/i18n/fr';
import { formatDate, formatDateTime, observationValueText } from '../../../renderer/src/fhir/display';

describe('plural forms and numbers', () => {
  it('counts read right for 0, 1 and many in English and French', () => {
    const count = (lang: 'en' | 'fr', n: number) => format((lang === 'en' ? en : fr)['patients.search.count'], { count: n }, lang);
    expect([0, 1, 2, 12].map((n) => count('en', n))).toEqual(['0 patients found', '1 patient found', '2 patients found', '12 patients found']);
    expect([0, 1, 2, 12].map((n) => count('fr', n))).toEqual(['0 patient trouvé', '1 patient trouvé', '2 patients trouvés', '12 patients trouvés']);
    expect(format(en['notes.search.count'], { count: 1 }, 'en')).toBe('1 note matches');
    expect(format(fr['patient.form.fix'], { count: 3 }, 'fr')).toBe("3 champs sont à corriger avant d'enregistrer le patient.");
    expect(format('{n, plural, =0 {none} one {# item} other {# items}}', { n: 0 }, 'en')).toBe('none');
  });

  it('numbers: a decimal comma in French, grouping only from five digits (years untouched)', () => {
    expect(formatNumber(37.2, 'fr')).toBe('37,2');
    expect(formatNumber(37.2, 'en')).toBe('37.2');
    expect(formatNumber(2026, 'en')).toBe('2026');
    expect(formatNumber(250000, 'en')).toBe('250,000');
    expect(formatNumber(250000, 'fr')).toBe('250\u202f000');
    const temp = { code: { coding: [{ system: 'http://loinc.org', code: '8310-5' }] }, valueQuantity: { value: 37.2, unit: 'Cel' } };
    expect(observationValueText(temp, 'fr')).toBe('37,2 °C');
    expect(observationValueText(temp, 'en')).toBe('37.2 °C');
    expect(format('{t} °C', { t: 37.2 }, 'fr')).toBe('37,2 °C');
  });
});

const zones = ['America/Los_Angeles', 'America/New_York', 'Asia/Tokyo'];
const savedTz = process.env.TZ;
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe.each(zones)('FHIR dates in %s', (zone) => {
  it('are shown at their own precision and never shifted', () => {
    process.env.TZ = zone;
    expect(new Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(zone);
    expect(formatDate('1987', 'en')).toBe('1987');
    expect(formatDate('1987', 'fr')).toBe('1987');
    expect(formatDate('1987-06', 'en')).toBe('June 1987');
    expect(formatDate('1987-06', 'fr')).toBe('juin 1987');
    expect(formatDate('1987-01-01', 'en')).toBe('Jan 1, 1987');
    expect(formatDate('1987-01-01', 'fr')).toBe('1 janv. 1987');
    expect(formatDateTime('1987-01-01', 'en')).toBe('Jan 1, 1987');
    // A dateTime with a time is an instant: shown where the workstation is.
    const instant = '2026-01-15T03:30:00Z';
    const local = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(instant));
    expect(formatDate(instant, 'en')).toBe(local);
    expect(formatDate(instant, 'en')).toBe(zone === 'Asia/Tokyo' ? 'Jan 15, 2026' : 'Jan 14, 2026');
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });
});
