/**
 * A patient's chart from already-loaded data: header with the allergy banner, tabs (summary,
 * results, notes, images, timeline), and the suggestions panel beside it. Takes everything by
 * props so it renders the same from the record store, in tests and in the benchmark.
 */
import type { Condition, DocumentReference } from 'fhir/r4';
import { useMemo, useState, type ReactNode } from 'react';
import type { ChartPayload, CriticalLimit } from '../../api/ports';
import { useI18n } from '../../i18n';
import { ChartHeader } from './ChartHeader';
import { chartSections, type ChartSections } from './chartModel';
import { ChartTabs } from './ChartTabs';
import { ImmunizationList } from './ImmunizationList';
import { MedicationList } from './MedicationList';
import { ProblemList } from './ProblemList';
import { Timeline } from './Timeline';
import { VitalsAndLabs } from './VitalsAndLabs';
import { ChartSummaryPrint } from '../print/ChartSummaryPrint';
import { ReferralLetterPrint } from '../print/ReferralLetterPrint';
import { ReferralForm } from '../print/ReferralForm';
import { usePrint } from '../print/usePrint';
import type { ClinicIdentity } from '../print/clinicIdentity';

/** The chart's tabs. */
export type ChartTab = 'summary' | 'record' | 'results' | 'notes' | 'images' | 'pacs' | 'timeline';

interface Props {
  chart: ChartPayload;
  /** The notes tab (needs the record store). */
  renderNotes: (notes: DocumentReference[]) => ReactNode;
  renderImages: () => ReactNode;
  /** The PACS tab (studies in the clinic's PACS); absent, there is no such tab. */
  renderPacs?: () => ReactNode;
  /** Extra content on the summary tab (e.g. the order form). */
  summaryExtra?: ReactNode;
  /** The medications panel with its actions (stop, modify, renew, reconcile); default: the read-only list. */
  renderMedications?: (medications: ChartSections['medications']) => ReactNode;
  suggestions: ReactNode;
  initialTab?: ChartTab;
  /** The visit bar (start, continue, close a visit), above the tabs. */
  visitBar?: ReactNode;
  /** The entry forms (vitals, allergies); the Record tab is shown only with them. */
  renderEntry?: () => ReactNode;
  /** Actions on a recorded problem (confirm, refute, resolve), for clinicians. */
  problemActions?: (problem: Condition) => ReactNode;
  /** The rules' critical-value table, for styling critical results apart (absent: reference-range flags only). */
  criticalLimits?: readonly CriticalLimit[];
  /** Who printouts come from: the clinic (null: not set) and the signed-in clinician. */
  clinic?: ClinicIdentity | null;
  clinician?: string;
}

type PrintJob = { kind: 'summary' } | { kind: 'referral'; to: string; reason: string };

export function ChartView({ chart, renderNotes, renderImages, renderPacs, summaryExtra, renderMedications, suggestions, initialTab = 'summary', visitBar, renderEntry, problemActions, criticalLimits, clinic, clinician }: Props) {
  const { t } = useI18n();
  const [tab, setTab] = useState<ChartTab>(initialTab);
  const sections = useMemo(() => chartSections(chart.resources), [chart.resources]);
  const { printing, print } = usePrint<PrintJob>();
  const tabs: { key: ChartTab; label: string }[] = [
    { key: 'summary', label: t('chart.tab.summary') },
    ...(renderEntry ? [{ key: 'record', label: t('chart.tab.record') } as const] : []),
    { key: 'results', label: t('chart.tab.results') },
    { key: 'notes', label: t('chart.tab.notes', { count: sections.notes.length }) },
    { key: 'images', label: t('chart.tab.images') },
    ...(renderPacs ? [{ key: 'pacs' as const, label: t('chart.tab.pacs') }] : []),
    { key: 'timeline', label: t('chart.tab.timeline') },
  ];
  return (
    <>
      <div className="chart-screen screen" aria-labelledby="chart-title" role="region" data-testid="chart" data-printing={printing ? 'true' : undefined}>
        <div className="chart-main">
          <ChartHeader patient={chart.patient} allergies={sections.allergies} />
          {visitBar}
          <div className="chart-toolbar">
            <ChartTabs tabs={tabs} current={tab} onChange={setTab} label={t('chart.tabs')} />
            <button type="button" onClick={() => print({ kind: 'summary' })} data-testid="print-summary">
              {t('print.printSummary')}
            </button>
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
            {tab === 'summary' && (
              <div className="summary-grid">
                <ProblemList problems={sections.problems} {...(problemActions ? { actions: problemActions } : {})} />
                {renderMedications ? renderMedications(sections.medications) : <MedicationList medications={sections.medications} />}
                <ImmunizationList immunizations={sections.immunizations} />
                {summaryExtra}
                <ReferralForm onPrint={(to, reason) => print({ kind: 'referral', to, reason })} />
              </div>
            )}
            {tab === 'record' && renderEntry?.()}
            {tab === 'results' && <VitalsAndLabs vitals={sections.vitals} labs={sections.labs} sex={chart.patient.gender} {...(criticalLimits ? { criticalLimits } : {})} />}
            {tab === 'notes' && renderNotes(sections.notes)}
            {tab === 'images' && renderImages()}
            {tab === 'pacs' && renderPacs?.()}
            {tab === 'timeline' && <Timeline encounters={sections.encounters} notes={sections.notes} onOpenNote={() => setTab('notes')} />}
          </div>
        </div>
        {suggestions}
      </div>
      {printing && (
        <div className="print-view" data-testid="print-view">
          {printing.kind === 'summary' ? (
            <ChartSummaryPrint patient={chart.patient} sections={sections} clinic={clinic} {...(clinician ? { clinician } : {})} />
          ) : (
            <ReferralLetterPrint patient={chart.patient} sections={sections} to={printing.to} reason={printing.reason} clinic={clinic} {...(clinician ? { clinician } : {})} />
          )}
        </div>
      )}
    </>
  );
}
