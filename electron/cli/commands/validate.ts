/** `admin validate <file|folder> [--json]`: checks FHIR R4 files without importing them. */
import path from 'node:path';
import type { AdminCommand } from '../command';
import { filesToValidate, validateFile, type ResourceVerdict } from '../../services/records/validateFiles';

export const validateCommand: AdminCommand = {
  name: 'validate',
  usage: 'validate <file|folder> [--json]',
  summary: 'Check FHIR R4 Bundles, resources and NDJSON against the R4 definitions, without importing',
  options: {},
  positionals: [1, 1],
  run: async (_args, ctx) => {
    const target = ctx.positionals[0]!;
    let total = 0;
    let invalid = 0;
    const resources: ResourceVerdict[] = [];
    for (const file of filesToValidate(path.resolve(target))) {
      for (const v of validateFile(file)) {
        total++;
        if (!v.valid) invalid++;
        if (ctx.json) resources.push(v);
        else if (!v.valid) {
          const label = `${v.file}${v.index === null ? '' : ` #${v.index}`} ${v.resourceType ?? '(no resourceType)'}${v.id ? `/${v.id}` : ''}`;
          ctx.out(`${label}: ${v.issues.slice(0, 5).map((i) => `${i.path} ${i.message}`).join('; ')}${v.issues.length > 5 ? ` (and ${v.issues.length - 5} more)` : ''}`);
        }
      }
    }
    ctx.result({ total, invalid, resources });
    ctx.out(invalid === 0 ? `All ${total} resources are valid FHIR R4 (structure; codes and profiles are not checked).` : `${invalid} of ${total} resources have problems (listed above); ${total - invalid} are valid.`);
    return invalid === 0 ? 0 : 1;
  },
};
