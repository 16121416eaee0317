/** Picks an override reason from the fixed list, with free text (required for "other"). */
import { useId } from 'react';
import type { OverrideReasonCode } from '../../../../electron/contract/schemas/card';
import { useI18n, type MessageKey } from '../../i18n';

interface Props {
  reasons: readonly { code: OverrideReasonCode }[];
  code: OverrideReasonCode | '';
  comment: string;
  onCode: (code: OverrideReasonCode | '') => void;
  onComment: (comment: string) => void;
  problem: 'reason' | 'comment' | null;
  showProblem: boolean;
}

export function ReasonPicker({ reasons, code, comment, onCode, onComment, problem, showProblem }: Props) {
  const { t } = useI18n();
  const id = useId();
  return (
    <fieldset className="reason-picker">
      <legend>{t('card.dismiss.reason')}</legend>
      {reasons.map((r) => (
        <label key={r.code} className="radio">
          <input type="radio" name={`${id}-reason`} value={r.code} checked={code === r.code} onChange={() => onCode(r.code)} />
          {t(`overrideReason.${r.code}` as MessageKey)}
        </label>
      ))}
      <label className="field">
        <span>{code === 'other' ? t('card.dismiss.commentRequired') : t('card.dismiss.comment')}</span>
        <textarea rows={2} value={comment} maxLength={2000} onChange={(e) => onComment(e.target.value)} aria-invalid={showProblem && problem === 'comment'} />
      </label>
      {showProblem && problem && (
        <p className="error-text" role="alert">
          {t(problem === 'reason' ? 'card.dismiss.needReason' : 'card.dismiss.needComment')}
        </p>
      )}
    </fieldset>
  );
}
