/**
 * The local report per rule and per model: cards shown, accepted, overridden (with the reasons
 * given), still active or superseded. Nothing leaves the machine; comments are the clinicians'
 * own words and stay in the encrypted database.
 */
import type { CardStore } from './cardStore';

/** One source's line in the report. */
export interface SourceReport {
  kind: 'rule' | 'model';
  id: string;
  version: string;
  /** Distinct cards produced (a card re-shown with the same inputs counts once). */
  cards: number;
  /** How many times they were shown in all. */
  timesShown: number;
  accepted: number;
  overridden: number;
  active: number;
  superseded: number;
  /** accepted / (accepted + overridden), or null before any feedback. */
  acceptanceRate: number | null;
  reasons: { code: string; count: number }[];
  /** The newest free-text comments (at most 5). */
  comments: string[];
}

/** The report. */
export interface CdsReport {
  generatedAt: string;
  sources: SourceReport[];
}

/** Builds the report from the stored cards and feedback. */
export function buildReport(store: CardStore, now: Date): CdsReport {
  const rows = store.reportRows();
  const key = (r: { kind: string; id: string; version: string }): string => `${r.kind}|${r.id}|${r.version}`;
  return {
    generatedAt: now.toISOString(),
    sources: rows.sources.map((s) => {
      const decided = s.accepted + s.overridden;
      return {
        ...s,
        acceptanceRate: decided === 0 ? null : Math.round((s.accepted / decided) * 1000) / 1000,
        reasons: rows.reasons.filter((r) => key(r) === key(s)).map((r) => ({ code: r.code, count: r.n })),
        comments: rows.comments.filter((c) => key(c) === key(s)).slice(0, 5).map((c) => c.comment),
      };
    }),
  };
}

/** The report as a readable table for the command line. */
export function formatReport(report: CdsReport): string[] {
  const lines = [`Decision support report, ${report.generatedAt}`, ''];
  if (report.sources.length === 0) return [...lines, 'No cards have been shown yet.'];
  lines.push(`${'source'.padEnd(44)} ${'cards'.padStart(6)} ${'shown'.padStart(6)} ${'accepted'.padStart(8)} ${'overridden'.padStart(10)}  reasons`);
  for (const s of report.sources) {
    const name = `${s.kind} ${s.id}@${s.version}`.slice(0, 44);
    const reasons = s.reasons.map((r) => `${r.code} ×${r.count}`).join(', ') || '-';
    lines.push(`${name.padEnd(44)} ${String(s.cards).padStart(6)} ${String(s.timesShown).padStart(6)} ${String(s.accepted).padStart(8)} ${String(s.overridden).padStart(10)}  ${reasons}`);
    for (const c of s.comments) lines.push(`${''.padEnd(46)}“${c.slice(0, 100)}”`);
  }
  return lines;
}
