// @vitest-environment jsdom
/** Note entity highlighting: overlapping and adjacent spans with their type labels, and the notes panel asking the text model. */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { DocumentReference } from 'fhir/r4';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PortsProvider } from '../../../renderer/src/api/PortsContext';
import type { Ports, RecordsPort, TextPort } from '../../../renderer/src/api/ports';
import { EntityHighlighter } from '../../../renderer/src/features/notes/EntityHighlighter';
import { entityContext } from '../../../renderer/src/features/notes/highlightSegments';
import { NotesPanel } from '../../../renderer/src/features/notes/NotesPanel';
import { renderEn } from './renderWithI18n';

afterEach(cleanup);

const marksOf = (root: HTMLElement) => [...root.querySelectorAll('mark')].map((m) => [m.textContent, m.getAttribute('data-labels'), m.classList.contains('entity-nested')]);
const tagsOf = (root: HTMLElement) => [...root.querySelectorAll('[data-testid="entity-tag"]')].map((t) => t.textContent);

describe('EntityHighlighter', () => {
  it('overlapping spans: the shared run is marked as nested and each type is written where its span ends', () => {
    const text = 'acute chest pain today';
    renderEn(
      <EntityHighlighter
        text={text}
        spans={[
          { start: 0, end: 16, label: 'Symptom', score: 0.91 },
          { start: 6, end: 11, label: 'Anatomy', score: 0.8 },
        ]}
      />,
    );
    const root = screen.getByTestId('entity-text');
    expect(root.textContent?.replace(/Symptom 91%|Anatomy 80%/g, '')).toBe(text);
    expect(marksOf(root)).toEqual([
      ['acute ', 'Symptom', false],
      ['chest', 'Symptom Anatomy', true],
      [' pain', 'Symptom', false],
    ]);
    expect(tagsOf(root)).toEqual(['Anatomy 80%', 'Symptom 91%']);
  });

  it('negated, family and hypothetical mentions are styled apart and say so in their tag', () => {
    const text = 'Denies fever. Mother: breast cancer. Asthma.';
    renderEn(
      <EntityHighlighter
        text={text}
        spans={[
          { start: 7, end: 12, label: 'Disease', score: 0.9, context: entityContext({ negation: 'negated', temporality: 'recent', experiencer: 'patient' }) },
          { start: 22, end: 35, label: 'Disease', score: 0.8, context: entityContext({ negation: 'affirmed', temporality: 'recent', experiencer: 'family' }) },
          { start: 37, end: 43, label: 'Disease', score: 0.7, context: entityContext({ negation: 'affirmed', temporality: 'recent', experiencer: 'patient' }) },
        ]}
      />,
    );
    const root = screen.getByTestId('entity-text');
    expect([...root.querySelectorAll('mark')].map((m) => [m.textContent, m.getAttribute('data-context'), m.className])).toEqual([
      ['fever', 'negated', 'entity entity-disease entity-ctx-negated'],
      ['breast cancer', 'family', 'entity entity-disease entity-ctx-family'],
      ['Asthma', 'present', 'entity entity-disease'],
    ]);
    expect(tagsOf(root)).toEqual(['Disease 90% · negated', 'Disease 80% · family', 'Disease 70%']);
  });

  it('adjacent spans stay two highlights, each with its own type', () => {
    renderEn(
      <EntityHighlighter
        text="renal failure"
        spans={[
          { start: 6, end: 13, label: 'Finding', score: 0.5 },
          { start: 0, end: 6, label: 'Disease', score: 0.75 },
        ]}
        showScores={false}
      />,
    );
    const root = screen.getByTestId('entity-text');
    expect(marksOf(root)).toEqual([
      ['renal ', 'Disease', false],
      ['failure', 'Finding', false],
    ]);
    expect(tagsOf(root)).toEqual(['Disease', 'Finding']);
    // The type sits right after its own words: "renal " then "Disease", then "failure" then "Finding".
    expect(root.textContent).toBe('renal DiseasefailureFinding');
  });
});

describe('NotesPanel entity wiring', () => {
  const noteText = 'History of asthma and diabetes.';
  const note: DocumentReference = {
    resourceType: 'DocumentReference',
    id: 'n1',
    status: 'current',
    description: 'Clinic note',
    date: '2026-01-15T09:00:00Z',
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: btoa(noteText) } }],
  };
  const records = {
    saveResource: vi.fn(),
    getResource: vi.fn(),
    searchNotes: vi.fn(async () => ({ ok: true as const, value: { hits: [] } })),
  } as unknown as RecordsPort;

  function renderPanel(text: TextPort) {
    const ports: Ports = { records, text };
    renderEn(
      <PortsProvider ports={ports}>
        <NotesPanel patientId="p1" notes={[note]} records={records} />
      </PortsProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: /Clinic note/ }));
  }

  it('on demand, reads the note with the active token-classification pack and shows the highlights with their model', async () => {
    const model = { packId: 'ncbi-disease-ner', name: 'Disease mentions', version: '0.1.0' };
    type Found = Awaited<ReturnType<TextPort['findEntities']>>;
    let answer: (v: Found) => void = () => undefined;
    const text: TextPort = {
      activeEntityModel: vi.fn(async () => model),
      findEntities: vi.fn(() => new Promise<Found>((resolve) => (answer = resolve))),
    };
    renderPanel(text);
    fireEvent.click(await screen.findByRole('button', { name: 'Highlight conditions' }));
    expect(text.findEntities).toHaveBeenCalledWith({ text: noteText, model });
    // Non-blocking: the status says it is reading; the editor is still there.
    expect(screen.getByTestId('entities-status').textContent).toBe('Reading the note with the text model…');
    expect(screen.getByTestId('note-text')).toBeTruthy();
    const entity = (start: number, end: number) => ({ label: 'Disease', start, end, text: noteText.slice(start, end), score: 0.9, status: 'present' as const, codes: [] });
    answer({ ok: true, value: { entities: [entity(11, 17), entity(22, 30)] } });
    await waitFor(() => expect(screen.getAllByTestId('entity-tag')).toHaveLength(2));
    expect([...screen.getByTestId('note-entities').querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['asthma', 'diabetes']);
    expect(screen.getByTestId('entities-source').textContent).toContain('Read by Disease mentions 0.1.0');
  });

  it('says so when no text model is active, and never calls inference', async () => {
    const text: TextPort = { activeEntityModel: vi.fn(async () => null), findEntities: vi.fn() };
    renderPanel(text);
    expect((await screen.findByTestId('entities-no-model')).textContent).toMatch(/^No text model is active/);
    expect(text.findEntities).not.toHaveBeenCalled();
  });
});
