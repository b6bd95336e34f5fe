import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { inSerializableTransaction } from '../../db/transaction.js';
import type { BusinessProfile } from '../../platform/business.js';
import type { Clock } from '../../platform/clock.js';
import { createSealer } from '../../platform/encryption.js';
import { ValidationFailed } from '../../platform/http/errors.js';
import { fieldError, validate } from '../../platform/http/validation.js';
import { newId, randomToken, sha256Hex } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { DataSubject, ErasureReport, PersonalDataFound, PersonalDataOperations } from '../../platform/privacy-register.js';
import { localDateOf } from '../../platform/time-zone.js';
import type { OutboxService } from '../outbox/index.js';
import { deadlineLevel, deadlinesOf, firstMonthRuns } from './deadlines.js';
import { rightsErrors } from './rights.errors.js';
import { accessMail, answerMail, confirmMail, erasureMail, extendedMail, identityMail, receivedMail, type Mail } from './rights.mails.js';
import { effectiveDueDate, PERSON, type EventKind, type ListedRequest, type PrivacyRequest } from './rights.model.js';
import * as queries from './rights.queries.js';
import { ownerTextSchema, privacyRequestSchema, rightsValidationTexts, typesNeedingDetails } from './rights.schemas.js';
import type { AnswerStep, PrivacyRequestType } from './rights.tables.js';
import { rightsPaths } from './rights.paths.js';

const HOUR = 3_600_000;
/** A confirmation link is valid 24 hours; an unconfirmed request is deleted after it. */
export const CONFIRM_HOURS = 24;
/** Requests accepted from one address in an hour; beyond, the answer is the same but nothing is stored or sent. */
export const REQUESTS_PER_ADDRESS_PER_HOUR = 5;
/**
 * Sending the data twice for one double click would mail the person twice: the step is taken once
 * within these minutes on a request (then it may be taken again, to send a fresh link). An erasure
 * is taken once per request: a second one would only mail an empty report.
 */
export const ANSWER_STEP_GUARD_MINUTES = 10;
/** An identity document: 5 MB at most, PDF, JPEG or PNG (told by their first bytes, not by what the browser says). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/**
 * Restriction and objection (GDPR arts. 18, 21), as the restrictions module keeps them; wired by
 * app.ts. Each call says why (the owner's text, also mailed to the person) and who acted.
 */
export interface RestrictionOperations {
  restrict(email: string, context: RestrictionContext): Promise<void>;
  lift(email: string, context: RestrictionContext): Promise<void>;
  objectToProspecting(email: string, context: RestrictionContext): Promise<void>;
}
export interface RestrictionContext {
  reason: string;
  /** The back-office member's e-mail. */
  by: string;
}

export interface RightsDeps {
  database: Database;
  clock: Clock;
  outbox: OutboxService;
  business: () => BusinessProfile;
  baseUrl: string;
  secretKey: string;
  /** The privacy engine's operations on one person; null until it is wired: the actions that need it are not offered. */
  personalData: PersonalDataOperations | null;
  /** Restriction and objection; null until wired: those actions are not offered. */
  restrictions: RestrictionOperations | null;
}

/** Who acts in the back office: their e-mail is written in the request's history. */
export interface Actor {
  email: string;
}

export type RightsService = ReturnType<typeof createRightsService>;

/** The kinds of document accepted, by their first bytes. */
function documentType(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return undefined;
}

/**
 * Rights requests: intake confirmed by a mailed link, calendar-month deadlines, the owner's steps
 * (identity, extension, answer per type, close), each written to the request's history.
 */
export function createRightsService(deps: RightsDeps) {
  const { database, clock, outbox, business } = deps;
  const { db } = database;
  const sealer = createSealer(deps.secretKey, 'privacy-request-identity-document');
  const zone = () => business().timezone;
  const today = () => localDateOf(clock.now().getTime(), zone());

  async function enqueueMail(trx: Transaction<DB>, kind: string, request: Pick<PrivacyRequest, 'email' | 'locale'>, mail: Mail, oneTimeLink = false) {
    // 'legal': answering a rights request is the law's, so it reaches a restricted or objecting person too.
    await outbox.enqueue(trx, { kind, category: 'legal', recipient: request.email, locale: request.locale, ...mail, ...(oneTimeLink ? { eraseAfterSending: true } : {}) });
  }

  async function event(trx: Transaction<DB>, requestId: string, kind: EventKind, actor: string, detail?: string | null) {
    await queries.insertEvent(trx, requestId, { at: clock.now().toISOString(), kind, actor, detail: detail ?? null });
  }

  async function openRequest(id: string): Promise<PrivacyRequest> {
    const request = await queries.requestById(db, id);
    if (!request || request.status === 'unconfirmed') throw rightsErrors.REQUEST_NOT_FOUND();
    if (request.status === 'closed') throw rightsErrors.REQUEST_CLOSED();
    return request;
  }

  function ownerText(input: unknown, locale: Locale): string {
    return validate(ownerTextSchema, input, locale, rightsValidationTexts).text;
  }

  function operations(): PersonalDataOperations {
    if (!deps.personalData) throw rightsErrors.NOT_WIRED();
    return deps.personalData;
  }
  function restrictions(): RestrictionOperations {
    if (!deps.restrictions) throw rightsErrors.NOT_WIRED();
    return deps.restrictions;
  }
  function expectType(request: PrivacyRequest, types: PrivacyRequestType[]) {
    if (!types.includes(request.type)) throw rightsErrors.WRONG_TYPE();
  }

  /**
   * Writes an answer step and mails the person, in one transaction (the mail leaves after commit);
   * `alsoWrite` joins that transaction (the request marked erased with its report).
   */
  async function answered(
    request: PrivacyRequest,
    actor: Actor,
    detail: string,
    mail: { kind: string; mail: Mail; eraseAfterSending?: true } | undefined,
    alsoWrite?: (trx: Transaction<DB>) => Promise<void>,
  ) {
    await inSerializableTransaction(database, async (trx) => {
      await event(trx, request.id, 'answered', actor.email, detail);
      if (mail) await enqueueMail(trx, mail.kind, request, mail.mail, mail.eraseAfterSending === true);
      await alsoWrite?.(trx);
    });
    if (mail) outbox.wake();
  }

  /**
   * Runs an answer step that erases or mails, at most once for a double click: the step is taken
   * in its own transaction (one conditional statement, so two concurrent clicks cannot both take
   * it), then run, given the instant it was taken; a repeat within ANSWER_STEP_GUARD_MINUTES finds
   * it taken and does nothing. A step that fails is given back; one left taken by a process that
   * stopped midway can be taken again once the guard has passed. An erasure carried out in full
   * marks the request erased: never taken again. Whether the step ran.
   */
  async function onceForAClick(request: PrivacyRequest, step: Exclude<AnswerStep, 'erased'>, run: (takenAtIso: string) => Promise<{ retry?: boolean } | void>): Promise<boolean> {
    const now = clock.now();
    const nowIso = now.toISOString();
    const since = new Date(now.getTime() - ANSWER_STEP_GUARD_MINUTES * 60_000).toISOString();
    if (!(await inSerializableTransaction(database, (trx) => queries.takeAnswerStep(trx, request.id, step, nowIso, since)))) return false;
    const giveBack = () => inSerializableTransaction(database, (trx) => queries.releaseAnswerStep(trx, request.id, step, nowIso));
    try {
      if ((await run(nowIso))?.retry) await giveBack();
    } catch (error) {
      await giveBack();
      throw error;
    }
    return true;
  }

  return {
    /** Which actions this installation can take (the engine and the restriction flags may not be wired yet). */
    /** Today in the business's time zone (YYYY-MM-DD): deadlines are counted in its days. */
    today,

    capabilities: () => ({ personalData: deps.personalData !== null, restrictions: deps.restrictions !== null }),

    /**
     * A request from the form or the API. Whoever the address belongs to (a customer, nobody), the
     * same happens: a request stored unconfirmed and a confirmation link mailed to that address;
     * the caller answers the same. Only invalid input is refused.
     */
    async submit(input: unknown, locale: Locale): Promise<void> {
      const parsed = validate(privacyRequestSchema, input, locale, rightsValidationTexts);
      if (typesNeedingDetails.includes(parsed.type) && !parsed.details) throw new ValidationFailed([fieldError('details', 'required', locale, rightsValidationTexts)]);
      const email = parsed.email.toLowerCase();
      const now = clock.now();
      const token = randomToken(32);
      const mail = confirmMail({ business: business(), locale, type: parsed.type, url: `${deps.baseUrl}${rightsPaths.confirm(locale, token)}`, hours: CONFIRM_HOURS });
      const sent = await inSerializableTransaction(database, async (trx) => {
        // One address cannot be used to flood its own mailbox; the answer stays the same.
        if ((await queries.countRequestsSince(trx, email, new Date(now.getTime() - HOUR).toISOString())) >= REQUESTS_PER_ADDRESS_PER_HOUR) return false;
        const id = newId();
        await queries.insertRequest(trx, {
          id,
          type: parsed.type,
          email,
          details: parsed.details ?? null,
          deceasedEmail: parsed.deceasedEmail?.toLowerCase() ?? null,
          locale,
          at: now.toISOString(),
          tokenHash: sha256Hex(token),
          expiresAt: new Date(now.getTime() + CONFIRM_HOURS * HOUR).toISOString(),
        });
        await event(trx, id, 'submitted', PERSON);
        await enqueueMail(trx, 'privacy-request-confirm', { email, locale }, mail, true);
        return true;
      });
      if (sent) outbox.wake();
    },

    /** Whether a confirmation link would still confirm (its page shows the button, or says why not). */
    async confirmationOf(token: string): Promise<PrivacyRequest | undefined> {
      return queries.unconfirmedByToken(db, sha256Hex(token), clock.now().toISOString());
    },

    /** Confirms: the request is received now, and due one calendar month after today (business time zone). */
    async confirm(token: string): Promise<PrivacyRequest> {
      const now = clock.now();
      const { dueDate } = deadlinesOf(now, zone());
      const id = await inSerializableTransaction(database, async (trx) => {
        const confirmed = await queries.confirm(trx, sha256Hex(token), { nowIso: now.toISOString(), dueDate });
        if (!confirmed) throw rightsErrors.CONFIRM_LINK_INVALID();
        const request = (await queries.requestById(trx, confirmed))!;
        await event(trx, confirmed, 'confirmed', PERSON, dueDate);
        await enqueueMail(trx, 'privacy-request-received', request, receivedMail({ business: business(), locale: request.locale, type: request.type, dueDate }));
        return confirmed;
      });
      outbox.wake();
      return (await queries.requestById(db, id))!;
    },

    /** Open requests, due first first, each with how close its deadline is. */
    async listOpen(): Promise<ListedRequest[]> {
      const day = today();
      return (await queries.openRequests(db)).map((r) => {
        const due = effectiveDueDate(r)!;
        return { ...r, due, level: deadlineLevel(day, due) };
      });
    },

    listClosed: (limit = 20) => queries.closedRequests(db, limit),

    /** The dashboard's count: open requests, and how many are near or past their deadline. */
    async dueSummary(): Promise<{ open: number; soon: number; overdue: number }> {
      const day = today();
      const levels = (await queries.openDueDates(db)).map((due) => deadlineLevel(day, due));
      return { open: levels.length, soon: levels.filter((l) => l === 'soon').length, overdue: levels.filter((l) => l === 'overdue').length };
    },

    /** A request with its history, the directives its address left, and whether an identity document is held. */
    async details(id: string) {
      const request = await queries.requestById(db, id);
      if (!request || request.status === 'unconfirmed') throw rightsErrors.REQUEST_NOT_FOUND();
      const [events, directives, deceasedDirectives, document] = await Promise.all([
        queries.eventsOf(db, id),
        queries.directivesOf(db, request.email),
        // An heir writes from their own address: the directives that matter are those the deceased person left.
        request.deceasedEmail ? queries.directivesOf(db, request.deceasedEmail) : Promise.resolve([]),
        queries.documentOf(db, id),
      ]);
      const due = effectiveDueDate(request);
      const day = today();
      return {
        request,
        events,
        directives: directives.filter((d) => d.id !== id),
        deceasedDirectives: deceasedDirectives.filter((d) => d.id !== id),
        hasDocument: document !== undefined,
        level: due && request.status === 'open' ? deadlineLevel(day, due) : undefined,
        canExtend: request.status === 'open' && request.extendedDueDate === null && request.dueDate !== null && firstMonthRuns(day, request.dueDate),
        today: day,
      };
    },

    /** Directives left from an address: an heir's request, the customer's page. */
    directivesFor: (email: string) => queries.directivesOf(db, email.trim().toLowerCase()),

    /** Two more months, only while the first runs, with a reason mailed to the person. */
    async extend(id: string, input: unknown, actor: Actor, locale: Locale): Promise<void> {
      const reason = ownerText(input, locale);
      const request = await openRequest(id);
      if (request.extendedDueDate) throw rightsErrors.ALREADY_EXTENDED();
      if (!request.dueDate || !firstMonthRuns(today(), request.dueDate)) throw rightsErrors.EXTENSION_TOO_LATE();
      const { extendedDueDate } = deadlinesOf(new Date(request.receivedAt!), zone());
      await inSerializableTransaction(database, async (trx) => {
        await queries.update(trx, id, { extended_due_date: extendedDueDate });
        await event(trx, id, 'extended', actor.email, reason);
        await enqueueMail(trx, 'privacy-request-extended', request, extendedMail({ business: business(), locale: request.locale, type: request.type, reason, dueDate: extendedDueDate }));
      });
      outbox.wake();
    },

    /** Asks the person for an identity document, only where there is reasonable doubt (the reason is recorded and mailed). */
    async askIdentity(id: string, input: unknown, actor: Actor, locale: Locale): Promise<void> {
      const reason = ownerText(input, locale);
      const request = await openRequest(id);
      const token = randomToken(32);
      const url = `${deps.baseUrl}${rightsPaths.identity(request.locale, token)}`;
      await inSerializableTransaction(database, async (trx) => {
        await queries.update(trx, id, { identity_status: 'asked', identity_token_hash: sha256Hex(token) });
        await queries.deleteDocument(trx, id);
        await event(trx, id, 'identity_asked', actor.email, reason);
        await enqueueMail(trx, 'privacy-request-identity', request, identityMail({ business: business(), locale: request.locale, type: request.type, reason, url }), true);
      });
      outbox.wake();
    },

    identityLinkIsLive: async (token: string) => (await queries.requestByIdentityToken(db, sha256Hex(token))) !== undefined,

    /** The person's upload through their private link: checked by its first bytes, sealed, the link spent. */
    async uploadIdentity(token: string, file: Buffer | 'too-large' | undefined): Promise<void> {
      const hash = sha256Hex(token);
      const request = await queries.requestByIdentityToken(db, hash);
      if (!request) throw rightsErrors.IDENTITY_LINK_INVALID();
      if (file === 'too-large') throw rightsErrors.DOCUMENT_TOO_LARGE();
      const contentType = file && file.length > 0 ? documentType(file) : undefined;
      if (!file || !contentType) throw rightsErrors.DOCUMENT_TYPE();
      const sealed = sealer.sealBytes(file, request.id);
      await inSerializableTransaction(database, async (trx) => {
        if (!(await queries.putDocument(trx, request.id, hash, { contentType, sealed, at: clock.now().toISOString() }))) throw rightsErrors.IDENTITY_LINK_INVALID();
        await event(trx, request.id, 'identity_received', PERSON, contentType);
      });
    },

    /** The document, opened for the owner; each reading is written in the history. */
    async identityDocument(id: string, actor: Actor): Promise<{ contentType: string; bytes: Buffer }> {
      const request = await openRequest(id);
      const document = await queries.documentOf(db, id);
      const bytes = document && sealer.openBytes(document.sealed, request.id);
      if (!document || !bytes) throw rightsErrors.IDENTITY_NOT_RECEIVED();
      await inSerializableTransaction(database, (trx) => event(trx, id, 'identity_viewed', actor.email));
      return { contentType: document.contentType, bytes };
    },

    /** Identity checked: the document is deleted at once (it served its purpose). */
    async identityChecked(id: string, actor: Actor): Promise<void> {
      await openRequest(id);
      await inSerializableTransaction(database, async (trx) => {
        const deleted = await queries.deleteDocument(trx, id);
        await queries.update(trx, id, { identity_status: 'checked', identity_token_hash: null });
        await event(trx, id, 'identity_checked', actor.email, deleted > 0 ? 'document-deleted' : null);
      });
    },

    // --- answers, per type --------------------------------------------------------------------

    /** Access or portability: the engine's zip, its link mailed to the person. */
    async sendAccessArchive(id: string, actor: Actor): Promise<void> {
      const request = await openRequest(id);
      expectType(request, ['access', 'portability']);
      const ops = operations();
      await onceForAClick(request, 'access', async () => {
        const archive = await ops.produceAccessArchive(await ops.subjectForEmail(request.email), request.locale);
        const url = `${deps.baseUrl}${archive.path}`;
        await answered(request, actor, `access-archive:${archive.expiresAt.toISOString()}`, { kind: 'privacy-request-access', mail: accessMail({ business: business(), locale: request.locale, url, expiresAt: archive.expiresAt }) });
      });
    },

    /** What an erasure would touch: shown before the owner confirms it. */
    async erasurePreview(id: string): Promise<{ subject: DataSubject; found: (PersonalDataFound & { module: string })[] }> {
      const request = await openRequest(id);
      expectType(request, ['erasure']);
      const ops = operations();
      const subject = await ops.subjectForEmail(request.email);
      return { subject, found: await ops.find(subject) };
    },

    /** Erases through the engine and mails the person its report in plain words; undefined when this was a repeated click. */
    async erase(id: string, actor: Actor): Promise<ErasureReport | undefined> {
      const request = await openRequest(id);
      expectType(request, ['erasure']);
      const ops = operations();
      let report: ErasureReport | undefined;
      await onceForAClick(request, 'erase', async (takenAtIso) => {
        report = await ops.erase(await ops.subjectForEmail(request.email));
        const done = report;
        const summary = done.lines.map((l) => `${l.module}/${l.kind}: ${l.action} ${l.count}`).join('; ') + (done.failed.length ? ` — failed: ${done.failed.map((f) => f.module).join(', ')}` : '');
        await answered(
          request,
          actor,
          summary,
          {
            kind: 'privacy-request-erasure',
            mail: erasureMail({ business: business(), locale: request.locale, report: done }),
            // Sent to the person just erased: the copy is emptied once delivered, so that it does not bring them back into the outbox.
            eraseAfterSending: true,
          },
          // Carried out in full: marked with its report, so that no later click erases and mails again.
          done.failed.length === 0 ? (trx) => queries.markErased(trx, request.id, takenAtIso) : undefined,
        );
        // A part of the erasure failed: the owner may run it again at once, for what was left.
        return { retry: done.failed.length > 0 };
      });
      return report;
    },

    /** Restriction, its lifting, or objection to prospecting, through the restriction flags; the person is told. */
    async applyRestriction(id: string, action: 'restrict' | 'lift' | 'object', input: unknown, actor: Actor, locale: Locale): Promise<void> {
      const text = ownerText(input, locale);
      const request = await openRequest(id);
      expectType(request, action === 'object' ? ['objection'] : ['restriction']);
      const ops = restrictions();
      const context: RestrictionContext = { reason: text, by: actor.email };
      if (action === 'restrict') await ops.restrict(request.email, context);
      else if (action === 'lift') await ops.lift(request.email, context);
      else await ops.objectToProspecting(request.email, context);
      await answered(request, actor, `${action}: ${text}`, { kind: 'privacy-request-answer', mail: answerMail({ business: business(), locale: request.locale, type: request.type, text }) });
    },

    /**
     * A written answer: the reply to a question, what was corrected (the change itself is made on
     * the customer's page, with its audit), the acknowledgement of directives. Mailed to the person.
     */
    async reply(id: string, input: unknown, actor: Actor, locale: Locale): Promise<void> {
      const text = ownerText(input, locale);
      const request = await openRequest(id);
      await answered(request, actor, text, { kind: 'privacy-request-answer', mail: answerMail({ business: business(), locale: request.locale, type: request.type, text }) });
    },

    /** Closes the request; an identity document still held is deleted with it. */
    async close(id: string, input: unknown, actor: Actor, locale: Locale): Promise<void> {
      const note = validate(ownerTextSchema.partial(), input, locale, rightsValidationTexts).text ?? null;
      await openRequest(id);
      await inSerializableTransaction(database, async (trx) => {
        await queries.deleteDocument(trx, id);
        await queries.update(trx, id, { status: 'closed', closed_at: clock.now().toISOString(), identity_token_hash: null });
        await event(trx, id, 'closed', actor.email, note);
      });
    },
  };
}

