/**
 * How the member lists in `onc-ddi.json` are derived from the published ONC high-priority
 * table (Phansalkar S et al., JAMIA 2012;19(5):735-743, doi:10.1136/amiajnl-2011-000612), as
 * distributed in dbmi-pitt/public-PDDI-analysis (`onc-high-priority-classes.csv` and the
 * pairwise `ONC_High_Priority_Mapped.csv`). Pure functions: the test re-derives the lists
 * from the CSVs and checks the committed JSON against them.
 *
 * Two classes have no members in the table: TCAs (interaction 20) and QT-prolonging agents
 * (interaction 21). Their members come from the mapped pairs that no listed member explains:
 * a leftover pair with an MAO inhibitor of interaction 20 names a TCA; every other leftover
 * drug is a QT-prolonging agent (they form the all-pairs clique of interaction 21).
 */

/** Spellings in the source files mapped to the RxNorm (US) ingredient names Synthea uses. */
export const SOURCE_SYNONYMS: Readonly<Record<string, string>> = {
  esmoprazole: 'esomeprazole', // typo in the published table
  voreconazole: 'voriconazole', // typo in the published table
  'st john’s wort': "st john's wort",
  pethidine: 'meperidine',
  rifampicin: 'rifampin',
  methylergometrine: 'methylergonovine',
  lisdexamefetamine: 'lisdexamfetamine', // typo in the published table
};

/** Lower-cases a source drug name and maps it to the US ingredient name. */
export function canonicalSourceName(name: string): string {
  const lower = name.trim().toLowerCase().replace(/\s+/g, ' ');
  return SOURCE_SYNONYMS[lower] ?? lower;
}

/** One interaction's object and precipitant members as the table lists them. */
export interface DerivedInteraction {
  readonly number: number;
  readonly objectClass: string;
  readonly objectMembers: string[];
  readonly precipitantClass: string;
  readonly precipitantMembers: string[];
}

const splitCsvLine = (line: string): string[] => {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i] ?? '';
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
};

const addUnique = (list: string[], name: string): void => {
  if (name && !list.includes(name)) list.push(name);
};

/** Groups `onc-high-priority-classes.csv` rows by interaction number. */
export function parseOncClassesCsv(text: string): Map<number, DerivedInteraction> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const out = new Map<number, DerivedInteraction>();
  for (const line of lines.slice(1)) {
    const [num = '', objectClass = '', objectDrug = '', precipitantClass = '', precipitantDrug = ''] = splitCsvLine(line);
    const number = Number(num);
    if (!Number.isInteger(number)) continue;
    const entry = out.get(number) ?? {
      number,
      objectClass: objectClass.trim(),
      objectMembers: [],
      precipitantClass: precipitantClass.trim(),
      precipitantMembers: [],
    };
    addUnique(entry.objectMembers, canonicalSourceName(objectDrug));
    addUnique(entry.precipitantMembers, canonicalSourceName(precipitantDrug));
    out.set(number, entry);
  }
  return out;
}

/** Reads the `$`-separated pair file (drug, DrugBank id, drug, DrugBank id). */
export function parseOncMappedCsv(text: string): Array<[string, string]> {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.split('$'))
    .filter((cells) => cells.length >= 4 && cells[0] && cells[2])
    .map((cells) => [canonicalSourceName(cells[0] ?? ''), canonicalSourceName(cells[2] ?? '')]);
}

/** Fills the TCA (20) and QT (21) classes from mapped pairs that no listed member explains. */
export function deriveOncMembers(classesCsv: string, mappedCsv: string): Map<number, DerivedInteraction> {
  const table = parseOncClassesCsv(classesCsv);
  const explained = (a: string, b: string): boolean =>
    [...table.values()].some(
      (i) =>
        (i.objectMembers.includes(a) && i.precipitantMembers.includes(b)) ||
        (i.objectMembers.includes(b) && i.precipitantMembers.includes(a)),
    );
  const leftovers = parseOncMappedCsv(mappedCsv).filter(([a, b]) => !explained(a, b));
  const tca = table.get(20);
  const qt = table.get(21);
  if (!tca || !qt) throw new Error('ONC table lacks interaction 20 or 21');
  const maoi = tca.precipitantMembers;
  const qtMembers: string[] = [];
  for (const [a, b] of leftovers) {
    if (maoi.includes(a)) addUnique(tca.objectMembers, b);
    else if (maoi.includes(b)) addUnique(tca.objectMembers, a);
    else {
      addUnique(qtMembers, a);
      addUnique(qtMembers, b);
    }
  }
  qtMembers.sort();
  tca.objectMembers.sort();
  table.set(21, { ...qt, objectMembers: qtMembers, precipitantMembers: [...qtMembers] });
  return table;
}
