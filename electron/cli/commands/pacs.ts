/**
 * `admin pacs`: connects Bedside to the clinic's PACS (DICOMweb), shows the connection, checks
 * it, or turns it off. Secrets (password, token) are read from standard input, never from the
 * command line, and kept in `<data>/pacs/settings.json` (owner-only).
 *
 *   pacs set --url <dicomweb root> [--user <name> --password-stdin | --token-stdin] [--ca <pem>] [--timeout <s>]
 *   pacs show | pacs check | pacs off
 */
import { BedsideError } from '../../services/errors';
import { DicomWebClient, loadPacsSettings, pacsSettingsFile, savePacsSettings, type PacsSettings } from '../../services/pacs';
import type { AdminCommand } from '../command';
import { readStdinLine } from './accounts';

const describeAuth = (s: PacsSettings): string => (s.auth.type === 'basic' ? `user ${s.auth.username} (password kept)` : s.auth.type === 'bearer' ? 'bearer token (kept)' : 'none');

export const pacsCommand: AdminCommand = {
  name: 'pacs',
  usage: 'pacs set --url <dicomweb root> [--user <name> --password-stdin | --token-stdin] [--ca <file.pem>] [--timeout <seconds>] | pacs show | pacs check | pacs off',
  summary: "Connect the clinic's PACS (DICOMweb), show or check the connection, or turn it off",
  options: {
    url: { type: 'string', description: 'the DICOMweb root, e.g. https://pacs.clinic.lan/dicom-web' },
    user: { type: 'string', description: 'HTTP basic user name (the password is read from standard input with --password-stdin)' },
    'password-stdin': { type: 'boolean', description: 'read the basic-auth password from the first line of standard input' },
    'token-stdin': { type: 'boolean', description: 'read a bearer token from the first line of standard input' },
    ca: { type: 'string', description: "PEM file of the certificate authority that signed the PACS's certificate" },
    timeout: { type: 'string', description: 'seconds to wait for the PACS per request (default 30)' },
  },
  positionals: [1, 1],
  run: async (_args, ctx) => {
    const dataDir = ctx.paths.dataDir;
    const action = ctx.positionals[0];
    if (action === 'set') {
      const url = ctx.values.url as string | undefined;
      if (!url) throw new BedsideError('invalid-input', 'Give the PACS address with --url (its DICOMweb root, e.g. https://pacs.clinic.lan/dicom-web).');
      const user = ctx.values.user as string | undefined;
      if (user && !ctx.values['password-stdin']) throw new BedsideError('invalid-input', 'With --user, give the password on standard input with --password-stdin (never on the command line).');
      if (ctx.values['password-stdin'] && ctx.values['token-stdin']) throw new BedsideError('invalid-input', 'Use either a user name and password or a token, not both.');
      if (ctx.values['password-stdin'] && !user) throw new BedsideError('invalid-input', '--password-stdin needs --user.');
      const timeout = ctx.values.timeout === undefined ? 30 : Number(ctx.values.timeout);
      const auth: PacsSettings['auth'] = user ? { type: 'basic', username: user, password: readStdinLine() } : ctx.values['token-stdin'] ? { type: 'bearer', token: readStdinLine() } : { type: 'none' };
      savePacsSettings(dataDir, { baseUrl: url, auth, timeoutSeconds: timeout, ...(ctx.values.ca ? { caFile: ctx.values.ca as string } : {}) });
      const saved = loadPacsSettings(dataDir)!;
      ctx.out(`PACS set: ${saved.baseUrl}, authentication ${describeAuth(saved)}${saved.caFile ? `, CA ${saved.caFile}` : ''}, time limit ${saved.timeoutSeconds} s. Restart Bedside to use it; "pacs check" tests it.`);
      ctx.result({ baseUrl: saved.baseUrl, auth: saved.auth.type, caFile: saved.caFile ?? null, timeoutSeconds: saved.timeoutSeconds });
      return 0;
    }
    if (action === 'off') {
      savePacsSettings(dataDir, null);
      ctx.out('PACS turned off: Bedside makes no network call for images. Restart Bedside for it to take effect.');
      ctx.result({ configured: false });
      return 0;
    }
    if (action === 'show' || action === 'check') {
      const s = loadPacsSettings(dataDir);
      if (!s) {
        ctx.out(`No PACS is set (${pacsSettingsFile(dataDir)} does not exist): Bedside makes no network call for images.`);
        ctx.result({ configured: false });
        return action === 'check' ? 1 : 0;
      }
      ctx.out(`PACS: ${s.baseUrl}, authentication ${describeAuth(s)}${s.caFile ? `, CA ${s.caFile}` : ''}, time limit ${s.timeoutSeconds} s.`);
      if (action === 'show') {
        ctx.result({ configured: true, baseUrl: s.baseUrl, auth: s.auth.type, caFile: s.caFile ?? null, timeoutSeconds: s.timeoutSeconds });
        return 0;
      }
      // A search that matches nothing proves the address, TLS and credentials without listing patients.
      const started = Date.now();
      await new DicomWebClient(s).searchStudies({ studyDate: '19000101' });
      ctx.out(`The PACS answered a search in ${Date.now() - started} ms: address, certificate and credentials are good.`);
      ctx.result({ configured: true, baseUrl: s.baseUrl, ok: true, ms: Date.now() - started });
      return 0;
    }
    throw new BedsideError('invalid-input', `Unknown pacs action "${action}": use set, show, check or off.`);
  },
};
