/**
 * The OS file dialogs, shown by the main process: the only way the desktop app picks where an
 * export goes or which backup or import file is read. The window never sends a path.
 */
import { BrowserWindow, dialog } from 'electron';
import type { FileChooser } from '../ipc/fileDelivery';

/** A FileChooser over Electron's dialog module, attached to the focused window. */
export function electronFileChooser(): FileChooser {
  const parent = (): BrowserWindow | undefined => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  return {
    saveFile: async ({ title, suggestedName, filters }) => {
      const options = { title, defaultPath: suggestedName, filters, properties: ['createDirectory', 'showOverwriteConfirmation'] as ('createDirectory' | 'showOverwriteConfirmation')[] };
      const w = parent();
      const r = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    openFile: async ({ title, filters, folder }) => {
      const options = { title, filters, properties: [folder ? 'openDirectory' : 'openFile'] as ('openDirectory' | 'openFile')[] };
      const w = parent();
      const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
      return r.canceled || !r.filePaths[0] ? null : r.filePaths[0];
    },
  };
}
