/**
 * Shown when someone else saved the note since this editor loaded it: both versions side by
 * side, and the physician chooses which to keep. Nothing is overwritten without that choice.
 */
import { useI18n } from '../../i18n';
import { Dialog } from '../../ui/Dialog';

interface Props {
  mine: string;
  theirs: string;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}

export function ConflictDialog({ mine, theirs, onKeepMine, onTakeTheirs }: Props) {
  const { t } = useI18n();
  return (
    <Dialog title={t('notes.conflict.title')} onCancel={onTakeTheirs} testId="conflict-dialog" describedBy="conflict-body">
      <p id="conflict-body">{t('notes.conflict.body')}</p>
      <div className="conflict-versions">
        <section aria-labelledby="conflict-mine">
          <h3 id="conflict-mine">{t('notes.conflict.mine')}</h3>
          <pre className="note-preview" data-testid="conflict-mine">{mine}</pre>
        </section>
        <section aria-labelledby="conflict-theirs">
          <h3 id="conflict-theirs">{t('notes.conflict.theirs')}</h3>
          <pre className="note-preview" data-testid="conflict-theirs">{theirs}</pre>
        </section>
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onTakeTheirs}>
          {t('notes.conflict.takeTheirs')}
        </button>
        <button type="button" className="primary" onClick={onKeepMine}>
          {t('notes.conflict.keepMine')}
        </button>
      </div>
    </Dialog>
  );
}
