/** The clinic's name, address and telephone that printouts and referral letters carry (an Organization record in the record store; saving it needs the clinician role, as every record write does for types the write table does not name). */
import type { Organization } from 'fhir/r4';
import { useEffect, useState } from 'react';
import type { RecordsPort } from '../../api/ports';
import { useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { CLINIC_ORGANIZATION_ID, clinicFromOrganization, organizationFromClinic } from '../print/clinicIdentity';

export function ClinicDetails({ records }: { records: Pick<RecordsPort, 'getResource' | 'saveResource'> }) {
  const { t } = useI18n();
  const [values, setValues] = useState({ name: '', address: '', phone: '' });
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void records.getResource({ resourceType: 'Organization', id: CLINIC_ORGANIZATION_ID }).then((r) => {
      const c = r.ok ? clinicFromOrganization(r.value.resource as Organization) : null;
      if (live && c) setValues({ name: c.name, address: c.address ?? '', phone: c.phone ?? '' });
    });
    return () => {
      live = false;
    };
  }, [records]);
  const set = (k: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));
  return (
    <form
      data-testid="clinic-details"
      onSubmit={(e) => {
        e.preventDefault();
        setMessage(null);
        if (!values.name.trim()) return setError(t('clinic.nameRequired'));
        void records.saveResource({ resource: organizationFromClinic(values) }).then((r) => {
          setError(r.ok ? null : r.error.message);
          setMessage(r.ok ? t('clinic.saved') : null);
        });
      }}
    >
      {(['name', 'address', 'phone'] as const).map((k) => (
        <div className="field" key={k}>
          <label htmlFor={`clinic-${k}`}>{t(`clinic.${k}`)}</label>
          <input id={`clinic-${k}`} value={values[k]} onChange={set(k)} autoComplete="off" {...(k === 'phone' ? { type: 'tel' } : {})} />
        </div>
      ))}
      <ErrorText message={error} />
      {message && <p role="status">{message}</p>}
      <button type="submit">{t('clinic.save')}</button>
    </form>
  );
}
