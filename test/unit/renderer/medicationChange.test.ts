import { describe, expect, it } from 'vitest';
import type { MedicationRequest, MedicationStatement } from 'fhir/r4';
import { STATUS_REASONS } from '../../../electron/contract/schemas/medication';
import { draftOrder } from '../../../renderer/src/features/orders/orderDraft';
import { STATUS_REASON_CODES, changesAllowed, dosageFromFields, dosingFieldsOf, dosingProblem, medicationsToReconcile, replacementOrder, sourceOf } from '../../../renderer/src/features/orders/medicationChange';

const order = (): MedicationRequest & { id: string } => ({
  ...draftOrder('p1', { drug: { kind: 'not-in-vocabulary', text: 'warfarin 5 mg' }, strength: '', dose: 5, unit: 'mg', route: 'oral', frequency: 'od', asNeeded: false, durationDays: 30 }, new Date('2026-01-01T00:00:00Z')),
  id: 'w1',
});

describe('medication changes (renderer, pure)', () => {
  it('offers exactly the HL7 R4 status reason codes the contract declares', () => {
    expect([...STATUS_REASON_CODES].sort()).toEqual(Object.keys(STATUS_REASONS).sort());
  });

  it('reads an order written by the order form back into the same fields, and writes the same Dosage', () => {
    const o = order();
    const fields = dosingFieldsOf(o);
    expect(fields).toEqual({ dose: '5', unit: 'mg', route: 'oral', frequency: 'od', asNeeded: false, duration: '30' });
    expect(dosageFromFields(fields)).toEqual(o.dosageInstruction![0]);
  });

  it('falls back to defaults for an order with only a dosage text (imported records)', () => {
    const imported: MedicationRequest = { resourceType: 'MedicationRequest', status: 'active', intent: 'order', subject: { reference: 'Patient/p1' }, dosageInstruction: [{ text: 'one tablet at night' }] };
    expect(dosingFieldsOf(imported)).toEqual({ dose: '', unit: 'mg', route: 'oral', frequency: 'od', asNeeded: false, duration: '' });
  });

  it('refuses a zero dose and a fractional duration', () => {
    const f = dosingFieldsOf(order());
    expect(dosingProblem({ ...f, dose: '0' })).toBe('orders.badDose');
    expect(dosingProblem({ ...f, duration: '2.5' })).toBe('orders.badDuration');
    expect(dosingProblem({ ...f, dose: '7,5' })).toBeNull();
  });

  it('builds the new order of a modification on the same drug, tied to the old one by priorPrescription', () => {
    const o = order();
    const next = replacementOrder(o, dosageFromFields({ ...dosingFieldsOf(o), dose: '7,5' }), new Date('2026-02-01T00:00:00Z'));
    expect(next).toMatchObject({ status: 'active', intent: 'order', subject: { reference: 'Patient/p1' }, medicationCodeableConcept: o.medicationCodeableConcept, priorPrescription: { reference: 'MedicationRequest/w1' }, authoredOn: '2026-02-01T00:00:00.000Z' });
    expect(next.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseQuantity?.value).toBe(7.5);
    expect(next.id).toBeUndefined();
    // A renewal keeps the old dosing.
    expect(replacementOrder(o, undefined).dosageInstruction).toEqual(o.dosageInstruction);
  });

  it('allows stop and modify on live orders, renew on active and completed ones', () => {
    expect(changesAllowed({ ...order(), status: 'active' })).toEqual({ stop: true, modify: true, renew: true });
    expect(changesAllowed({ ...order(), status: 'completed' })).toEqual({ stop: false, modify: false, renew: true });
    expect(changesAllowed({ ...order(), status: 'stopped' })).toEqual({ stop: false, modify: false, renew: false });
  });

  it('lists active orders and what the patient reports taking, with their sources', () => {
    const reported: MedicationStatement = { resourceType: 'MedicationStatement', id: 's1', status: 'active', subject: { reference: 'Patient/p1' }, medicationCodeableConcept: { text: 'ibuprofen' }, informationSource: { display: 'the patient' }, dateAsserted: '2026-01-02' };
    const stoppedOrder: MedicationRequest = { ...order(), id: 'w0', status: 'stopped' };
    const pastStatement: MedicationStatement = { ...reported, id: 's0', status: 'completed' };
    const list = medicationsToReconcile([order(), stoppedOrder, reported, pastStatement]);
    expect(list.map((m) => m.id)).toEqual(['w1', 's1']);
    expect(list.map(sourceOf)).toEqual([
      { kind: 'order', who: '', when: '2026-01-01T00:00:00.000Z' },
      { kind: 'reported', who: 'the patient', when: '2026-01-02' },
    ]);
  });
});
