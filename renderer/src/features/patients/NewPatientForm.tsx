/** Registers a new patient (FHIR Patient via records.saveResource); errors shown next to each field. */
import type { Patient } from 'fhir/r4';
import { useState } from 'react';
import type { RecordsPort } from '../../api/ports';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { emptyPatientForm, patientFromForm, validatePatientForm, type PatientFormValues } from './patientForm';

interface Props {
  save: RecordsPort['saveResource'];
  onCreated: (patient: Patient & { id: string }) => void;
  onCancel: () => void;
}

export function NewPatientForm({ save, onCreated, onCancel }: Props) {
  const { t } = useI18n();
  const [values, setValues] = useState<PatientFormValues>(emptyPatientForm);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problems = validatePatientForm(values);
  const set = (k: keyof PatientFormValues) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));
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
        setBusy(true);
        void save({ resource: patientFromForm(values) }).then((r) => {
          setBusy(false);
          if (r.ok && r.value.resource.id) onCreated(r.value.resource as Patient & { id: string });
          else setError(r.ok ? t('patient.form.noId') : r.error.message);
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
