/** Dismisses a card with a reason from the fixed list and optional words. */
import { useState } from 'react';
import type { OverrideReasonCode } from '../../../../electron/contract/schemas/card';
import { useI18n } from '../../i18n';
import { dismissalProblem } from './cardLogic';
import { ReasonPicker } from './ReasonPicker';

interface Props {
  reasons: readonly { code: OverrideReasonCode }[];
  busy: boolean;
  onDismiss: (code: OverrideReasonCode, comment: string) => void;
  onBack: () => void;
}

export function DismissForm({ reasons, busy, onDismiss, onBack }: Props) {
  const { t } = useI18n();
  const [code, setCode] = useState<OverrideReasonCode | ''>('');
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const problem = dismissalProblem(code, comment);
  return (
    <form
      className="dismiss-form"
      data-testid="dismiss-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (problem === null && code !== '') onDismiss(code, comment);
      }}
    >
      <ReasonPicker reasons={reasons} code={code} comment={comment} onCode={setCode} onComment={setComment} problem={problem} showProblem={tried} />
      <div className="card-actions">
        <button type="button" onClick={onBack} disabled={busy}>
          {t('common.back')}
        </button>
        <button type="submit" className="primary" disabled={busy} data-testid="dismiss-confirm">
          {busy ? t('common.working') : t('card.dismiss.confirm')}
        </button>
      </div>
    </form>
  );
}
