/**
 * The image viewer: zoom (buttons, wheel, + and -), pan (drag, arrow keys), window/level
 * (sliders), and the model's heatmap over the image with a toggle and an opacity slider.
 */
import { useEffect, useReducer, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { HeatmapOverlay } from './HeatmapOverlay';
import { initialViewer, viewerReducer } from './viewerState';
import { useWindowedCanvas } from './useWindowedCanvas';

/** A heatmap grid to lay over the whole image. */
export interface HeatmapData {
  width: number;
  height: number;
  values: readonly number[];
}

interface Props {
  src: string;
  label: string;
  heatmap?: HeatmapData;
}

const PAN_STEP = 40;

export function ImageViewer({ src, label, heatmap }: Props) {
  const { t } = useI18n();
  const [view, dispatch] = useReducer(viewerReducer, initialViewer);
  const [showHeatmap, setShowHeatmap] = useState(true);
  const [opacity, setOpacity] = useState(0.5);
  const canvas = useRef<HTMLCanvasElement>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const { size, error } = useWindowedCanvas(canvas, src, view.windowCenter, view.windowWidth);

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      dispatch({ type: 'zoom', factor: e.deltaY < 0 ? 1.15 : 1 / 1.15 });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const onKey = (e: React.KeyboardEvent) => {
    const actions: Record<string, () => void> = {
      ArrowLeft: () => dispatch({ type: 'pan', dx: PAN_STEP, dy: 0 }),
      ArrowRight: () => dispatch({ type: 'pan', dx: -PAN_STEP, dy: 0 }),
      ArrowUp: () => dispatch({ type: 'pan', dx: 0, dy: PAN_STEP }),
      ArrowDown: () => dispatch({ type: 'pan', dx: 0, dy: -PAN_STEP }),
      '+': () => dispatch({ type: 'zoom', factor: 1.25 }),
      '=': () => dispatch({ type: 'zoom', factor: 1.25 }),
      '-': () => dispatch({ type: 'zoom', factor: 0.8 }),
      '0': () => dispatch({ type: 'reset' }),
    };
    const act = actions[e.key];
    if (act) {
      e.preventDefault();
      act();
    }
  };

  return (
    <div className="image-viewer" data-testid="image-viewer">
      <div className="viewer-toolbar" role="toolbar" aria-label={t('viewer.toolbar')}>
        <button type="button" onClick={() => dispatch({ type: 'zoom', factor: 1.25 })} aria-label={t('viewer.zoomIn')}>
          +
        </button>
        <button type="button" onClick={() => dispatch({ type: 'zoom', factor: 0.8 })} aria-label={t('viewer.zoomOut')}>
          −
        </button>
        <button type="button" onClick={() => dispatch({ type: 'reset' })}>
          {t('viewer.reset')}
        </button>
        <span data-testid="viewer-zoom">{t('viewer.zoom', { pct: Math.round(view.zoom * 100) })}</span>
        <label className="field-inline">
          <span>{t('viewer.level')}</span>
          <input type="range" min={0} max={255} value={view.windowCenter} onChange={(e) => dispatch({ type: 'window', center: Number(e.target.value), width: view.windowWidth })} />
        </label>
        <label className="field-inline">
          <span>{t('viewer.window')}</span>
          <input type="range" min={1} max={512} value={view.windowWidth} onChange={(e) => dispatch({ type: 'window', center: view.windowCenter, width: Number(e.target.value) })} />
        </label>
        {heatmap && (
          <>
            <label className="field-inline">
              <input type="checkbox" checked={showHeatmap} onChange={(e) => setShowHeatmap(e.target.checked)} data-testid="heatmap-toggle" />
              <span>{t('viewer.heatmap')}</span>
            </label>
            <label className="field-inline">
              <span>{t('viewer.opacity')}</span>
              <input type="range" min={0} max={100} value={Math.round(opacity * 100)} disabled={!showHeatmap} onChange={(e) => setOpacity(Number(e.target.value) / 100)} />
            </label>
          </>
        )}
      </div>
      <div
        ref={viewport}
        className="viewer-viewport"
        tabIndex={0}
        role="group"
        aria-label={t('viewer.viewport', { label })}
        aria-describedby="viewer-keys"
        onKeyDown={onKey}
        onPointerDown={(e) => {
          drag.current = { x: e.clientX, y: e.clientY };
          e.currentTarget.setPointerCapture?.(e.pointerId);
        }}
        onPointerMove={(e) => {
          if (!drag.current) return;
          dispatch({ type: 'pan', dx: e.clientX - drag.current.x, dy: e.clientY - drag.current.y });
          drag.current = { x: e.clientX, y: e.clientY };
        }}
        onPointerUp={() => (drag.current = null)}
      >
        {error ? (
          <p className="error-text">{t('viewer.cannotShow')}</p>
        ) : (
          <div className="viewer-stage" style={{ transform: `translate(${view.panX}px, ${view.panY}px) scale(${view.zoom})` }}>
            <canvas ref={canvas} width={size?.w ?? 1} height={size?.h ?? 1} role="img" aria-label={label} />
            {heatmap && size && <HeatmapOverlay width={heatmap.width} height={heatmap.height} values={heatmap.values} opacity={opacity} visible={showHeatmap} />}
          </div>
        )}
      </div>
      <p id="viewer-keys" className="muted small">
        {t('viewer.keys')}
      </p>
    </div>
  );
}
