/**
 * Who a printout comes from: the clinic (a FHIR Organization kept in the record store with the
 * id "clinic", set in Settings by a user holding the clinician role: record writes go through
 * records.saveResource, whose table gives unnamed types to clinicians) and the signed-in
 * clinician. Pure.
 */
import type { Organization } from 'fhir/r4';

/** The clinic's identity as printouts show it. */
export interface ClinicIdentity {
  name: string;
  address?: string;
  phone?: string;
}

/** The id of the clinic's Organization record. */
export const CLINIC_ORGANIZATION_ID = 'clinic';

/** The clinic's identity from its Organization record (null without a name). */
export function clinicFromOrganization(o: Organization | undefined): ClinicIdentity | null {
  const name = o?.name?.trim();
  if (!name) return null;
  const a = o?.address?.[0];
  const address = a?.text ?? [...(a?.line ?? []), [a?.postalCode, a?.city].filter(Boolean).join(' '), a?.country].filter(Boolean).join(', ');
  const phone = o?.telecom?.find((c) => c.system === 'phone')?.value;
  return { name, ...(address ? { address } : {}), ...(phone ? { phone } : {}) };
}

/** The Organization record for a clinic's details. */
export function organizationFromClinic(c: ClinicIdentity): Organization {
  return {
    resourceType: 'Organization',
    id: CLINIC_ORGANIZATION_ID,
    active: true,
    name: c.name.trim(),
    ...(c.address?.trim() ? { address: [{ text: c.address.trim() }] } : {}),
    ...(c.phone?.trim() ? { telecom: [{ system: 'phone', value: c.phone.trim() }] } : {}),
  };
}
