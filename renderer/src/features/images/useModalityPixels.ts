/**
 * A DICOM image as the viewer shows it when the main side offers imaging.pixels: each frame's
 * modality values are fetched once (compressed) and kept, and window/level is applied here, so
 * dragging a slider or replaying frames (cine) does not send the file again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImagePixels } from '../../../../electron/contract/channels/imaging';
import type { ImagingPort } from '../../api/ports';
import { bytesToBase64 } from '../../fhir/noteText';
import { type FrameValues, inflateValues } from './modalityWindow';
import type { Window } from './useImagePreview';

type File = { name: string; bytes: Uint8Array };
/** What imaging.pixels said about a frame, without the packed values. */
export type PixelsInfo = Omit<ImagePixels, 'valuesBase64'>;

/** The state the images panel draws from. */
export interface ModalityPixelsState {
  info: PixelsInfo | null;
  frame: FrameValues | null;
  window: Window | null;
  setWindow: (w: Window) => void;
  frameIndex: number;
  setFrameIndex: (i: number) => void;
  loading: boolean;
  error: string | null;
}

/** Fetches and keeps the frames of `file` through `imaging.pixels`; the window is client state. */
export function useModalityPixels(imaging: ImagingPort | undefined, file: File | null): ModalityPixelsState {
  // Frame and window belong to a file: a new file starts at its first frame with its own window.
  const [selected, setSelected] = useState<{ file: File | null; index: number }>({ file: null, index: 0 });
  const [chosen, setChosen] = useState<{ file: File | null; window: Window | null }>({ file: null, window: null });
  const frameIndex = selected.file === file ? selected.index : 0;
  const window = chosen.file === file ? chosen.window : null;
  const [shown, setShown] = useState<{ file: File | null; index: number; info: PixelsInfo | null; frame: FrameValues | null; error: string | null }>({
    file: null,
    index: 0,
    info: null,
    frame: null,
    error: null,
  });
  const cache = useRef<{ file: File | null; base64: string; frames: Map<number, { info: PixelsInfo; frame: FrameValues }> }>({ file: null, base64: '', frames: new Map() });

  useEffect(() => {
    const pixels = imaging?.pixels;
    if (!file || !pixels) return;
    if (cache.current.file !== file) cache.current = { file, base64: bytesToBase64(file.bytes), frames: new Map() };
    const c = cache.current;
    let live = true;
    const hit = c.frames.get(frameIndex);
    const show = (entry: { info: PixelsInfo; frame: FrameValues }) => {
      setShown({ file, index: frameIndex, info: entry.info, frame: entry.frame, error: null });
      setChosen((c) => (c.file === file && c.window ? c : { file, window: entry.info.defaultWindow }));
    };
    if (hit) {
      void Promise.resolve(hit).then((h) => live && show(h));
      return () => {
        live = false;
      };
    }
    void (async () => {
      const r = await pixels({ bytesBase64: c.base64, fileName: file.name, frame: frameIndex });
      if (!live) return;
      if (!r.ok) {
        setShown((s) => ({ ...s, file, index: frameIndex, error: r.error.message }));
        return;
      }
      const { valuesBase64: _packed, ...info } = r.value;
      const values = await inflateValues(r.value);
      if (!live) return;
      const entry = { info, frame: { width: info.width, height: info.height, samplesPerPixel: info.samplesPerPixel, invert: info.invert, values } };
      c.frames.set(frameIndex, entry);
      show(entry);
    })();
    return () => {
      live = false;
    };
  }, [imaging, file, frameIndex]);

  const select = useCallback((i: number) => setSelected({ file, index: Math.max(0, Math.floor(i)) }), [file]);
  const setWindow = useCallback((w: Window) => setChosen({ file, window: w }), [file]);
  const current = shown.file === file && file !== null;
  return {
    info: current ? shown.info : null,
    frame: current ? shown.frame : null,
    window: current ? window : null,
    setWindow,
    frameIndex,
    setFrameIndex: select,
    loading: file !== null && (!current || shown.index !== frameIndex) && !shown.error,
    error: current ? shown.error : null,
  };
}
