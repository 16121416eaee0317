/** The head of every printout: the clinic's name, address and telephone, when an administrator has set them. */
import { useI18n } from '../../i18n';
import type { ClinicIdentity } from './clinicIdentity';

export function Letterhead({ clinic }: { clinic: ClinicIdentity | null | undefined }) {
  const { t } = useI18n();
  if (!clinic) return <p className="print-letterhead muted" data-testid="print-letterhead">{t('print.clinicNotSet')}</p>;
  return (
    <header className="print-letterhead" data-testid="print-letterhead">
      <strong>{clinic.name}</strong>
      {clinic.address && <div>{clinic.address}</div>}
      {clinic.phone && <div>{t('print.clinicPhone', { phone: clinic.phone })}</div>}
    </header>
  );
}
