/** Messages, counts and numbers as each language writes them (Intl.PluralRules, Intl.NumberFormat). */

/** A number as the language writes it ("37,2" in French), keeping its decimals; groups only from 5 digits, so years stay "2026". */
export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 6, useGrouping: 'min2' }).format(value);
}

/** `{count, plural, one {# patient} other {# patients}}` (ICU MessageFormat's plural, with =n branches). */
const PLURAL = /\{(\w+),\s*plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;

/**
 * Fills a message: plural blocks choose their branch by Intl.PluralRules for the language (so
 * "1 patient found", and in French "0 patient trouvé", "1,5" the French way), `#` and numeric
 * `{name}` placeholders are written by Intl.NumberFormat, other placeholders as given.
 */
export function format(template: string, params: Record<string, string | number> = {}, locale = 'en'): string {
  const text = (v: string | number) => (typeof v === 'number' ? formatNumber(v, locale) : v);
  const withPlurals = template.replace(PLURAL, (m, k: string, branches: string) => {
    const n = params[k];
    if (typeof n !== 'number') return m;
    const options = new Map([...branches.matchAll(/(=\d+|\w+)\s*\{([^{}]*)\}/g)].map((b) => [b[1]!, b[2]!]));
    const chosen = options.get(`=${n}`) ?? options.get(new Intl.PluralRules(locale).select(n)) ?? options.get('other') ?? '';
    return chosen.replace(/#/g, formatNumber(n, locale));
  });
  return withPlurals.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? text(params[k]!) : m));
}
