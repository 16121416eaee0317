/** The image viewer's zoom, pan and window/level, as a pure reducer. */

/** What the viewer shows. */
export interface ViewerState {
  zoom: number;
  panX: number;
  panY: number;
  /** Window centre and width on the 0..255 display scale. */
  windowCenter: number;
  windowWidth: number;
}

/** Things the physician does to the view. */
export type ViewerEvent =
  | { type: 'zoom'; factor: number }
  | { type: 'pan'; dx: number; dy: number }
  | { type: 'window'; center: number; width: number }
  | { type: 'reset' };

export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 16;

/** The view on opening an image: whole image, full window. */
export const initialViewer: ViewerState = { zoom: 1, panX: 0, panY: 0, windowCenter: 128, windowWidth: 256 };

/** Applies one event (zoom and window are clamped to sensible ranges). */
export function viewerReducer(state: ViewerState, event: ViewerEvent): ViewerState {
  switch (event.type) {
    case 'zoom':
      return { ...state, zoom: Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, state.zoom * event.factor)) };
    case 'pan':
      return { ...state, panX: state.panX + event.dx, panY: state.panY + event.dy };
    case 'window':
      return { ...state, windowCenter: Math.min(255, Math.max(0, event.center)), windowWidth: Math.min(512, Math.max(1, event.width)) };
    case 'reset':
      return initialViewer;
  }
}

/** Maps an 8-bit value through the window (linear, as DICOM's VOI LUT 'LINEAR'). */
export function applyWindow(value: number, center: number, width: number): number {
  const low = center - width / 2;
  return Math.max(0, Math.min(255, Math.round(((value - low) / width) * 255)));
}

/** A 256-entry lookup table for the window, so each pixel costs one array read. */
export function windowLut(center: number, width: number): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256);
  for (let v = 0; v < 256; v++) lut[v] = applyWindow(v, center, width);
  return lut;
}
