/** Before accepting: what will change in the record, in plain words, then confirm or go back. */
import type { Suggestion } from '../../../../electron/contract/schemas/card';
import { useI18n, type MessageKey } from '../../i18n';
import { actionsInWords } from './actionsInWords';

const KNOWN_TYPES = ['Condition', 'MedicationRequest', 'AllergyIntolerance', 'Observation', 'ServiceRequest', 'Immunization', 'DocumentReference'];

interface Props {
  suggestion: Suggestion;
  busy: boolean;
  onConfirm: () => void;
  onBack: () => void;
}

export function AcceptPreview({ suggestion, busy, onConfirm, onBack }: Props) {
  const { t } = useI18n();
  const changes = actionsInWords(suggestion.actions);
  return (
    <div className="accept-preview" data-testid="accept-preview">
      <p>
        <strong>{t('card.accept.willChange')}</strong>
      </p>
      {changes.length === 0 ? (
        <p>{t('card.accept.noChange')}</p>
      ) : (
        <ul>
          {changes.map((c, i) => (
            <li key={i}>
              {t(`card.accept.verb.${c.verb}` as MessageKey, {
                type: KNOWN_TYPES.includes(c.resourceType) ? t(`resource.${c.resourceType}` as MessageKey) : c.resourceType || t('resource.record'),
              })}
              {': '}
              {c.description}
            </li>
          ))}
        </ul>
      )}
      <div className="card-actions">
        <button type="button" onClick={onBack} disabled={busy}>
          {t('common.back')}
        </button>
        <button type="button" className="primary" onClick={onConfirm} disabled={busy} data-testid="accept-confirm">
          {busy ? t('common.working') : t('card.accept.confirm')}
        </button>
      </div>
    </div>
  );
}
