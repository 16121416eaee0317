/**
 * Interrupts an action that a critical card is about (e.g. ordering an interacting drug): the
 * card, then "cancel" (the safe default, focused first) or "proceed" with a reason.
 */
import { useState } from 'react';
import type { Card, OverrideReasonCode } from '../../../../electron/contract/schemas/card';
import { useI18n } from '../../i18n';
import { localiseDatesIn } from '../../fhir/display';
import { Dialog } from '../../ui/Dialog';
import { Markdown } from '../../ui/Markdown';
import { CardExplanation } from './CardExplanation';
import { dismissalProblem, reasonsFor } from './cardLogic';
import { ProvenanceLine } from './ProvenanceLine';
import { ReasonPicker } from './ReasonPicker';

interface Props {
  cards: readonly Card[];
  actionLabel: string;
  onCancel: () => void;
  onProceed: (code: OverrideReasonCode, comment: string) => void;
}

export function CriticalCardDialog({ cards, actionLabel, onCancel, onProceed }: Props) {
  const { t, language } = useI18n();
  const [code, setCode] = useState<OverrideReasonCode | ''>('');
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const problem = dismissalProblem(code, comment);
  const first = cards[0];
  return (
    <Dialog title={t('critical.title', { action: actionLabel })} onCancel={onCancel} tone="critical" testId="critical-dialog" describedBy="critical-summary">
      <div id="critical-summary">
        {cards.map((c) => (
          <div key={c.uuid} className="critical-card">
            <p className="critical-summary">
              <strong>{localiseDatesIn(c.summary, language)}</strong>
            </p>
            {/* Card detail is Markdown (CDS Hooks), rendered as in the suggestions panel. */}
            {c.detail && <Markdown className="card-detail" source={localiseDatesIn(c.detail, language)} />}
            <CardExplanation explanation={c.explanation} />
            <p className="card-source">{t('card.source', { source: c.source.label })}</p>
            <ProvenanceLine provenance={c.provenance} />
          </div>
        ))}
      </div>
      <div className="dialog-actions">
        {/* autoFocus: the safe choice is where the keyboard lands. */}
        <button type="button" className="primary" onClick={onCancel} autoFocus data-testid="critical-cancel">
          {t('critical.cancel')}
        </button>
      </div>
      {first && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setTried(true);
            if (problem === null && code !== '') onProceed(code, comment);
          }}
        >
          <ReasonPicker reasons={reasonsFor(first)} code={code} comment={comment} onCode={setCode} onComment={setComment} problem={problem} showProblem={tried} />
          <button type="submit" className="danger" data-testid="critical-proceed">
            {t('critical.proceed')}
          </button>
        </form>
      )}
    </Dialog>
  );
}
