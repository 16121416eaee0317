/**
 * Which senders may use the contract. In the desktop app only the top frame of a Bedside
 * window, loaded from the app's own protocol, may call; in the browser host only pages served
 * by the host itself (checked by origin on every connection).
 */
import type { CallContext, SenderPolicy } from './router';

/** The origin the desktop renderer is served from (a privileged custom protocol). */
export const APP_ORIGIN = 'app://bedside';

/** Policy for Electron IPC: the main frame of a page on the app protocol. */
export const desktopSenderPolicy: SenderPolicy = (ctx: CallContext) => {
  if (ctx.transport !== 'ipc' || ctx.isMainFrame !== true) return false;
  try {
    const url = new URL(ctx.senderUrl);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
};
