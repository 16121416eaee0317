/**
 * A DICOM image as the viewer shows it: the main side decodes the file and renders it as a PNG
 * through a window in the image's own units (imaging.preview), so window/level keeps the full
 * depth of the file (12–16 bits) instead of re-stretching an 8-bit picture. Dragging a slider
 * asks for new renderings; at most one request is in flight and only the latest window waits.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImagePreview } from '../../../../electron/contract/channels/imaging';
import type { ImagingPort } from '../../api/ports';
import { bytesToBase64 } from '../../fhir/noteText';

/** A window in modality units. */
export interface Window {
  center: number;
  width: number;
}

/** What the viewer needs from a rendered preview. */
export interface PreviewState {
  preview: ImagePreview | null;
  /** The window the sliders show (may be ahead of the preview while a rendering is on its way). */
  window: Window | null;
  rendering: boolean;
  error: string | null;
  setWindow: (w: Window) => void;
}

type File = { name: string; bytes: Uint8Array };

interface Shown {
  /** The file these belong to: state left from another file is ignored. */
  file: File | null;
  preview: ImagePreview | null;
  window: Window | null;
  error: string | null;
  rendering: boolean;
}

/** Renders `file` through `imaging.preview`, re-rendering when the window changes. */
export function useImagePreview(imaging: ImagingPort | undefined, file: File | null): PreviewState {
  const [shown, setShown] = useState<Shown>({ file: null, preview: null, window: null, error: null, rendering: false });
  const job = useRef<{ file: File; base64: string; inFlight: boolean; pending: Window | null } | null>(null);

  /** Renders with `first`, then with the latest window asked for meanwhile, until none waits. */
  const render = useCallback(
    async (first: Window | undefined) => {
      const j = job.current;
      const preview = imaging?.preview;
      if (!j || !preview) return;
      j.inFlight = true;
      for (let w: Window | undefined = first, initial = first === undefined; ; initial = false) {
        const r = await preview({ bytesBase64: j.base64, fileName: j.file.name, ...(w ? { window: w } : {}) });
        if (job.current !== j) return; // another file since
        setShown((s) =>
          r.ok
            ? { file: j.file, preview: r.value, error: null, rendering: true, window: initial ? r.value.window : (s.file === j.file ? s.window : r.value.window) }
            : { ...s, file: j.file, error: r.error.message },
        );
        const next = j.pending;
        j.pending = null;
        if (!next) break;
        w = next;
      }
      j.inFlight = false;
      setShown((s) => (s.file === j.file ? { ...s, rendering: false } : s));
    },
    [imaging],
  );

  useEffect(() => {
    job.current = file && imaging?.preview ? { file, base64: bytesToBase64(file.bytes), inFlight: false, pending: null } : null;
    if (job.current) void render(undefined);
  }, [file, imaging, render]);

  const setWindow = useCallback(
    (w: Window) => {
      const j = job.current;
      if (!j) return;
      setShown((s) => (s.file === j.file ? { ...s, window: w, rendering: true } : s));
      if (j.inFlight) j.pending = w;
      else void render(w);
    },
    [render],
  );

  const current = shown.file === file && file !== null;
  return {
    preview: current ? shown.preview : null,
    window: current ? shown.window : null,
    rendering: current ? shown.rendering : file !== null,
    error: current ? shown.error : null,
    setWindow,
  };
}

/** CT windows in Hounsfield units (common radiology presets: lung, soft tissue, bone). */
export const CT_PRESETS = {
  lung: { center: -600, width: 1500 },
  soft: { center: 40, width: 400 },
  bone: { center: 400, width: 1800 },
} as const satisfies Record<string, Window>;
