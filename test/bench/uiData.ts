/**
 * Data for the UI benchmark (test/bench/ui.mjs): one patient whose chart holds about 1,000
 * resources (years of visits with vitals, labs and notes, problems, medications, allergies), and
 * one with 5,000 notes for the scrolling test. Written as FHIR Bundles for `admin import`.
 */
import { allergyResource, noteResource, patientResource } from '../../electron/services/records/fhirBuilders';
import { DEMO_ANCHOR, generatePatient } from '../../electron/services/records/demoClinic';

type Json = Record<string, unknown>;

const bundle = (resources: Json[]): Json => ({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) });

/** A chart of at least `target` resources (generated visits) with two allergies; returns its id, name and Bundle. */
export function bigChart(target = 1000): { id: string; family: string; resources: number; bundle: Json } {
  let encounters = 4;
  let resources = generatePatient(61, 0, encounters) as Json[];
  while (resources.length < target - 2) {
    encounters += Math.max(1, Math.ceil((target - 2 - resources.length) / 12));
    resources = generatePatient(61, 0, encounters) as Json[];
  }
  const patient = resources[0] as { id: string; name: [{ family: string }] };
  resources.push(
    allergyResource(`${patient.id}-allergy-0`, patient.id, '764146007', 'Penicillin', '2019-03-01T10:00:00.000Z', 'Urticaria') as Json,
    allergyResource(`${patient.id}-allergy-1`, patient.id, '387406002', 'Sulfonamide', '2020-06-11T10:00:00.000Z', 'Rash') as Json,
  );
  return { id: patient.id, family: patient.name[0].family, resources: resources.length, bundle: bundle(resources) };
}

/** A patient with `count` short notes, one a day going back from the demo anchor. */
export function manyNotes(count = 5000): { id: string; family: string; bundle: Json } {
  const id = 'bench-notes-1';
  const family = 'Scrollwright';
  const resources: Json[] = [patientResource({ id, mrn: 'BENCH-5000', given: 'Nora', family, gender: 'female', birthDate: '1961-04-02' }) as Json];
  const anchor = Date.parse(DEMO_ANCHOR);
  for (let i = 0; i < count; i++) {
    const when = new Date(anchor - i * 86_400_000).toISOString();
    const note = noteResource(`${id}-note-${i}`, id, 'none', when, `${when.slice(0, 10)}\nFollow-up ${i + 1}: stable, continue current plan.`) as Json;
    delete note['context'];
    resources.push(note);
  }
  return { id, family, bundle: bundle(resources) };
}
