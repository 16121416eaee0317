/**
 * Registers a new patient (FHIR Patient via records.saveResource); errors shown next to each
 * field. Before saving, it looks for the same MRN or the same birth date with a near-identical
 * name (issue #19): a shared MRN must be corrected; a near-duplicate is saved only once the
 * user says it is someone else.
 */
import type { Patient } from 'fhir/r4';
import { useState } from 'react';
import type { PatientSummary, RecordsPort } from '../../api/ports';
import { formatDate, patientMrn, patientName } from '../../fhir/display';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { possibleDuplicates, type PossibleDuplicate } from './duplicatePatients';
import { emptyPatientForm, patientFromForm, validatePatientForm, type PatientFormValues } from './patientForm';

interface Props {
  save: RecordsPort['saveResource'];
  /** The patient search, to find possible duplicates before saving (without it, none are looked for). */
  search?: RecordsPort['searchPatients'];
  onCreated: (patient: Patient & { id: string }) => void;
  /** Opens an existing patient's chart (a duplicate the user recognises). */
  onOpenExisting?: (patient: PatientSummary) => void;
  onCancel: () => void;
}

/** Patients that may be the same person as the form's: by MRN, and by birth date with a near-identical name. */
async function findDuplicates(search: RecordsPort['searchPatients'], v: PatientFormValues): Promise<PossibleDuplicate[]> {
  const queries = [v.mrn.trim(), v.birthDate].filter(Boolean);
  const found: PatientSummary[] = [];
  for (const query of queries) {
    const r = await search({ query, limit: 100 });
    if (r.ok) found.push(...r.value.patients);
  }
  return possibleDuplicates(v, found);
}

export function NewPatientForm({ save, search, onCreated, onOpenExisting, onCancel }: Props) {
  const { t, language } = useI18n();
  const [values, setValues] = useState<PatientFormValues>(emptyPatientForm);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<PossibleDuplicate[] | null>(null);
  const problems = validatePatientForm(values);
  const set = (k: keyof PatientFormValues) => (e: { target: { value: string } }) => {
    setDuplicates(null);
    setValues((v) => ({ ...v, [k]: e.target.value }));
  };
  const create = () => {
    setBusy(true);
    void save({ resource: patientFromForm(values) }).then((r) => {
      setBusy(false);
      if (r.ok && r.value.resource.id) onCreated(r.value.resource as Patient & { id: string });
      else setError(r.ok ? t('patient.form.noId') : r.error.message);
    });
  };
  const mrnTaken = duplicates?.some((d) => d.reason === 'mrn') ?? false;
  const field = (k: keyof PatientFormValues, label: string, input: React.ReactNode) => {
    const problem = tried ? problems[k] : undefined;
    return (
      <div className="field">
        <label htmlFor={`np-${k}`}>{label}</label>
        {input}
        {problem && (
          <span id={`np-${k}-err`} className="field-error">
            {t(`patient.form.problem.${problem}` as MessageKey)}
          </span>
        )}
      </div>
    );
  };
  const a11y = (k: keyof PatientFormValues) => ({ id: `np-${k}`, 'aria-invalid': tried && !!problems[k], 'aria-describedby': tried && problems[k] ? `np-${k}-err` : undefined });
  return (
    <form
      className="panel new-patient"
      aria-labelledby="np-title"
      data-testid="new-patient-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (Object.keys(problems).length > 0) return;
        if (!search) return create();
        setBusy(true);
        void findDuplicates(search, values).then((found) => {
          setBusy(false);
          if (found.length === 0) create();
          else setDuplicates(found);
        });
      }}
    >
      <h2 id="np-title">{t('patient.form.title')}</h2>
      <div className="form-grid">
        {field('family', t('patient.form.family'), <input {...a11y('family')} value={values.family} onChange={set('family')} autoComplete="off" required />)}
        {field('given', t('patient.form.given'), <input {...a11y('given')} value={values.given} onChange={set('given')} autoComplete="off" required />)}
        {field('birthDate', t('patient.form.birthDate'), <input {...a11y('birthDate')} type="date" value={values.birthDate} onChange={set('birthDate')} required />)}
        {field(
          'gender',
          t('patient.sex'),
          <select {...a11y('gender')} value={values.gender} onChange={set('gender')} required>
            <option value="">{t('patient.form.choose')}</option>
            <option value="female">{t('gender.female')}</option>
            <option value="male">{t('gender.male')}</option>
            <option value="other">{t('gender.other')}</option>
            <option value="unknown">{t('gender.unknown')}</option>
          </select>,
        )}
        {field('mrn', t('patient.mrn'), <input {...a11y('mrn')} value={values.mrn} onChange={set('mrn')} autoComplete="off" />)}
        {field('phone', t('patient.form.phone'), <input {...a11y('phone')} type="tel" value={values.phone} onChange={set('phone')} autoComplete="off" />)}
      </div>
      {tried && Object.keys(problems).length > 0 && (
        <p className="error-text" role="alert">
          {t('patient.form.fix', { count: Object.keys(problems).length })}
        </p>
      )}
      <ErrorText message={error} />
      {duplicates && duplicates.length > 0 && (
        <div className="notice duplicate-warning" role="alert" data-testid="duplicate-warning">
          <p>
            <strong>{t('patients.duplicate.title')}</strong>
          </p>
          <ul className="plain-list">
            {duplicates.map((d) => {
              const params = { name: patientName(d.patient), born: formatDate(d.patient.birthDate, language), mrn: patientMrn(d.patient) || '—' };
              return (
                <li key={d.patient.id} data-reason={d.reason}>
                  {t(d.reason === 'mrn' ? 'patients.duplicate.mrn' : 'patients.duplicate.nameBirth', params)}{' '}
                  {onOpenExisting && (
                    <button type="button" className="link-button" onClick={() => onOpenExisting(d.patient)}>
                      {t('patients.duplicate.open', { name: params.name })}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
          <p>{t(mrnTaken ? 'patients.duplicate.mrnBlocked' : 'patients.duplicate.advice')}</p>
          {!mrnTaken && (
            <button type="button" onClick={create} disabled={busy} data-testid="create-anyway">
              {t('patients.duplicate.createAnyway')}
            </button>
          )}
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('common.working') : t('patient.form.save')}
        </button>
      </div>
    </form>
  );
}
