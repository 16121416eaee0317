/**
 * The "Record" tab: the entry forms (vital signs, lab results, allergies, problems for
 * clinicians, immunizations), each writing through
 * records.saveResource with the signed-in user as performer or recorder and the open visit as
 * encounter. Saved values reach the CDS rules like imported ones (the record store's save
 * trigger), and new cards arrive on the chart's suggestions panel.
 */
import type { AllergyIntolerance, Reference } from 'fhir/r4';
import type { CdsPort, RecordsPort } from '../../api/ports';
import { useI18n } from '../../i18n';
import { userReference, useSessionUser } from '../auth/session';
import { AllergyForm } from './AllergyForm';
import { ImmunizationForm } from './ImmunizationForm';
import { LabForm } from './LabForm';
import { ProblemForm } from './ProblemForm';
import { RecordedAllergies } from './RecordedAllergies';
import { VitalsForm } from './VitalsForm';

interface Props {
  patientId: string;
  birthDate: string | undefined;
  allergies: readonly AllergyIntolerance[];
  records: RecordsPort;
  cds: CdsPort | undefined;
  encounter: Reference | undefined;
  onSaved: () => void;
}

export function EntryPanel({ patientId, birthDate, allergies, records, cds, encounter, onSaved }: Props) {
  const { t } = useI18n();
  const user = useSessionUser();
  const me = user ? userReference(user) : undefined;
  return (
    <div className="entry-panel" data-testid="entry-panel">
      {!encounter && <p className="notice">{t('entry.noVisit')}</p>}
      <VitalsForm patientId={patientId} records={records} performer={me} encounter={encounter} onSaved={onSaved} />
      <LabForm patientId={patientId} records={records} performer={me} encounter={encounter} onSaved={onSaved} />
      <div className="entry-column">
        <AllergyForm patientId={patientId} records={records} cds={cds} recorder={me} encounter={encounter} canJudge={!!user?.roles.includes('clinician')} onSaved={onSaved} />
        <RecordedAllergies allergies={allergies} records={records} canJudge={!!user?.roles.includes('clinician')} onChanged={onSaved} />
      </div>
      {/* Diagnosing is a clinician's decision (the write table refuses problems from other roles). */}
      {user?.roles.includes('clinician') && <ProblemForm patientId={patientId} birthDate={birthDate} records={records} recorder={me} encounter={encounter} onSaved={onSaved} />}
      <ImmunizationForm patientId={patientId} birthDate={birthDate} records={records} performer={me} encounter={encounter} onSaved={onSaved} />
    </div>
  );
}
