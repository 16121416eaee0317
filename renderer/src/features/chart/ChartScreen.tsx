/**
 * Opens a patient's chart from the record store, with the suggestion cards for it (refreshed
 * when the CDS service says new cards are ready), notes, images and medication orders.
 */
import type { AllergyIntolerance, Condition, DocumentReference, Organization } from 'fhir/r4';
import { useCallback, useEffect, useState } from 'react';
import type { Card, OverrideReasonCode, Suggestion } from '../../../../electron/contract/schemas/card';
import { onBedsideEvent } from '../../api/client';
import type { ChartPayload, CriticalLimit, RecordsPort } from '../../api/ports';
import { usePorts } from '../../api/PortsContext';
import { noteTextOf } from '../../fhir/noteText';
import { useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { Unavailable } from '../../ui/Unavailable';
import { ImagesPanel, type ImageChart } from '../images/ImagesPanel';
import { ageInYears } from '../images/Suitability';
import { NotesPanel } from '../notes/NotesPanel';
import { MedicationsPanel } from '../orders/MedicationsPanel';
import { OrderMedicationForm } from '../orders/OrderMedicationForm';
import { applySuggestion } from '../suggestions/applySuggestion';
import { overriddenFeedback } from '../suggestions/cardLogic';
import { SuggestionsPanel } from '../suggestions/SuggestionsPanel';
import { CLINIC_ORGANIZATION_ID, clinicFromOrganization, type ClinicIdentity } from '../print/clinicIdentity';
import { ChartView } from './ChartView';
import { PacsPanel } from '../pacs/PacsPanel';
import { linkedStudyUids } from '../pacs/imagingStudy';
import { EntryPanel } from '../entry/EntryPanel';
import { openVisit, unsignedNotesOf, visitReference } from '../visits/encounter';
import { VisitBar } from '../visits/VisitBar';
import { useSessionUser } from '../auth/session';
import { ProblemActions } from '../entry/ProblemActions';

/** `clinician`: the signed-in user's name, for printouts and letters. */
export function ChartScreen({ patientId, clinician }: { patientId: string; clinician?: string }) {
  const { t } = useI18n();
  const { records, cds, imaging, pacs } = usePorts();
  const user = useSessionUser();
  const [chart, setChart] = useState<ChartPayload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cards, setCards] = useState<Card[] | null | undefined>(cds ? null : undefined);
  const [cardError, setCardError] = useState<string | null>(null);
  const [criticalLimits, setCriticalLimits] = useState<CriticalLimit[] | undefined>(undefined);
  const [clinic, setClinic] = useState<ClinicIdentity | null>(null);

  const loadChart = useCallback(async () => {
    if (!records) return;
    const r = await records.chart({ patientId });
    if (r.ok) setChart(r.value);
    else setError(r.error.message);
  }, [records, patientId]);

  const loadCards = useCallback(async () => {
    if (!cds) return;
    const r = await cds.cardsForPatient({ patientId });
    if (r.ok) setCards(r.value.cards);
    else setCardError(r.error.message);
  }, [cds, patientId]);

  useEffect(() => {
    let live = true;
    void records?.chart({ patientId }).then((r) => live && (r.ok ? setChart(r.value) : setError(r.error.message)));
    void cds?.cardsForPatient({ patientId }).then((r) => live && (r.ok ? setCards(r.value.cards) : setCardError(r.error.message)));
    // Without the table the chart still flags results against their reference ranges.
    void cds?.criticalLimits?.().then((r) => live && r.ok && setCriticalLimits(r.value.limits));
    // The clinic's details for printouts; absent until an administrator sets them in Settings.
    void records?.getResource({ resourceType: 'Organization', id: CLINIC_ORGANIZATION_ID }).then((r) => live && r.ok && setClinic(clinicFromOrganization(r.value.resource as Organization)));
    return () => {
      live = false;
    };
  }, [records, cds, patientId]);

  useEffect(
    () =>
      onBedsideEvent((name, payload) => {
        if (name === 'cds.cardsReady' && (payload as { patientId?: string }).patientId === patientId) void loadCards();
      }),
    [patientId, loadCards],
  );

  if (!records) return <Unavailable what={t('feature.records')} />;
  if (error) return <ErrorText message={error} />;
  if (!chart) return <p role="status">{t('chart.loading')}</p>;

  const onAccept = async (card: Card, suggestion: Suggestion) => {
    const problem = await applySuggestion(cds, card, suggestion);
    if (problem === null) {
      void loadChart();
      void loadCards();
    }
    return problem;
  };
  const onDismiss = async (card: Card, code: OverrideReasonCode, comment: string) => {
    if (!cds) return t('feature.cds');
    const r = await cds.feedback(overriddenFeedback(card, code, comment, new Date()));
    return r.ok ? null : r.error.message;
  };

  // Text-span explanations point into the note that triggered the card.
  const sourceTextFor = (card: Card): string | undefined => {
    if (card.explanation.kind !== 'text-spans') return undefined;
    const ref = card.triggeredBy.find((r) => r.startsWith('DocumentReference/'));
    const note = chart.resources.find((r): r is DocumentReference => r.resourceType === 'DocumentReference' && `DocumentReference/${r.id ?? ''}` === ref);
    return note ? noteTextOf(note) : undefined;
  };

  const visit = openVisit(chart.resources);
  const encounter = visitReference(visit);
  return (
    <ChartView
      chart={chart}
      visitBar={<VisitBar patientId={patientId} visit={visit} records={records} unsignedNotes={visit ? unsignedNotesOf(visit.id, chart.resources) : 0} onChanged={() => void loadChart()} />}
      renderEntry={() => <EntryPanel patientId={patientId} birthDate={chart.patient.birthDate} allergies={chart.resources.filter((r): r is AllergyIntolerance => r.resourceType === 'AllergyIntolerance')} records={records} cds={cds} encounter={encounter} onSaved={() => void loadChart()} />}
      {...(user?.roles.includes('clinician') ? { problemActions: (problem: Condition) => <ProblemActions problem={problem} records={records} onChanged={() => void loadChart()} /> } : {})}
      renderNotes={(notes) => <NotesPanel patientId={patientId} notes={notes} records={records} onNoteSaved={() => void loadChart()} {...(encounter ? { encounter } : {})} />}
      renderImages={() => <ImagesPanel imaging={imaging} chart={imageChart(patientId, records, chart.patient.birthDate)} {...(pacs ? { pacs } : {})} />}
      renderMedications={(medications) => (
        <MedicationsPanel
          patientId={patientId}
          medications={medications}
          resources={chart.resources}
          cds={cds}
          onChanged={() => {
            void loadChart();
            void loadCards();
          }}
        />
      )}
      {...(pacs
        ? {
            renderPacs: () => (
              <PacsPanel
                pacs={pacs}
                imaging={imaging}
                chart={imageChart(patientId, records, chart.patient.birthDate)}
                identifiers={(chart.patient.identifier ?? []).map((i) => i.value ?? '').filter(Boolean)}
                linked={linkedStudyUids(chart.resources)}
                onLinked={() => void loadChart()}
              />
            ),
          }
        : {})}
      {...(criticalLimits ? { criticalLimits } : {})}
      clinic={clinic}
      {...(clinician ? { clinician } : {})}
      summaryExtra={
        <OrderMedicationForm
          patientId={patientId}
          records={records}
          cds={cds}
          onOrdered={(_order, others) => {
            if (others.length > 0) setCards((cur) => [...others, ...(cur ?? [])]);
            void loadChart();
          }}
        />
      }
      suggestions={<SuggestionsPanel cards={cards} error={cardError} sourceTextFor={sourceTextFor} onAccept={onAccept} onDismiss={onDismiss} />}
    />
  );
}

/** Where the images screen stores imports, with the patient's age for the model's age range. */
function imageChart(patientId: string, records: RecordsPort, birthDate: string | undefined): ImageChart {
  const ageYears = ageInYears(birthDate, new Date());
  return { patientId, records, ...(ageYears !== undefined ? { ageYears } : {}) };
}
