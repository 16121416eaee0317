/**
 * CdsService: decision support as a running service. It evaluates the rules on a chart,
 * stores the cards with their provenance (records migration 0040), applies the alert-fatigue
 * rules (see cardStore.ts), runs model triggers in the background and announces their cards
 * with 'cds.cardsReady', records feedback (accepting applies the chosen suggestions' FHIR
 * actions in one database transaction), and reports per rule and per model. See docs/cds.md.
 */
import crypto from 'node:crypto';
import type { Condition, FhirResource, MedicationRequest } from 'fhir/r4';
import type { EmitEvent } from '../../contract/events';
import { OVERRIDE_REASON_SYSTEM, type Card, type CardFeedback } from '../../contract/schemas/card';
import type { CdsFeedbackEntry } from '../../contract/schemas/cdsHooks';
import type { Service } from '../container';
import { BedsideError } from '../errors';
import { AuditLog } from '../records/auditLog';
import { isJsonObject, type JsonObject } from '../json';
import type { Db } from '../records/database';
import type { RecordsService } from '../records/recordsService';
import { ResourceStore } from '../records/resourceStore';
import { CardStore, type CardTrigger, type StoredCardStatus } from './cardStore';
import { buildChartSnapshot, recordedConditions, type ChartSnapshot } from './chart';
import { CDS_AUDIT, applyActions, chosenActions, type AppliedAction } from './feedback';
import { NO_MODELS, type CdsModels } from './modelPort';
import { readImage, readNote, type ModelTriggerResult } from './modelTriggers';
import { buildReport, type CdsReport } from './report';
import { searchVocabulary } from './drugMatching';
import { loadDrugVocabularyPack } from './knowledgePack';
import type { ModelRegistry } from '../models/registry';
import type { MedicationChangeInput, ReconciliationInput, VocabularyHitDto } from '../../contract/schemas/medication';
import { planChange, planReconciliation, type PlannedWrite } from './medicationChanges';
import { drugVocabulary, drugVocabularySource } from './knowledge/drugVocabulary';
import { runRules, type CdsRule } from './rulesEngine';
import { CdsJobs, imageAttachmentOf, noteTextForModel, triggerForSaved } from './triggers';

/** How the service is set up. */
export interface CdsServiceOptions {
  records: () => RecordsService;
  models?: CdsModels;
  emit?: EmitEvent;
  /** The clinical "now" (tests pin it). */
  now?: () => Date;
  log?: (message: string, error?: unknown) => void;
  /** Rules to run (tests pass failing ones); default: every rule. */
  rules?: readonly CdsRule[];
  /** Where the signed drug-vocabulary knowledge pack is looked up (none: the bundled vocabulary). */
  knowledge?: Pick<ModelRegistry, 'resolve'>;
}

/** What a feedback call did. */
export interface FeedbackResult {
  recorded: true;
  status: StoredCardStatus;
  applied: AppliedAction[];
}

interface Open {
  db: Db;
  cards: CardStore;
  resources: ResourceStore;
  audit: AuditLog;
}

const RANK = { critical: 0, warning: 1, info: 2 } as const;
const byUrgency = (cards: Card[]): Card[] => cards.sort((a, b) => RANK[a.indicator] - RANK[b.indicator]);

/** Decision support over the record store. */
export class CdsService implements Service {
  private open: Open | null = null;
  private readonly jobs: CdsJobs;
  private readonly models: CdsModels;
  private readonly now: () => Date;
  private vocabulary: Promise<void> = Promise.resolve();

  constructor(private readonly options: CdsServiceOptions) {
    this.models = options.models ?? NO_MODELS;
    this.now = options.now ?? (() => new Date());
    this.jobs = new CdsJobs(options.log ?? (() => undefined));
  }

  /** The tables come with the record database's migrations; the vocabulary pack loads in the background. */
  boot(): void {
    const registry = this.options.knowledge;
    if (registry) this.vocabulary = loadDrugVocabularyPack(registry).then((m) => this.options.log?.(m), (e: unknown) => this.options.log?.('The drug-vocabulary pack could not be read; using the bundled vocabulary.', e));
  }

  /** Resolves once the vocabulary pack (if any) has been loaded or refused. */
  whenVocabularyReady(): Promise<void> {
    return this.vocabulary;
  }

  /** Stops taking background jobs and waits for those running. */
  async shutdown(): Promise<void> {
    await this.vocabulary;
    await this.jobs.stop();
  }

  /** Resolves when background jobs (model triggers) have finished. */
  whenIdle(): Promise<void> {
    return this.jobs.whenIdle();
  }

  /** Prepared statements on the records connection (rebuilt after a restore reopens it). */
  private get s(): Open {
    const db = this.options.records().database;
    if (this.open?.db !== db) this.open = { db, cards: new CardStore(db), resources: new ResourceStore(db, this.now), audit: new AuditLog(db, this.now) };
    return this.open;
  }

  private chartResources(patientId: string): FhirResource[] {
    if (!this.s.resources.exists('Patient', patientId)) {
      throw new BedsideError('not-found', `Patient/${patientId} is not in Bedside (it may have been deleted). Search for the patient again.`);
    }
    const rows = this.s.db.prepare<[string], string>('SELECT json FROM resources WHERE patient_id = ?').pluck().all(patientId);
    return rows.map((json) => JSON.parse(json) as FhirResource);
  }

  private chart(patientId: string): ChartSnapshot {
    return buildChartSnapshot(this.chartResources(patientId), patientId);
  }

  /** Runs the patient-view rules, stores the cards, supersedes rule cards no longer given; returns the visible ones and the changes. */
  private evaluateRules(patientId: string, trigger: CardTrigger, now: Date): { visible: Card[]; changed: string[] } {
    const fresh = runRules(this.chart(patientId), { hook: 'patient-view', now, ...(this.options.rules ? { rules: this.options.rules } : {}) });
    const s = this.s;
    return s.db.transaction(() => {
      const before = new Set(s.cards.activeCards(patientId).map((c) => c.uuid));
      const visible = s.cards.record(fresh, trigger, now.toISOString());
      const keep = new Set(fresh.map((c) => c.uuid));
      const gone = s.cards.supersede(patientId, (kind) => kind === 'rule', keep, now.toISOString());
      return { visible, changed: [...visible.filter((c) => !before.has(c.uuid)).map((c) => c.uuid), ...gone] };
    }).immediate();
  }

  /** The cards for a chart: fresh rule cards and stored model cards; model work on the newest note and image starts in the background. */
  cardsForPatient(actor: string, patientId: string): { cards: Card[]; pendingModelWork: boolean } {
    const now = this.now();
    const { visible } = this.evaluateRules(patientId, 'chart-opened', now);
    const models = this.s.cards.activeCards(patientId).filter((c) => c.provenance.kind === 'model');
    this.s.audit.append({ actor, action: CDS_AUDIT.cards, patientId, target: `Patient/${patientId}`, detail: `${visible.length} rule cards, ${models.length} model cards` });
    const pending = this.queueModelWorkForChart(patientId);
    return { cards: byUrgency([...visible, ...models]), pendingModelWork: pending };
  }

  /** Checks a draft medication order before it is saved; the draft gets an id if it has none. */
  checkOrder(actor: string, patientId: string, draftIn: Readonly<Record<string, unknown>>): { cards: Card[]; medicationRequestId: string } {
    if (draftIn.resourceType !== 'MedicationRequest') throw new BedsideError('invalid-input', 'Only medication orders (MedicationRequest) can be checked here. Nothing was saved.');
    const subject = isJsonObject(draftIn.subject) && typeof draftIn.subject.reference === 'string' ? draftIn.subject.reference : `Patient/${patientId}`;
    if (subject !== `Patient/${patientId}`) throw new BedsideError('invalid-input', `This order is for ${subject}, not for the chart that is open (Patient/${patientId}). Nothing was checked or saved; reopen the right chart.`);
    const id = typeof draftIn.id === 'string' && /^[A-Za-z0-9\-.]{1,64}$/.test(draftIn.id) ? draftIn.id : crypto.randomUUID();
    const draft = { ...draftIn, id, subject: { reference: subject } } as unknown as MedicationRequest;
    const now = this.now();
    const fresh = runRules(this.chart(patientId), { hook: 'order-sign', draftOrders: [draft], now, ...(this.options.rules ? { rules: this.options.rules } : {}) });
    const s = this.s;
    const cards = s.db.transaction(() => {
      const visible = s.cards.record(fresh, 'order-check', now.toISOString());
      s.audit.append({ actor, action: CDS_AUDIT.orderCheck, patientId, target: `MedicationRequest/${id}`, detail: `${visible.length} cards (${visible.filter((c) => c.indicator === 'critical').length} critical)` });
      return visible;
    }).immediate();
    return { cards: byUrgency(cards), medicationRequestId: id };
  }

  /**
   * Stops, modifies or renews one order (medicationChanges.ts) in one transaction through the
   * record store's gate: a new active order passes the order checks again there. Audited per
   * write and as one `medication-change` row.
   */
  changeMedication(actor: string, change: MedicationChangeInput): { changed: string[]; newOrder?: string } {
    const { patientId } = change;
    const stored = this.s.resources.get('MedicationRequest', change.medicationRequestId);
    const writes = planChange(change, patientId, stored, this.now(), (id) => this.s.resources.exists('MedicationRequest', id), this.encounterInProgress(patientId));
    const target = `MedicationRequest/${change.medicationRequestId}`;
    const changed = this.writeChanges(actor, patientId, writes, { action: 'medication-change', patientId, target, detail: `${change.action}: ${writes.map((w) => w.detail).join('; ')}` });
    const newOrder = changed.find((r) => r !== target);
    return { changed, ...(newOrder ? { newOrder } : {}) };
  }

  /**
   * Medication reconciliation: a decision for every active medication (MedicationRequest and
   * MedicationStatement), the changes and a List recording all decisions, in one transaction;
   * linked to the patient's Encounter in progress when there is one.
   */
  reconcileMedications(actor: string, input: ReconciliationInput): { list: string; encounter?: string; changed: string[] } {
    const { patientId } = input;
    const medications = this.chartResources(patientId).filter((r) => r.resourceType === 'MedicationRequest' || r.resourceType === 'MedicationStatement') as unknown as JsonObject[];
    const encounter = this.encounterInProgress(patientId);
    const listId = crypto.randomUUID();
    const { writes, summary } = planReconciliation(input.decisions, patientId, medications, this.now(), (id) => this.s.resources.exists('MedicationRequest', id), listId, encounter);
    const changed = this.writeChanges(actor, patientId, writes, { action: 'medication-reconciliation', patientId, target: `List/${listId}`, detail: summary });
    return { list: `List/${listId}`, ...(encounter ? { encounter } : {}), changed: changed.filter((r) => r !== `List/${listId}`) };
  }

  /** The patient's newest Encounter with status in-progress (the visit the changes belong to), if any. */
  private encounterInProgress(patientId: string): string | undefined {
    const visits = this.chartResources(patientId).filter((r) => r.resourceType === 'Encounter' && r.status === 'in-progress');
    visits.sort((a, b) => String((b as { period?: { start?: string } }).period?.start ?? '').localeCompare(String((a as { period?: { start?: string } }).period?.start ?? '')));
    return visits[0]?.id ? `Encounter/${visits[0].id}` : undefined;
  }

  /** Writes a plan in one transaction, then queues the chart's triggers (after the commit). */
  private writeChanges(actor: string, patientId: string, writes: PlannedWrite[], audit: { action: string; patientId: string; target: string; detail: string }): string[] {
    const results = this.options.records().saveResources(actor, writes, audit);
    const refs = results.map((r) => `${r.type}/${r.id}`);
    for (const r of results) {
      try {
        if (r.type === 'MedicationRequest') this.afterSave(r.type, r.id);
      } catch (e) {
        this.options.log?.(`Decision support was not triggered after a medication change for Patient/${patientId}`, e);
      }
    }
    return refs;
  }

  /** Called after a record is saved: queues the trigger it fires (never blocks the save). */
  afterSave(resourceType: string, id: string): void {
    const current = this.s.resources.get(resourceType, id);
    if (!current) return;
    const trigger = triggerForSaved(current);
    const patientId = this.patientOf(current);
    if (!trigger || !patientId) return;
    this.jobs.run(patientId, trigger, async () => {
      const now = this.now();
      if (trigger === 'note-saved' || trigger === 'image-imported') await this.runModel(patientId, current, trigger, now);
      else this.announce(patientId, trigger, this.evaluateRules(patientId, trigger, now).changed);
    });
  }

  private patientOf(r: JsonObject): string | undefined {
    if (r.resourceType === 'Patient') return typeof r.id === 'string' ? r.id : undefined;
    for (const f of ['subject', 'patient'] as const) {
      const v = r[f];
      if (isJsonObject(v) && typeof v.reference === 'string' && v.reference.startsWith('Patient/')) return v.reference.slice(8);
    }
    return undefined;
  }

  private announce(patientId: string, trigger: CardTrigger, cardIds: string[]): void {
    if (cardIds.length === 0) return;
    try {
      this.options.emit?.('cds.cardsReady', { patientId, trigger, cardIds });
    } catch (e) {
      this.options.log?.('cds.cardsReady was not sent', e);
    }
  }

  /** Runs the note or image model on a resource and stores its cards, replacing that model's earlier cards for the resource. */
  private async runModel(patientId: string, resource: JsonObject, trigger: CardTrigger, now: Date): Promise<void> {
    const ref = `${String(resource.resourceType)}/${String(resource.id)}`;
    const skip = (modelKey: string, inputHash: string): boolean => this.s.cards.modelAlreadyRan(modelKey, ref, inputHash);
    let result: ModelTriggerResult | undefined;
    if (trigger === 'note-saved') {
      const problems = recordedConditions(this.chart(patientId)) as Condition[];
      result = await readNote(this.models, patientId, resource, problems, now, skip);
    } else {
      const full = this.s.resources.get(String(resource.resourceType), String(resource.id)) ?? resource;
      result = await readImage(this.models, patientId, full, now, skip);
    }
    if (!result) return;
    const r = result;
    const s = this.s;
    const changed = s.db.transaction(() => {
      const visible = s.cards.record(r.cards, trigger, now.toISOString());
      const keep = new Set(r.cards.map((c) => c.uuid));
      const gone = s.cards.supersede(patientId, (kind, sourceId, card) => kind === 'model' && sourceId === r.packId && card.triggeredBy.includes(ref), keep, now.toISOString());
      // A failed run is not remembered, so the next save or chart opening tries again.
      if (!r.cards.some((c) => c.status === 'error')) s.cards.markModelRun(r.modelKey, ref, r.inputHash, now.toISOString());
      return [...visible.map((c) => c.uuid), ...gone];
    }).immediate();
    this.announce(patientId, trigger, changed);
  }

  /** Queues the models on the newest note and the newest image of a chart; true when something was queued. */
  private queueModelWorkForChart(patientId: string): boolean {
    const newest = (sql: string): JsonObject | undefined => {
      const json = this.s.db.prepare<[string], string>(sql).pluck().get(patientId);
      return json ? (JSON.parse(json) as JsonObject) : undefined;
    };
    const note = newest("SELECT json FROM resources WHERE patient_id = ? AND type = 'DocumentReference' AND json LIKE '%text/plain%' ORDER BY date DESC, rowid DESC LIMIT 1");
    const image = newest("SELECT json FROM resources WHERE patient_id = ? AND type IN ('DocumentReference', 'Media') AND (json LIKE '%image/png%' OR json LIKE '%image/jpeg%' OR json LIKE '%application/dicom%') ORDER BY date DESC, rowid DESC LIMIT 1");
    let queued = false;
    if (note && noteTextForModel(note).trim()) {
      this.jobs.run(patientId, 'note-saved', () => this.runModel(patientId, note, 'note-saved', this.now()));
      queued = true;
    }
    if (image && imageAttachmentOf(image)) {
      this.jobs.run(patientId, 'image-imported', () => this.runModel(patientId, image, 'image-imported', this.now()));
      queued = true;
    }
    return queued;
  }

  /** Records what the clinician did with a card; accepting applies the chosen suggestions in one transaction. */
  feedback(actor: string, fb: CardFeedback): FeedbackResult {
    const s = this.s;
    const now = this.now().toISOString();
    return s.db.transaction(() => {
      const stored = s.cards.get(fb.card);
      if (!stored) throw new BedsideError('not-found', 'This suggestion is no longer known to Bedside (the chart may have changed). Nothing was changed; reopen the chart.');
      if (stored.status === 'accepted' || stored.status === 'overridden') {
        throw new BedsideError('conflict', `This suggestion was already ${stored.status === 'accepted' ? 'accepted' : 'dismissed'}; nothing more was changed. Reopen the chart to see the current suggestions.`);
      }
      const ids = fb.acceptedSuggestions.map((a) => a.id);
      const applied = fb.outcome === 'accepted' ? applyActions(s.resources, s.audit, actor, stored.card, chosenActions(stored.card, ids)) : [];
      const status: StoredCardStatus = fb.outcome;
      s.cards.setStatus(fb.card, status, now);
      const reason = fb.overrideReason;
      s.cards.addFeedback(
        {
          cardUuid: fb.card,
          patientId: stored.card.patientId,
          actor,
          outcome: fb.outcome,
          overrideCode: reason?.reason?.code ?? null,
          overrideComment: reason?.userComment?.trim() || null,
          feedbackJson: JSON.stringify(fb),
          appliedJson: JSON.stringify(applied),
          outcomeTimestamp: fb.outcomeTimestamp,
        },
        now,
      );
      const p = stored.card.provenance;
      s.audit.append({
        actor,
        action: CDS_AUDIT.feedback,
        patientId: stored.card.patientId,
        target: `card ${fb.card}`,
        detail: `${fb.outcome}${reason?.reason ? ` (${reason.reason.code})` : ''}: ${p.kind} ${p.id}@${p.version}; ${applied.length} changes`,
      });
      return { recorded: true as const, status, applied };
    }).immediate();
  }

  /**
   * Cards for a CDS Hooks call from another system: with `resources` (the request's prefetch)
   * the rules run on them; without, on Bedside's own chart, exactly as the app's chart opening
   * and order check do (model cards included). Cards are stored, so feedback can find them.
   */
  hookCards(actor: string, call: { hook: 'patient-view' | 'order-select' | 'order-sign'; patientId: string; hookInstance: string; draftOrders: readonly MedicationRequest[]; resources?: readonly FhirResource[] }): Card[] {
    const { patientId } = call;
    for (const d of call.draftOrders) {
      const subject = d.subject?.reference;
      if (subject !== undefined && subject !== `Patient/${patientId}`) throw new BedsideError('invalid-input', `A draft order is for ${subject}, not for context.patientId (Patient/${patientId}). Nothing was checked.`);
    }
    if (!call.resources) {
      if (call.hook === 'patient-view') return this.cardsForPatient(actor, patientId).cards;
      const byId = new Map<string, Card>();
      for (const d of call.draftOrders) for (const c of this.checkOrder(actor, patientId, d as unknown as Record<string, unknown>).cards) byId.set(c.uuid, c);
      return byUrgency([...byId.values()]);
    }
    const now = this.now();
    const drafts = call.draftOrders.map((d) => ({ ...d, id: d.id && /^[A-Za-z0-9\-.]{1,64}$/.test(d.id) ? d.id : crypto.randomUUID(), subject: { reference: `Patient/${patientId}` } }) as MedicationRequest);
    if (call.hook !== 'patient-view' && drafts.length === 0) return [];
    const chart = buildChartSnapshot([...call.resources], patientId);
    const fresh = runRules(chart, { hook: call.hook === 'patient-view' ? 'patient-view' : 'order-sign', draftOrders: drafts, now, ...(this.options.rules ? { rules: this.options.rules } : {}) });
    const s = this.s;
    return s.db.transaction(() => {
      const visible = s.cards.record(fresh, call.hook === 'patient-view' ? 'chart-opened' : 'order-check', now.toISOString());
      s.audit.append({ actor, action: CDS_AUDIT.hooksCall, patientId, target: `Patient/${patientId}`, detail: `${call.hook} ${call.hookInstance.slice(0, 80)} on prefetch (${call.resources!.length} resources): ${visible.length} cards` });
      return byUrgency(visible);
    }).immediate();
  }

  /**
   * Feedback from another system's CDS client (every CDS Hooks 2.0 form): recorded with the
   * card's status, in one transaction; nothing in the record is changed (the client applies
   * accepted suggestions in its own system). Feedback on a card Bedside never gave is audited
   * as such; repeated feedback is recorded again and leaves the first decision in place.
   */
  serviceFeedback(actor: string, serviceId: string, entries: readonly CdsFeedbackEntry[]): { card: string; result: 'recorded' | 'unknown-card' }[] {
    const s = this.s;
    const now = this.now().toISOString();
    return s.db.transaction(() =>
      entries.map((fb) => {
        const stored = s.cards.get(fb.card);
        const reason = fb.overrideReason?.reason;
        const code = reason ? (reason.system === OVERRIDE_REASON_SYSTEM ? reason.code : `${reason.system}|${reason.code}`) : null;
        if (!stored) {
          s.audit.append({ actor, action: CDS_AUDIT.feedback, target: `card ${fb.card.slice(0, 200)}`, detail: `${fb.outcome} via ${serviceId}: not a card Bedside gave; nothing changed` });
          return { card: fb.card, result: 'unknown-card' as const };
        }
        if (stored.status === 'active' || stored.status === 'superseded') s.cards.setStatus(fb.card, fb.outcome, now);
        s.cards.addFeedback(
          {
            cardUuid: fb.card,
            patientId: stored.card.patientId,
            actor,
            outcome: fb.outcome,
            overrideCode: code,
            overrideComment: fb.overrideReason?.userComment?.trim() || null,
            feedbackJson: JSON.stringify(fb),
            appliedJson: '[]',
            outcomeTimestamp: fb.outcomeTimestamp,
          },
          now,
        );
        const p = stored.card.provenance;
        s.audit.append({ actor, action: CDS_AUDIT.feedback, patientId: stored.card.patientId, target: `card ${fb.card}`, detail: `${fb.outcome}${code ? ` (${code})` : ''} via ${serviceId}: ${p.kind} ${p.id}@${p.version}; no record changed` });
        return { card: fb.card, result: 'recorded' as const };
      }),
    ).immediate();
  }

  /** Drug picker search over the vocabulary in use (names, brands, French names, then fuzzy). */
  searchDrugs(query: string, limit = 12): { hits: VocabularyHitDto[]; vocabulary: { id: string; version: string; source: 'bundled' | 'pack' } } {
    const v = drugVocabulary();
    return { hits: searchVocabulary(query, limit).map((h) => ({ ...h, ingredients: [...h.ingredients], atc: [...h.atc] })), vocabulary: { id: v.id, version: v.version, source: drugVocabularySource() } };
  }

  /** The local report per rule and per model. */
  report(): CdsReport {
    return buildReport(this.s.cards, this.now());
  }
}
