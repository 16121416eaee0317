/** Installed model packs: active version, other versions to switch to, roll back, and each model card. */
import { useState } from 'react';
import type { ModelPack, ModelsPort } from '../../api/ports';
import { useI18n } from '../../i18n';
import { formatDate } from '../../fhir/display';
import { ErrorText } from '../../ui/ErrorText';

interface Props {
  packs: readonly ModelPack[];
  models: ModelsPort;
  onChanged: () => void;
}

export function ModelPacks({ packs, models, onChanged }: Props) {
  const { t, language } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const act = async (work: Promise<{ ok: boolean; error?: { message: string } }>) => {
    const r = await work;
    setError(r.ok ? null : (r.error?.message ?? null));
    if (r.ok) onChanged();
  };
  if (packs.length === 0) return <p className="muted">{t('models.none')}</p>;
  return (
    <div className="model-packs" data-testid="model-packs">
      <ErrorText message={error} />
      {packs.map((p) => {
        const active = p.versions.find((v) => v.version === p.active);
        return (
          <section key={p.id} className="panel" aria-labelledby={`pack-${p.id}`}>
            <h3 id={`pack-${p.id}`}>
              {active?.name ?? p.id} <span className="muted">({p.id})</span>
            </h3>
            <p>{p.active ? t('models.active', { version: p.active }) : t('models.inactive')}</p>
            <ul className="plain-list">
              {p.versions.map((v) => (
                <li key={v.version}>
                  <span>
                    {t('models.version', { version: v.version, task: v.task, date: formatDate(v.installedAt, language) })}
                  </span>
                  {v.version !== p.active && (
                    <button type="button" onClick={() => void act(models.activate({ id: p.id, version: v.version }))}>
                      {t('models.activate')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            {p.versions.length > 1 && (
              <button type="button" onClick={() => void act(models.rollback({ id: p.id }))}>
                {t('models.rollback')}
              </button>
            )}
            {active && (
              <details>
                <summary>{t('models.card')}</summary>
                <dl className="model-card">
                  <dt>{t('models.card.intendedUse')}</dt>
                  <dd>{active.modelCard.intendedUse}</dd>
                  <dt>{t('models.card.trainingData')}</dt>
                  <dd>{active.modelCard.trainingData}</dd>
                  <dt>{t('models.card.metrics')}</dt>
                  <dd>{active.modelCard.metrics.map((m) => `${m.name} ${m.value.toFixed(3)} (${m.split})`).join('; ')}</dd>
                  <dt>{t('models.card.limits')}</dt>
                  <dd>{active.modelCard.limits}</dd>
                  <dt>{t('models.card.license')}</dt>
                  <dd>{active.modelCard.license}</dd>
                </dl>
              </details>
            )}
          </section>
        );
      })}
    </div>
  );
}
