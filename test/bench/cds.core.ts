/**
 * CDS benchmark: all rules on one chart of about 1,000 resources (p95, target < 20 ms), and
 * cards per second over the whole demo clinic (rules only, in memory), with the cost of building
 * the chart snapshot reported beside it. Last line: `BENCH {json}`.
 */
import { performance } from 'node:perf_hooks';
import type { FhirResource } from 'fhir/r4';
import { buildChartSnapshot } from '../../electron/services/cds/chart';
import { runRules } from '../../electron/services/cds/rulesEngine';
import { DEMO_ANCHOR, generateDemoClinic, generatePatient } from '../../electron/services/records/demoClinic';

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** Runs the benchmark and prints the table and the BENCH line. */
export function main(): void {
  const now = new Date(DEMO_ANCHOR);
  // One big chart: a demo scenario patient (interaction, allergy, renal, AF) with ~1,000 resources of history.
  const demo = generateDemoClinic().resources as unknown as FhirResource[];
  const base = demo.filter((r) => JSON.stringify(r).includes('demo-01'));
  const history = generatePatient(7, 0, 100).map((r) => JSON.parse(JSON.stringify(r).replaceAll('gen-7-0', 'demo-01')) as FhirResource);
  const chartResources = [...base, ...history.filter((r) => r.resourceType !== 'Patient')];
  const chart = buildChartSnapshot(chartResources, 'demo-01');
  const times: number[] = [];
  let cards = 0;
  for (let i = 0; i < 20; i++) runRules(chart, { now });
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    cards = runRules(chart, { now }).length;
    times.push(performance.now() - t0);
  }
  const snapTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    buildChartSnapshot(chartResources, 'demo-01');
    snapTimes.push(performance.now() - t0);
  }
  // The whole demo clinic, chart by chart, repeated.
  const ids = [...new Set(demo.filter((r) => r.resourceType === 'Patient').map((r) => r.id!))];
  const snapshots = ids.map((id) => buildChartSnapshot(demo, id));
  let clinicCards = 0;
  let charts = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 2000) {
    for (const s of snapshots) {
      clinicCards += runRules(s, { now }).length;
      charts++;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const result = {
    chart_resources: chartResources.length,
    chart_cards: cards,
    rules_chart_p50_ms: Math.round(quantile(times, 0.5) * 1000) / 1000,
    rules_chart_p95_ms: Math.round(quantile(times, 0.95) * 1000) / 1000,
    snapshot_p95_ms: Math.round(quantile(snapTimes, 0.95) * 1000) / 1000,
    clinic_patients: ids.length,
    charts_per_s: Math.round(charts / seconds),
    cards_per_s: Math.round(clinicCards / seconds),
    target_p95_ms: 20,
  };
  console.log('CDS rules benchmark');
  console.log(`  one chart of ${result.chart_resources} resources (${cards} cards): p50 ${result.rules_chart_p50_ms} ms, p95 ${result.rules_chart_p95_ms} ms (target < 20 ms); snapshot build p95 ${result.snapshot_p95_ms} ms`);
  console.log(`  demo clinic (${ids.length} charts): ${result.charts_per_s} charts/s, ${result.cards_per_s} cards/s`);
  console.log(`BENCH ${JSON.stringify(result)}`);
}
