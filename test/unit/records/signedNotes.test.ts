/**
 * Signed notes in the real record store: a signed note is never edited in place (any content
 * change is refused, whichever caller sends it), it can only be marked superseded by an
 * amendment, and a note is signed only in the name of the user signed in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { isBedsideError } from '../../../electron/services/errors';
import { openRecords, patient } from './fixtures';

let s: RecordsService | undefined;
afterEach(async () => {
  await s?.shutdown();
  s = undefined;
});

const ACTOR = 'user:a.diallo';
const signer = { identifier: { system: 'urn:bedside:user', value: 'a.diallo' }, display: 'Dr Amara Diallo' };
const text = (t: string) => [{ attachment: { contentType: 'text/plain; charset=utf-8', data: Buffer.from(t).toString('base64') } }];
const draftNote = (id: string, body: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'DocumentReference',
  id,
  status: 'current',
  docStatus: 'preliminary',
  subject: { reference: 'Patient/p1' },
  date: '2024-03-01T10:00:00Z',
  author: [signer],
  content: text(body),
  ...extra,
});

function refusal(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isBedsideError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('signed notes', () => {
  it('a draft is edited freely; once signed, any change of content is refused and nothing is written', () => {
    s = openRecords();
    s.saveResource(ACTOR, patient('p1'));
    s.saveResource(ACTOR, draftNote('n1', 'first draft'));
    s.saveResource(ACTOR, draftNote('n1', 'second draft'));
    const signed = s.saveResource(ACTOR, draftNote('n1', 'signed text', { docStatus: 'final', authenticator: signer }));
    const stored = s.getResource(ACTOR, 'DocumentReference', 'n1');
    const r = refusal(() => s!.saveResource(ACTOR, { ...stored, content: text('rewritten afterwards') }));
    expect(r.code).toBe('conflict');
    expect(r.message).toMatch(/signed and cannot be changed.*amend it.*Nothing was saved/s);
    expect(refusal(() => s!.saveResource('system:cli', { ...stored, docStatus: 'preliminary' })).code).toBe('conflict');
    expect(s.getResource(ACTOR, 'DocumentReference', 'n1').meta).toMatchObject({ versionId: signed.versionId });
  });

  it('an amendment replaces it: the signed note may only become superseded, its text kept', () => {
    s = openRecords();
    s.saveResource(ACTOR, patient('p1'));
    s.saveResource(ACTOR, draftNote('n1', 'original', { docStatus: 'final', authenticator: signer }));
    s.saveResource(ACTOR, draftNote('n2', 'corrected', { docStatus: 'amended', authenticator: signer, relatesTo: [{ code: 'replaces', target: { reference: 'DocumentReference/n1' } }] }));
    const old = s.getResource(ACTOR, 'DocumentReference', 'n1');
    const r = s.saveResource(ACTOR, { ...old, status: 'superseded' }, String((old.meta as { versionId: string }).versionId));
    expect(r.outcome).toBe('updated');
    const after = s.getResource(ACTOR, 'DocumentReference', 'n1');
    expect(after.status).toBe('superseded');
    expect(Buffer.from((after.content as { attachment: { data: string } }[])[0]!.attachment.data, 'base64').toString()).toBe('original');
  });

  it('a note is signed only in the name of the user signed in', () => {
    s = openRecords();
    s.saveResource(ACTOR, patient('p1'));
    const r = refusal(() => s!.saveResource('user:someone.else', draftNote('n1', 'text', { docStatus: 'final', authenticator: signer })));
    expect(r.code).toBe('forbidden');
    expect(r.message).toMatch(/signed in the name of the person signed in \(someone\.else\).*names a\.diallo/);
    expect(refusal(() => s!.saveResource(ACTOR, draftNote('n2', 'text', { docStatus: 'final' }))).message).toMatch(/names no one/);
    expect(s.saveResource(ACTOR, draftNote('n3', 'text', { docStatus: 'final', authenticator: signer })).outcome).toBe('created');
  });
});
