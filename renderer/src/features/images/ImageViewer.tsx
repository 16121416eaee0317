/**
 * The image viewer: zoom (buttons, wheel, + and -), pan (drag, arrow keys), window/level
 * (sliders), and the model's heatmap over the image with a toggle and an opacity slider.
 * PNG and JPEG are windowed here on their 8-bit values; DICOM images are windowed by the main
 * side in the file's own units (`windowing`), with presets, and shown as rendered.
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

/** Window/level done by the main side, in the image's units (DICOM: e.g. Hounsfield). */
export interface Windowing {
  center: number;
  width: number;
  /** The stored pixel range: the level slider's bounds. */
  min: number;
  max: number;
  presets: readonly { key: string; label: string; center: number; width: number }[];
  rendering: boolean;
  onChange: (window: { center: number; width: number }) => void;
}

interface Props {
  /** The image: a URL, or pixels the panel has already windowed (DICOM modality values). */
  src: string | ImageData;
  label: string;
  heatmap?: HeatmapData;
  windowing?: Windowing;
}

const PAN_STEP = 40;

export function ImageViewer({ src, label, heatmap, windowing }: Props) {
  const { t } = useI18n();
  const [view, dispatch] = useReducer(viewerReducer, initialViewer);
  const [showHeatmap, setShowHeatmap] = useState(true);
  const [opacity, setOpacity] = useState(0.5);
  const canvas = useRef<HTMLCanvasElement>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const { size, error } = useWindowedCanvas(canvas, src, windowing ? null : { center: view.windowCenter, width: view.windowWidth });
  const box = useBoxSize(viewport);
  // The image fitted to the viewport (small images, e.g. a 28-pixel model input, scaled up); the heatmap covers exactly that box.
  const fit = size && box ? Math.min(box.w / size.w, box.h / size.h) : null;
  const frame = size && fit ? { width: Math.max(1, Math.floor(size.w * fit)), height: Math.max(1, Math.floor(size.h * fit)) } : undefined;

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
        {windowing ? (
          <WindowControls windowing={windowing} />
        ) : (
          <>
            <label className="field-inline">
              <span>{t('viewer.level')}</span>
              <input type="range" min={0} max={255} value={view.windowCenter} onChange={(e) => dispatch({ type: 'window', center: Number(e.target.value), width: view.windowWidth })} />
            </label>
            <label className="field-inline">
              <span>{t('viewer.window')}</span>
              <input type="range" min={1} max={512} value={view.windowWidth} onChange={(e) => dispatch({ type: 'window', center: view.windowCenter, width: Number(e.target.value) })} />
            </label>
          </>
        )}
        {heatmap && (
          <>
            <label className="field-inline">
              <input type="checkbox" checked={showHeatmap} onChange={(e) => setShowHeatmap(e.target.checked)} data-testid="heatmap-toggle" aria-controls="heatmap-overlay" />
              <span>{t('viewer.heatmap')}</span>
            </label>
            <label className="field-inline">
              <span>{t('viewer.opacity')}</span>
              <input
                type="range"
                min={0}
                max={100}
                step={5}
                value={Math.round(opacity * 100)}
                aria-valuetext={`${Math.round(opacity * 100)}%`}
                disabled={!showHeatmap}
                onChange={(e) => setOpacity(Number(e.target.value) / 100)}
                data-testid="heatmap-opacity"
              />
              <span className="small" data-testid="heatmap-opacity-value">
                {Math.round(opacity * 100)}%
              </span>
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
            <div className="viewer-frame" style={frame} data-testid="viewer-frame">
              <canvas ref={canvas} width={size?.w ?? 1} height={size?.h ?? 1} role="img" aria-label={label} />
              {heatmap && size && <HeatmapOverlay id="heatmap-overlay" width={heatmap.width} height={heatmap.height} values={heatmap.values} opacity={opacity} visible={showHeatmap} />}
            </div>
          </div>
        )}
      </div>
      <p id="viewer-keys" className="muted small">
        {t('viewer.keys')}
      </p>
    </div>
  );
}

/** The content size of an element, kept up to date as it resizes. */
function useBoxSize(ref: React.RefObject<HTMLElement | null>): { w: number; h: number } | null {
  const [box, setBox] = useState<{ w: number; h: number } | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setBox((cur) => (cur && cur.w === el.clientWidth && cur.h === el.clientHeight ? cur : { w: el.clientWidth, h: el.clientHeight }));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return box;
}

/** Level and window sliders in the image's own units, a readout, and presets. */
function WindowControls({ windowing }: { windowing: Windowing }) {
  const { t } = useI18n();
  const span = Math.max(1, windowing.max - windowing.min);
  // Integer steps for wide ranges (CT), finer ones for narrow (e.g. rescaled 0..1 data).
  const step = span > 100 ? 1 : span / 100;
  const round = (v: number) => (step >= 1 ? Math.round(v) : Number(v.toPrecision(4)));
  const level = Math.min(windowing.max, Math.max(windowing.min, windowing.center));
  const width = Math.min(span * 2, Math.max(step, windowing.width));
  return (
    <>
      <label className="field-inline">
        <span>{t('viewer.level')}</span>
        <input
          type="range"
          min={windowing.min}
          max={windowing.max}
          step={step}
          value={level}
          data-testid="window-level"
          onChange={(e) => windowing.onChange({ center: Number(e.target.value), width: windowing.width })}
        />
      </label>
      <label className="field-inline">
        <span>{t('viewer.window')}</span>
        <input
          type="range"
          min={step}
          max={span * 2}
          step={step}
          value={width}
          data-testid="window-width"
          onChange={(e) => windowing.onChange({ center: windowing.center, width: Number(e.target.value) })}
        />
      </label>
      <span className="small" data-testid="window-readout">
        {t('viewer.windowReadout', { width: round(windowing.width), center: round(windowing.center) })}
        {windowing.rendering ? ` · ${t('viewer.rendering')}` : ''}
      </span>
      <span role="group" aria-label={t('viewer.presets')} className="field-inline">
        {windowing.presets.map((p) => (
          <button
            key={p.key}
            type="button"
            data-testid={`window-preset-${p.key}`}
            aria-pressed={p.center === windowing.center && p.width === windowing.width}
            onClick={() => windowing.onChange({ center: p.center, width: p.width })}
          >
            {p.label}
          </button>
        ))}
      </span>
    </>
  );
}
