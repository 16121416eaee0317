/**
 * Where files go and come from, chosen by the transport and never by a path the client sends:
 * a desktop window gets the OS file dialog, shown by the main process (the `FileChooser` the
 * shell passes in); the browser host gets single-use downloads and size-capped uploads
 * (TransferStore); only the admin command line takes paths (it calls the services directly).
 */
import type { TransferStore } from '../services/transfers/transferStore';
import type { CallContext } from './router';

/** A filter of the OS dialog, e.g. `{ name: 'FHIR Bundle', extensions: ['json'] }`. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

/** The OS file dialogs, shown by the desktop main process (electron/shell/fileDialogs.ts). */
export interface FileChooser {
  /** Where to save a new file; null when the user cancelled. */
  saveFile(options: { title: string; suggestedName: string; filters: FileFilter[] }): Promise<string | null>;
  /** A file (or a folder) to open; null when the user cancelled. */
  openFile(options: { title: string; filters: FileFilter[]; folder?: boolean }): Promise<string | null>;
}

/** The dialogs of the desktop and the transfers of the browser host, for the handlers. */
export class FileDelivery {
  constructor(
    readonly transfers: () => TransferStore,
    private readonly chooser: FileChooser | null,
  ) {}

  /** The chooser, when this call came from a desktop window (IPC) and the shell provides one. */
  dialogFor(ctx: CallContext): FileChooser | null {
    return ctx.transport === 'ipc' ? this.chooser : null;
  }

  /** Who a transfer belongs to: the caller's session (or the in-process command line). */
  owner(ctx: CallContext): string {
    return ctx.actor?.sessionId ? `session:${ctx.actor.sessionId}` : `${ctx.transport}:${ctx.connectionId ?? 'local'}`;
  }
}
