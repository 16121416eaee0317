/** Frame selection for multi-frame images: a slider, the frame number, and cine (play/pause). */
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';

/** Frames per second of cine playback; a frame not yet fetched holds playback until it arrives. */
const CINE_FPS = 10;

interface Props {
  frameCount: number;
  /** 0-based. */
  frameIndex: number;
  loading: boolean;
  onSelect: (index: number) => void;
}

/** The frame slider, "Frame n of N" and play/pause for a multi-frame image. */
export function FrameControls({ frameCount, frameIndex, loading, onSelect }: Props) {
  const { t } = useI18n();
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    if (!playing || loading) return;
    const timer = setTimeout(() => onSelect((frameIndex + 1) % frameCount), 1000 / CINE_FPS);
    return () => clearTimeout(timer);
  }, [playing, loading, frameIndex, frameCount, onSelect]);

  return (
    <div className="frame-controls" role="group" aria-label={t('viewer.frameSlider')}>
      <button type="button" onClick={() => setPlaying((p) => !p)} aria-pressed={playing} data-testid="frame-play">
        {playing ? t('viewer.pause') : t('viewer.play')}
      </button>
      <label className="field-inline">
        <span>{t('viewer.frameSlider')}</span>
        <input
          type="range"
          min={1}
          max={frameCount}
          value={frameIndex + 1}
          onChange={(e) => onSelect(Number(e.target.value) - 1)}
          data-testid="frame-slider"
        />
      </label>
      <span data-testid="frame-readout" aria-live="polite">
        {t('viewer.frame', { n: frameIndex + 1, count: frameCount })}
      </span>
    </div>
  );
}
