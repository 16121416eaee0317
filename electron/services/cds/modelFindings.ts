/**
 * Model results as cards: disease mentions in a note become "add to the problem list?" cards,
 * an image classification becomes one card per label with its probability, threshold, heatmap
 * and the model card's intended use and limits, and a failing model becomes an error card for
 * that model only. Pure functions: the CDS service runs the models and stores the cards.
 */
import type { Condition } from 'fhir/r4';
import type { Entity, ImageAnalysis, TextAnalysis } from '../../contract/channels/inference';
import { cardSchema, type Card, type Provenance } from '../../contract/schemas/card';
import { conceptTexts } from './chart';
import { resolveIngredient } from './drugNames';
import { sha256Canonical, stableUuid } from './hash';
import { ALL_OVERRIDE_REASONS, clip, fmt } from './rules/cardText';

/** What a card needs to know about the model pack that produced it. */
export interface ModelPackInfo {
  readonly id: string;
  readonly version: string;
  readonly name: string;
  readonly task: string;
  readonly intendedUse: string;
  readonly limits: string;
}

/** Lower-case words only, so "Cystic  Fibrosis," and "cystic fibrosis" compare equal. */
export function normaliseMention(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\((disorder|finding|situation|disease)\)/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Words in a problem name that do not change which problem it is. */
const FILLER = new Set(['of', 'the', 'a', 'an', 'and', 'with', 'in', 'to', 'nos', 'unspecified', 'disorder', 'finding', 'situation', 'disease']);
const contentWords = (text: string): string[] => normaliseMention(text).split(' ').filter((w) => w && !FILLER.has(w));

/**
 * True when the mention is already on the problem list: either text contains the other as whole
 * words ("diabetes" / "type 2 diabetes mellitus"), or one's content words are all in the other
 * ("type 2 diabetes" / "Diabetes mellitus type 2 (disorder)"). `alsoKnownAs` adds the concept's
 * name, so "T2DM" normalised to type 2 diabetes matches "Type 2 diabetes".
 */
export function onProblemList(mention: string, problems: readonly Condition[], alsoKnownAs: readonly string[] = []): boolean {
  const names = [mention, ...alsoKnownAs];
  return problems.some((c) =>
    conceptTexts(c.code).some((t) => {
      const p = ` ${normaliseMention(t)} `;
      if (!p.trim()) return false;
      const pw = new Set(contentWords(t));
      return names.some((n) => {
        const m = ` ${normaliseMention(n)} `;
        if (!m.trim()) return false;
        if (p.includes(m) || m.includes(p)) return true;
        const mw = contentWords(n);
        return mw.length > 0 && pw.size > 0 && (mw.every((w) => pw.has(w)) || [...pw].every((w) => mw.includes(w)));
      });
    }),
  );
}

/**
 * Words that are never a problem by themselves, whatever a tagger says: note section words,
 * dose forms and routes, and laboratory tests (what the earlier tagger offered as problems).
 */
const NOT_PROBLEMS = new Set([
  'medications', 'medication', 'allergies', 'allergy', 'assessment', 'plan', 'history', 'diagnosis', 'diagnoses', 'problem', 'problems', 'impression',
  'tablet', 'tablets', 'capsule', 'capsules', 'oral', 'injection', 'injectable', 'solution', 'suspension', 'cream', 'ointment', 'inhaler', 'patch', 'dose',
  'hba1c', 'hemoglobin a1c', 'a1c', 'glucose', 'creatinine', 'egfr', 'cholesterol', 'acquired', 'disease', 'disorder', 'finding', 'syndrome', 'condition',
]);

/** Why a tagged mention is not offered for the problem list, or null when it may be. */
export function notSuggestedBecause(e: Entity): string | null {
  const key = normaliseMention(e.text);
  if (key.length < 3 || !/^\p{L}/u.test(e.text.trim())) return 'not a disease name';
  if (NOT_PROBLEMS.has(key)) return 'not a disease name';
  if (resolveIngredient(key)) return 'a drug name';
  const a = e.assertion;
  if (a) {
    if (a.negation === 'negated') return 'negated';
    if (a.negation === 'possible') return 'only possible';
    if (a.temporality === 'hypothetical') return 'hypothetical';
    if (a.experiencer === 'family') return 'family history';
    if (a.experiencer === 'other') return 'someone other than the patient';
  }
  return null;
}

const modelProvenance = (p: TextAnalysis['provenance'] | ImageAnalysis['provenance']): Provenance => ({
  kind: 'model',
  id: p.modelId,
  version: p.modelVersion,
  ...(/^[0-9a-f]{64}$/.test(p.fileSha256) ? { modelHash: p.fileSha256 } : {}),
  provider: p.fallbackReason ? `${p.provider} (requested ${p.requestedProvider}: ${p.fallbackReason})`.slice(0, 200) : p.provider,
  inputHash: p.inputSha256,
  latencyMs: p.timings.totalMs,
});

const limitsText = (pack: ModelPackInfo): string => `**Intended use.** ${pack.intendedUse}\n\n**Limits.** ${pack.limits}`;

/** Input to the note trigger's card builder. */
export interface NoteFindingInput {
  readonly patientId: string;
  readonly noteReference: string;
  readonly analysis: TextAnalysis;
  readonly pack: ModelPackInfo;
  /** Active problems (conditions) already recorded. */
  readonly problems: readonly Condition[];
  readonly now: Date;
}

/** MeSH in FHIR (HL7 Terminology: http://terminology.hl7.org/CodeSystem/MSH); plain descriptor/supplementary ids only. */
const MESH_SYSTEM = 'http://terminology.hl7.org/CodeSystem/MSH';
const meshCode = (id: string): string | null => /^MESH:([CD]\d{6,9})$/.exec(id)?.[1] ?? null;

/**
 * "Add to the problem list?" cards: one per concept per note (mentions grouped by their NCBI
 * concept id, or by their words when they have none), only for mentions that are the patient's
 * current or past problem (ConText: not negated, possible, hypothetical or someone else's) and
 * are not already on the problem list.
 */
export function problemListCards(input: NoteFindingInput): Card[] {
  const { analysis, pack, patientId, noteReference } = input;
  type Group = { text: string; concept: Entity['concept']; spans: { start: number; end: number; score: number; uncertain: boolean }[] };
  const groups = new Map<string, Group>();
  for (const e of analysis.entities ?? []) {
    if (notSuggestedBecause(e)) continue;
    const key = e.concept ? e.concept.id : normaliseMention(e.text);
    const g = groups.get(key) ?? { text: e.text.trim(), concept: e.concept, spans: [] };
    g.spans.push({ start: e.start, end: e.end, score: e.score, uncertain: e.status === 'uncertain' });
    groups.set(key, g);
  }
  const cards: Card[] = [];
  for (const [key, g] of groups) {
    if (onProblemList(g.text, input.problems, g.concept ? [g.concept.name] : [])) continue;
    const best = Math.max(...g.spans.map((s) => s.score));
    const uncertain = g.spans.every((s) => s.uncertain);
    const seed = `${patientId}|${pack.id}@${pack.version}|problem:${key}|${analysis.provenance.inputSha256}`;
    const mesh = g.concept ? meshCode(g.concept.id) : null;
    const condition: Condition = {
      resourceType: 'Condition',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'provisional' }] },
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item', display: 'Problem List Item' }] }],
      code: { text: g.text, ...(mesh && g.concept ? { coding: [{ system: MESH_SYSTEM, code: mesh, display: g.concept.name }] } : {}) },
      subject: { reference: `Patient/${patientId}` },
      recordedDate: input.now.toISOString(),
      evidence: [{ detail: [{ reference: noteReference }] }],
      note: [{ text: `Suggested by ${pack.name} ${pack.version} from a mention in ${noteReference}; added when a clinician accepted the suggestion.` }],
    };
    const conceptLine = g.concept
      ? `Concept: **${g.concept.name}** (${g.concept.id}; ${g.concept.match === 'fuzzy' ? `closest wording in the NCBI disease corpus, similarity ${fmt(g.concept.similarity, 2)}` : 'as annotated in the NCBI disease corpus'}).`
      : 'Concept: not found in the NCBI disease corpus dictionary.';
    cards.push(
      cardSchema.parse({
        uuid: stableUuid(seed),
        summary: clip(`Add “${g.text}” to the problem list?${g.concept && normaliseMention(g.concept.name) !== normaliseMention(g.text) ? ` (${g.concept.name})` : ''}${uncertain ? ' (uncertain mention)' : ''}`),
        indicator: 'info',
        source: { label: `${pack.name} (model ${pack.version})` },
        detail: [
          `The note mentions **${g.text}**${g.spans.length > 1 ? ` (${g.spans.length} times)` : ''}; it is not on the problem list. Model score ${fmt(best, 2)}${uncertain ? ', in the uncertain band: read the note before accepting' : ''}.`,
          conceptLine,
          `Accepting adds it as a **provisional** problem, coded ${mesh ? `with MeSH ${mesh}` : 'by text only'}; confirm and code it when you review the problem list.`,
          '',
          limitsText(pack),
        ].join('\n'),
        suggestions: [
          {
            uuid: stableUuid(`${seed}|suggestion|0`),
            label: `Add “${clip(g.text, 60)}” to the problem list`,
            actions: [{ type: 'create', description: `Add ${g.text} to the problem list (provisional)`, resource: condition as unknown as Record<string, unknown> }],
          },
        ],
        selectionBehavior: 'at-most-one',
        overrideReasons: [...ALL_OVERRIDE_REASONS],
        provenance: modelProvenance(analysis.provenance),
        patientId,
        triggeredBy: [noteReference],
        explanation: { kind: 'text-spans', spans: g.spans.map((s) => ({ start: s.start, end: s.end, label: g.concept ? `${g.concept.name} (${g.concept.id})` : normaliseMention(g.text), score: Math.min(1, Math.max(0, s.score)) })) },
      }),
    );
  }
  return cards;
}

/** Input to the image trigger's card builder. */
export interface ImageFindingInput {
  readonly patientId: string;
  readonly imageReference: string;
  readonly analysis: ImageAnalysis;
  readonly pack: ModelPackInfo;
  readonly now: Date;
}

const DEMO_BANNER = 'Demo – not for diagnosis';

/** "sensitivity 0.95, specificity 0.91 (split)" for a label that states its operating point. */
function operatingPointText(label: ImageAnalysis['labels'][number]): string {
  const op = label.operatingPoint;
  return op ? `At this threshold the model found ${fmt(op.sensitivity * 100, 0)}% of pneumonia-pattern images and cleared ${fmt(op.specificity * 100, 0)}% of normal ones (sensitivity ${op.sensitivity.toFixed(2)}, specificity ${op.specificity.toFixed(2)}; ${op.split}).` : '';
}

/**
 * One card per label: a **pattern score** against the pack's operating point, never a
 * diagnosis, so no problem-list suggestion and no SNOMED CT or ICD-10 codes. Above the
 * threshold: warning; uncertain: info that says the model cannot tell; below: info (the
 * clinician asked for a reading; silence would look like a failure). A demo pack's cards say
 * "Demo – not for diagnosis" first. The heatmap and the model's provenance travel with the card.
 */
export function imageFindingCards(input: ImageFindingInput): Card[] {
  const { analysis, pack, patientId } = input;
  const heat = analysis.explanation;
  const demo = analysis.suitability?.demo ?? false;
  const prefix = demo ? `${DEMO_BANNER}. ` : '';
  return analysis.labels.map((label) => {
    const seed = `${patientId}|${pack.id}@${pack.version}|image:${label.name}|${analysis.provenance.inputSha256}`;
    const p = fmt(label.probability, 2);
    const th = fmt(label.threshold, 2);
    const summary =
      label.status === 'present'
        ? `${prefix}${pack.name}: ${label.name} score ${p}, above the operating threshold ${th}; read the image`
        : label.status === 'uncertain'
          ? `${prefix}${pack.name}: ${label.name} score ${p}, too close to the threshold ${th} to call; read the image`
          : `${prefix}${pack.name}: ${label.name} score ${p}, below the operating threshold ${th}`;
    const age = analysis.suitability?.ageYears;
    return cardSchema.parse({
      uuid: stableUuid(seed),
      summary: clip(summary),
      indicator: label.status === 'present' ? 'warning' : 'info',
      source: { label: `${pack.name} (model ${pack.version})` },
      detail: [
        ...(demo ? [`**${DEMO_BANNER}.** This model is a demonstration trained on a small public data set; it must not inform this patient's care.`, ''] : []),
        `**${label.name}** score (calibrated probability): ${p}; the pack's operating threshold is ${th}. ${operatingPointText(label)}` +
          (label.status === 'uncertain' ? ' The score is inside the uncertain band, so the model gives **no answer** for this image.' : '') +
          ' A pattern score is not a diagnosis: read the image and the clinical picture.',
        ...(age ? ['', `The model was trained on ${analysis.suitability?.description ?? 'image'}s of patients aged ${age[0]}–${age[1]} years.`] : []),
        '',
        limitsText(pack),
      ].join('\n'),
      suggestions: [],
      overrideReasons: [...ALL_OVERRIDE_REASONS],
      provenance: modelProvenance(analysis.provenance),
      patientId,
      triggeredBy: [input.imageReference],
      explanation: heat
        ? { kind: 'heatmap', width: heat.width, height: heat.height, values: heat.values }
        : { kind: 'rule-trace', steps: [{ label: 'Score', value: p }, { label: 'Threshold', value: th }, { label: 'Result', value: label.status }], citation: `Model pack ${pack.id} ${pack.version}` },
    });
  });
}

/** Input to the card for an image the pack refused. */
export interface ImageRefusalInput {
  readonly patientId: string;
  readonly imageReference: string;
  readonly pack: ModelPackInfo;
  readonly inputHash: string;
  /** The refusal's message (what the image is, what the model reads). */
  readonly reason: string;
  readonly latencyMs: number;
}

/** An info card: the model did not score this image, and why (no score is shown). */
export function imageRefusalCard(e: ImageRefusalInput): Card {
  return cardSchema.parse({
    uuid: stableUuid(`${e.patientId}|${e.pack.id}@${e.pack.version}|refused|${e.inputHash}`),
    summary: clip(`${e.pack.name}: image not analysed (not what the model was trained on)`),
    indicator: 'info',
    source: { label: `${e.pack.name} (model ${e.pack.version})` },
    detail: `${e.reason}\n\nNo score is given for images a model was not trained on.\n\n${limitsText(e.pack)}`,
    provenance: { kind: 'model', id: e.pack.id, version: e.pack.version, inputHash: e.inputHash, latencyMs: Math.max(0, e.latencyMs) },
    patientId: e.patientId,
    triggeredBy: [e.imageReference],
    explanation: { kind: 'rule-trace', steps: [{ label: 'Refused', value: e.reason.slice(0, 500) }], citation: `Model pack ${e.pack.id} ${e.pack.version}` },
  });
}

/** Input to an error card for one failing model. */
export interface ModelErrorInput {
  readonly patientId: string;
  readonly packId: string;
  readonly packVersion: string;
  readonly packName: string;
  readonly triggeredBy: readonly string[];
  /** What was being read, hashed into the card's input hash. */
  readonly input: unknown;
  readonly error: unknown;
  readonly latencyMs: number;
}

/** A warning that this model did not run: nothing was checked by it; other sources are unaffected. */
export function modelErrorCard(e: ModelErrorInput): Card {
  const message = e.error instanceof Error ? e.error.message : String(e.error);
  const inputHash = sha256Canonical(e.input);
  return cardSchema.parse({
    uuid: stableUuid(`${e.patientId}|${e.packId}@${e.packVersion}|error|${inputHash}`),
    summary: clip(`${e.packName}: could not run, not checked`),
    indicator: 'warning',
    source: { label: `${e.packName} (model ${e.packVersion})` },
    detail: `This model failed and has **not** read this record; rules and other models ran normally. Nothing in the record was changed. If it happens again, tell your Bedside administrator.\n\nError: ${message}`,
    provenance: { kind: 'model', id: e.packId, version: e.packVersion, inputHash, latencyMs: Math.max(0, e.latencyMs) },
    patientId: e.patientId,
    triggeredBy: [...e.triggeredBy],
    explanation: { kind: 'rule-trace', steps: [{ label: 'Error', value: message.slice(0, 500) }], citation: `Model pack ${e.packId} ${e.packVersion}` },
    status: 'error',
  });
}
