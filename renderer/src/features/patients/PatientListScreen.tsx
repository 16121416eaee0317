/** The start screen: find a patient, reopen a recent one, or register a new one. */
import { useState } from 'react';
import type { PatientSummary } from '../../api/ports';
import { usePorts } from '../../api/PortsContext';
import { useI18n } from '../../i18n';
import { Unavailable } from '../../ui/Unavailable';
import { NewPatientForm } from './NewPatientForm';
import { PatientSearch } from './PatientSearch';
import { RecentPatients } from './RecentPatients';
import { DayList } from '../visits/DayList';
import type { RecentPatient } from './recentPatients';

interface Props {
  recent: readonly RecentPatient[];
  onOpen: (patient: PatientSummary) => void;
  onOpenId: (id: string) => void;
}

export function PatientListScreen({ recent, onOpen, onOpenId }: Props) {
  const { t } = useI18n();
  const { records } = usePorts();
  const [creating, setCreating] = useState(false);
  return (
    <section aria-labelledby="patients-title" className="screen patients-screen">
      <div className="screen-head">
        <h1 id="patients-title">{t('patients.title')}</h1>
        <button type="button" className="primary" onClick={() => setCreating(true)} disabled={!records || creating} data-testid="new-patient">
          {t('patients.new')}
        </button>
      </div>
      <p className="muted">{t('home.intro')}</p>
      {!records ? (
        <Unavailable what={t('feature.records')} />
      ) : creating ? (
        <NewPatientForm save={records.saveResource} search={records.searchPatients} onOpenExisting={(p) => { setCreating(false); onOpen(p); }} onCancel={() => setCreating(false)} onCreated={(p) => { setCreating(false); onOpen(p); }} />
      ) : (
        <div className="patients-layout">
          <PatientSearch search={records.searchPatients} onOpen={onOpen} />
          <RecentPatients recent={recent} onOpen={onOpenId} />
          <DayList records={records} onOpenId={onOpenId} />
        </div>
      )}
    </section>
  );
}
