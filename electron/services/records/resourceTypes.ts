/** The FHIR R4 resource type names Bedside accepts (data file beside this module). */
import list from './r4-resource-types.json';

const R4_TYPES: ReadonlySet<string> = new Set(list.types);

/** Every FHIR R4 resource type name, in alphabetical order. */
export const r4ResourceTypes: readonly string[] = list.types;

/** True when `name` is a resource type defined by FHIR R4. */
export function isR4ResourceType(name: string): boolean {
  return R4_TYPES.has(name);
}
