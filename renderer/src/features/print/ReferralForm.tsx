/** Who the referral is to, and why; then print the letter. */
import { useState } from 'react';
import { useI18n } from '../../i18n';

export function ReferralForm({ onPrint }: { onPrint: (to: string, reason: string) => void }) {
  const { t } = useI18n();
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  return (
    <form
      className="panel referral-form"
      aria-labelledby="referral-title"
      onSubmit={(e) => {
        e.preventDefault();
        onPrint(to.trim(), reason.trim());
      }}
    >
      <h2 id="referral-title">{t('print.referral')}</h2>
      <label className="field">
        <span>{t('print.referralToLabel')}</span>
        <input value={to} onChange={(e) => setTo(e.target.value)} required />
      </label>
      <label className="field">
        <span>{t('print.referralReasonLabel')}</span>
        <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} required />
      </label>
      <button type="submit">{t('print.printReferral')}</button>
    </form>
  );
}
