/** Types of generate-r4-elements.mjs, for the test that regenerates the table. */
export const TABLE_FILE: string;
export function loadR4Definitions(): unknown;
export function buildR4ElementTable(definitions: unknown): { resources: string[]; types: Record<string, unknown> };
export function serializeTable(table: unknown): string;
export function xsdToJs(re: string): string;
