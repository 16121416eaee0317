/**
 * The ONC high-priority interaction knowledge (onc-ddi.json), validated on load so a broken
 * edit fails loudly at start-up rather than silently checking nothing.
 * Source: Phansalkar S et al., JAMIA 2012;19(5):735-743 (see README.md beside this file).
 */
import { z } from 'zod';
import raw from './onc-ddi.json';

const memberListSchema = z.object({ class: z.string().min(1), members: z.array(z.string().min(1)).min(1) });

const interactionSchema = z.object({
  id: z.string().regex(/^onc-\d+$/),
  number: z.number().int().positive(),
  title: z.string().min(1),
  severity: z.literal('contraindicated'),
  object: memberListSchema,
  precipitant: memberListSchema,
  additions: z
    .object({ object: z.array(z.string()), precipitant: z.array(z.string()), reason: z.string().min(1) })
    .optional(),
  mechanism: z.string().min(1),
  management: z.string().min(1),
});

/** The knowledge file's shape. */
export const oncDdiKnowledgeSchema = z.object({
  id: z.literal('onc-ddi'),
  version: z.string().min(1),
  title: z.string().min(1),
  citation: z.string().min(1),
  derivation: z.string().min(1),
  interactions: z.array(interactionSchema).length(15),
});

/** One ONC high-priority interaction. */
export type OncInteraction = z.infer<typeof interactionSchema>;
/** The whole ONC knowledge file. */
export type OncDdiKnowledge = z.infer<typeof oncDdiKnowledgeSchema>;

/** The validated ONC high-priority interaction list. */
export const ONC_DDI: OncDdiKnowledge = oncDdiKnowledgeSchema.parse(raw);
