/**
 * French is complete (issue #19): every English key has a French string, with the same
 * placeholders, and no English string is left in the French bundle. A French string equal to
 * the English one must be listed below with the reason it is the same in French; one with
 * English words ("the", "and", "with"…) fails.
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en';
import { fr } from '../../../renderer/src/i18n/fr';

/** Keys whose French is the same as the English, and why. */
const SAME_IN_FRENCH: Readonly<Record<string, string>> = {
  'app.title': 'product name',
  'chart.tab.pacs': 'PACS is the same acronym in French',
  'meds.reason.none': 'a dash',
  'meds.source': 'Source is the French word too',
  'pacs.images': 'Images is the French word too',
  'entry.vitals.spo2': 'SpO₂ is the international symbol',
  'notes.referral.allergies': 'Allergies is the French word too',
  'entry.lab.test.potassium': 'potassium is the French word too',
  'entry.lab.test.sodium': 'sodium is the French word too',
  'entry.lab.test.hba1c': 'HbA1c is the international abbreviation',
  'entry.lab.test.inr': 'INR is the international abbreviation',
  'entry.lab.test.crp': 'CRP is used in French too',
  'status.version': 'product name and a number',
  'provider.dml': 'product names',
  'language.en': 'a language names itself',
  'language.fr': 'a language names itself',
  'nav.patients': 'same word',
  'patients.title': 'same word',
  'nav.suggestions': 'same word',
  'suggestions.title': 'same word',
  'chart.tab.notes': 'same word',
  'notes.title': 'same word',
  'notes.editorLabel': 'same word',
  'chart.kind.note': 'same word',
  'resource.DocumentReference': 'same word',
  'chart.tab.images': 'same word',
  'images.title': 'same word',
  'chart.allergies': 'same word',
  'chart.obs.date': 'same word',
  'entity.context.possible': 'same word',
  'card.indicator.info': 'same word (abbreviation of information)',
  'orders.dose': 'same word',
  'users.actions': 'same word',
  'viewer.pause': 'same word',
  'viewer.viewport': 'same word and a placeholder',
  'jobs.kind.records.import': 'same word',
  'models.card.license': 'French and British spelling',
  'entity.tag': 'placeholder only',
  'card.accept.button': 'placeholder only',
  'images.loaded': 'placeholders only',
  'orders.unit.mg': 'SI unit',
  'orders.unit.g': 'SI unit',
  'orders.unit.mL': 'SI unit',
  'test.spo2': 'international abbreviation',
  'test.fio2': 'international abbreviation',
  'test.hba1c': 'international abbreviation',
  'test.inr': 'international abbreviation',
};

/** English words that do not occur in French text. */
const ENGLISH_WORDS = /\b(the|and|with|without|you|your|this|that|is|are|was|not|to|of|from|please|click|open|save|cancel|search|patient's|chart)\b/i;

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]!).sort();

describe('the French bundle', () => {
  it('has every English key and no other', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('fills every string with the same placeholders', () => {
    const bad = Object.keys(en).filter((k) => {
      const key = k as keyof typeof en;
      return !fr[key].trim() || placeholders(fr[key]).join() !== placeholders(en[key]).join();
    });
    expect(bad).toEqual([]);
  });

  it('leaves no English string in it', () => {
    const same = Object.keys(en).filter((k) => fr[k as keyof typeof en] === en[k as keyof typeof en] && !(k in SAME_IN_FRENCH));
    expect(same, 'French strings equal to the English: translate them, or list them in SAME_IN_FRENCH with a reason').toEqual([]);
    const english = Object.entries(fr).filter(([k, v]) => !(k in SAME_IN_FRENCH) && ENGLISH_WORDS.test(v.replace(/\{[^{}]*\}/g, '')));
    expect(english.map(([k, v]) => `${k}: ${v}`)).toEqual([]);
  });

  it('would catch an English string or a missing key (the check itself)', () => {
    const broken: Record<string, string> = { ...fr, 'auth.signOut': en['auth.signOut'] };
    delete broken['auth.lock'];
    expect(Object.keys(broken).sort()).not.toEqual(Object.keys(en).sort());
    expect(broken['auth.signOut'] === en['auth.signOut'] && !('auth.signOut' in SAME_IN_FRENCH)).toBe(true);
  });
});
