/**
 * Which senders may use the contract. In the desktop app only the top frame of a Bedside
 * window, loaded from the app's own protocol, may call; in the browser host only pages served
 * by the host itself (checked by origin on every connection).
 */
import type { CallContext, SenderPolicy } from './router';

/** The origin the desktop renderer is served from (a privileged custom protocol). */
export const APP_ORIGIN = 'app://bedside';

/** Whether a URL is on the app's own origin (IPC senders and navigation targets alike). */
export function isAppUrl(url: string, appOrigin: string = APP_ORIGIN): boolean {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === appOrigin;
  } catch {
    return false;
  }
}

/** Policy for Electron IPC: the main frame of a page on the app protocol. */
export const desktopSenderPolicy: SenderPolicy = (ctx: CallContext) =>
  ctx.transport === 'ipc' && ctx.isMainFrame === true && isAppUrl(ctx.senderUrl);
