/** A rule's reasoning, step by step, with its citation. */
import type { TraceStep } from '../../../../electron/contract/schemas/card';
import { localiseDatesIn } from '../../fhir/display';
import { useI18n } from '../../i18n';

export function RuleTrace({ steps, citation }: { steps: readonly TraceStep[]; citation: string }) {
  const { t, language } = useI18n();
  return (
    <div className="rule-trace">
      <dl>
        {steps.map((s, i) => (
          <div key={i}>
            <dt>{s.label}</dt>
            <dd>{localiseDatesIn(s.value, language)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">{t('card.citation', { citation })}</p>
    </div>
  );
}
