/**
 * A note's entities as the text model found them: status, highlights with their types, and the
 * model that read it. Highlights are drawn on the text that was read; when the note has changed
 * since, that is said (and reading it again is one click).
 */
import { useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { EntityHighlighter } from './EntityHighlighter';
import type { EntityModel, Found, NoteEntities } from './useNoteEntities';

interface Props {
  noteText: string;
  model: EntityModel;
  reading: NoteEntities | undefined;
  onAnalyse: () => void;
}

export function NoteEntitiesSection({ noteText, model, reading, onAnalyse }: Props) {
  const { t } = useI18n();
  if (model === undefined) return null;
  if (model === null)
    return (
      <p className="muted small" data-testid="entities-no-model">
        {t('notes.entities.noModel')}
      </p>
    );
  const shown: Found | undefined = reading?.status === 'done' ? reading : reading?.status === 'running' ? reading.previous : undefined;
  const busy = reading?.status === 'running';
  return (
    <section aria-labelledby="entities-title" className="note-entities" data-testid="note-entities" aria-busy={busy}>
      <h3 id="entities-title">{shown ? t('notes.entities', { count: shown.spans.length }) : t('notes.entities.analyse')}</h3>
      <div className="note-status">
        <span role="status" data-testid="entities-status">
          {busy ? t('notes.entities.analysing') : shown && shown.text !== noteText ? t('notes.entities.stale') : shown && shown.spans.length === 0 ? t('notes.entities.none') : ''}
        </span>
        <button type="button" onClick={onAnalyse} disabled={busy || !noteText.trim()} data-testid="entities-analyse">
          {reading ? t('notes.entities.reanalyse') : t('notes.entities.analyse')}
        </button>
      </div>
      {reading?.status === 'error' && <ErrorText message={reading.message} />}
      {shown && shown.spans.length > 0 && (
        <>
          <EntityHighlighter text={shown.text} spans={shown.spans} />
          <details className="entity-legend small" data-testid="entities-legend">
            <summary>{t('notes.entities.legend')}</summary>
            <ul>
              <li><span className="entity-sample">{t('notes.entities.legend.present')}</span></li>
              <li><span className="entity-sample entity-ctx-negated">{t('notes.entities.legend.negated')}</span></li>
              <li><span className="entity-sample entity-ctx-family">{t('notes.entities.legend.family')}</span></li>
              <li><span className="entity-sample entity-ctx-hypothetical">{t('notes.entities.legend.hypothetical')}</span></li>
            </ul>
            <p>{t('notes.entities.legend.rule')}</p>
          </details>
          <p className="muted small" data-testid="entities-source">
            {t('notes.entities.source', { model: shown.model.name, version: shown.model.version })}
          </p>
        </>
      )}
    </section>
  );
}
