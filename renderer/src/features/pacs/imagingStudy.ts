/**
 * A PACS study as a FHIR R4 ImagingStudy in the chart. The study's DICOM UID is the identifier,
 * written as FHIR says for DICOM UIDs: system `urn:dicom:uid`, value `urn:oid:<uid>`
 * (https://hl7.org/fhir/R4/imagingstudy.html#notes, "ImagingStudy.identifier"); modalities use
 * the DICOM DCM code system (http://dicom.nema.org/resources/ontology/DCM).
 */
import type { ImagingStudy, Resource } from 'fhir/r4';
import type { PacsStudyInfo } from '../../../../electron/contract/channels/pacs';

export const DICOM_UID_SYSTEM = 'urn:dicom:uid';

/** YYYYMMDD (DICOM DA) as YYYY-MM-DD, or undefined when it is not a date. */
export function dicomDate(da: string | undefined): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** The ImagingStudy that links a PACS study to the patient's chart. Pure. */
export function imagingStudyFor(patientId: string, study: PacsStudyInfo): ImagingStudy {
  const started = dicomDate(study.studyDate);
  return {
    resourceType: 'ImagingStudy',
    status: 'available',
    subject: { reference: `Patient/${patientId}` },
    identifier: [
      { system: DICOM_UID_SYSTEM, value: `urn:oid:${study.studyInstanceUid}` },
      ...(study.accessionNumber ? [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'ACSN' }] }, value: study.accessionNumber }] : []),
    ],
    ...(started ? { started } : {}),
    ...(study.modalities.length ? { modality: study.modalities.map((code) => ({ system: 'http://dicom.nema.org/resources/ontology/DCM', code })) } : {}),
    ...(study.description ? { description: study.description } : {}),
    ...(study.seriesCount !== undefined ? { numberOfSeries: study.seriesCount } : {}),
    ...(study.instanceCount !== undefined ? { numberOfInstances: study.instanceCount } : {}),
  };
}

/** Study UIDs already linked in the chart. */
export function linkedStudyUids(resources: readonly Resource[]): Set<string> {
  const out = new Set<string>();
  for (const r of resources) {
    if (r.resourceType !== 'ImagingStudy') continue;
    for (const id of (r as ImagingStudy).identifier ?? []) if (id.system === DICOM_UID_SYSTEM && id.value?.startsWith('urn:oid:')) out.add(id.value.slice('urn:oid:'.length));
  }
  return out;
}
