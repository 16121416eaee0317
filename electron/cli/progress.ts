/**
 * Progress for long admin commands (import, export, backup, restore, seed): a bar redrawn in
 * place on standard error when it is a terminal, nothing otherwise (logs and pipes stay clean;
 * the command's own summary line says what was done).
 */

/** A progress reporter writing to `stream`; `done()` ends the bar's line. */
export function terminalProgress(stream: { isTTY?: boolean; columns?: number; write(s: string): unknown }): { report: (fraction: number, message: string) => void; done: () => void } {
  let drawn = false;
  let lastText = '';
  if (!stream.isTTY) return { report: () => {}, done: () => {} };
  return {
    report: (fraction, message) => {
      const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
      const width = 24;
      const filled = Math.round(f * width);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(f * 100)).padStart(3)}%  `;
      const room = Math.max(10, (stream.columns ?? 80) - bar.length - 1);
      const text = bar + (message.length > room ? `${message.slice(0, room - 1)}…` : message);
      if (text === lastText) return;
      lastText = text;
      stream.write(`\r\x1b[2K${text}`);
      drawn = true;
    },
    done: () => {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
      lastText = '';
    },
  };
}
