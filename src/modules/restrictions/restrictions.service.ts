import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/dialect.js';
import type { Clock } from '../../platform/clock.js';
import { validate } from '../../platform/http/validation.js';
import { newId } from '../../platform/ids.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { MailCategory, MailRefusal } from '../outbox/index.js';
import { createAddressHasher, normaliseAddress } from './restrictions.hash.js';
import { restrictionErrors } from './restrictions.errors.js';
import type { Actor, NoticeRecipient, Objection, PrivacyStanding, RecipientNotice, Restriction } from './restrictions.model.js';
import * as queries from './restrictions.queries.js';
import { actorSchema, noticeFormSchema, restrictFormSchema, restrictionValidationTexts } from './restrictions.schemas.js';

export interface RestrictionsDeps {
  database: Database;
  clock: Clock;
  /** SECRET_KEY: the key of the addresses' hashes is derived from it. */
  secretKey: string;
  /** The customer record known by this address (customers module, wired by app.ts): a restriction follows the record. */
  customerIdOf: (email: string) => Promise<string | null>;
  /** Who may have to be told of a rectification, an erasure or a restriction (art. 19): from the register, wired by app.ts. */
  noticeRecipients?: () => NoticeRecipient[];
}

/** The person a change is about: their address, and their customer record when they have one. */
export interface Person {
  email: string;
  customerId?: string | null;
}

/** Mail the law or a booking requires, and information on a change of the policy: sent whatever the person asked. */
const ALWAYS_SENT: ReadonlySet<MailCategory> = new Set(['transactional', 'legal', 'information']);

export type RestrictionsService = ReturnType<typeof createRestrictionsService>;

/**
 * Restriction of processing (GDPR art. 18), objection to prospecting (art. 21) and the log of
 * recipients told of a change (art. 19). A restriction is a quarantine: while it holds, only mail
 * the law or a booking requires reaches the person, and their data leaves in no export but theirs.
 * An objection puts the address on a suppression list kept as a keyed hash, so that it outlives
 * the person's erasure without their address.
 */
export function createRestrictionsService(deps: RestrictionsDeps) {
  const { database, clock } = deps;
  const db = database.db;
  const hash = createAddressHasher(deps.secretKey);

  function addressOf(email: string): string {
    const address = normaliseAddress(email);
    if (address.length < 3 || address.length > 254 || !address.includes('@')) throw restrictionErrors.RESTRICTION_EMAIL_INVALID();
    return address;
  }

  const actorOf = (actor: Actor) => validate(actorSchema, actor.by, 'en', restrictionValidationTexts);

  /** The restriction in force for a person: by their address, or by their customer record (an address rectified since). */
  async function restrictionOf(person: Person): Promise<Restriction | undefined> {
    const address = addressOf(person.email);
    const customerId = person.customerId === undefined ? await deps.customerIdOf(address) : person.customerId;
    return queries.selectRestrictionInForce(db, hash(address), customerId);
  }

  async function restrict(email: string, input: { reason: string; by: string }, locale: Locale = 'fr'): Promise<Restriction> {
    const address = addressOf(email);
    const { reason } = validate(restrictFormSchema, { reason: input.reason }, locale, restrictionValidationTexts);
    const by = actorOf(input);
    const customerId = await deps.customerIdOf(address);
    const existing = await queries.selectRestrictionInForce(db, hash(address), customerId);
    if (existing) return existing;
    const restriction: Restriction = { id: newId(), customerId, reason, restrictedAt: clock.now().toISOString(), restrictedBy: by, liftedAt: null, liftedBy: null };
    try {
      await queries.insertRestriction(db, {
        id: restriction.id,
        email_hash: hash(address),
        customer_id: customerId,
        reason,
        restricted_at: restriction.restrictedAt,
        restricted_by: by,
        lifted_at: null,
        lifted_by: null,
      });
    } catch (error) {
      // Recorded meanwhile (a rights request and the owner at once): the first one holds.
      if (!isUniqueViolation(error)) throw error;
      return (await queries.selectRestrictionInForce(db, hash(address), customerId))!;
    }
    return restriction;
  }

  /** Lifts the restriction in force; RESTRICTION_NOT_IN_FORCE when there is none. */
  async function lift(email: string, actor: Actor): Promise<void> {
    const address = addressOf(email);
    const by = actorOf(actor);
    const lifted = await queries.liftRestrictions(db, hash(address), await deps.customerIdOf(address), clock.now().toISOString(), by);
    if (lifted === 0) throw restrictionErrors.RESTRICTION_NOT_IN_FORCE();
  }

  /** Puts the address on the suppression list; a second objection keeps the first date. */
  async function objectToProspecting(email: string, actor: Actor): Promise<Objection> {
    const emailHash = hash(addressOf(email));
    await queries.insertObjection(db, { email_hash: emailHash, objected_at: clock.now().toISOString(), recorded_by: actorOf(actor) });
    return (await queries.selectObjection(db, emailHash))!;
  }

  async function isSuppressed(email: string): Promise<boolean> {
    return (await queries.selectObjection(db, hash(addressOf(email)))) !== undefined;
  }

  /**
   * The outbox's mail policy, asked before each delivery: mail required by a booking or by the law,
   * and information on a policy change, always go; marketing and surveys never reach a restricted
   * person nor one who objected to prospecting.
   */
  async function mayMail(email: string, category: MailCategory): Promise<MailRefusal | null> {
    if (ALWAYS_SENT.has(category)) return null;
    const address = normaliseAddress(email);
    if (await queries.selectRestrictionInForce(db, hash(address), await deps.customerIdOf(address))) return 'restricted';
    if (await queries.selectObjection(db, hash(address))) return 'suppressed';
    return null;
  }

  return {
    restrict,
    lift,
    isRestricted: async (email: string): Promise<boolean> => (await restrictionOf({ email })) !== undefined,
    restrictionOf,
    objectToProspecting,
    isSuppressed,
    mayMail,

    /** Where a person stands, for their customer page. */
    async standingOf(person: Person): Promise<PrivacyStanding> {
      const address = addressOf(person.email);
      const [restriction, objection] = await Promise.all([restrictionOf(person), queries.selectObjection(db, hash(address))]);
      return { restriction, objection };
    },

    /**
     * Who among these people is restricted or objected, read at once (the customers list's badges,
     * the owner's exports): the restrictions in force are few, the hashes are made here.
     */
    async standingsOf(people: readonly { id: string; email: string }[]): Promise<Map<string, { restricted: boolean; suppressed: boolean }>> {
      const inForce = await queries.selectRestrictionsInForce(db);
      const restrictedHashes = new Set(inForce.map((r) => r.emailHash));
      const restrictedCustomers = new Set(inForce.flatMap((r) => (r.customerId ? [r.customerId] : [])));
      const hashes = new Map(people.map((p) => [p.id, hash(p.email)]));
      const objected = new Set((await queries.selectObjections(db, [...new Set(hashes.values())])).map((o) => o.emailHash));
      return new Map(
        people.map((p) => {
          const h = hashes.get(p.id)!;
          return [p.id, { restricted: restrictedHashes.has(h) || restrictedCustomers.has(p.id), suppressed: objected.has(h) }];
        }),
      );
    },

    /** A test of restriction for many people at once, read once (an export of every customer or every booking). */
    async restrictedTest(): Promise<(person: { email: string; customerId?: string | null }) => boolean> {
      const inForce = await queries.selectRestrictionsInForce(db);
      const hashes = new Set(inForce.map((r) => r.emailHash));
      const customers = new Set(inForce.flatMap((r) => (r.customerId ? [r.customerId] : [])));
      if (inForce.length === 0) return () => false;
      return (person) => (person.customerId ? customers.has(person.customerId) : false) || (person.email !== '' && hashes.has(hash(person.email)));
    },

    /** Records that a recipient was told of a change (art. 19), or that nothing had to be passed on, and how. */
    async recordRecipientNotice(person: Person, input: unknown, actor: Actor, locale: Locale = 'fr'): Promise<RecipientNotice> {
      const address = addressOf(person.email);
      const notice = validate(noticeFormSchema, input, locale, restrictionValidationTexts);
      const customerId = person.customerId === undefined ? await deps.customerIdOf(address) : person.customerId;
      const row = {
        id: newId(),
        customer_id: customerId,
        subject_hash: hash(address),
        event: notice.event,
        recipient: notice.recipient,
        content: notice.content,
        method: notice.method,
        notified_at: clock.now().toISOString(),
        recorded_by: actorOf(actor),
      };
      await queries.insertNotice(db, row);
      return { id: row.id, customerId, event: row.event, recipient: row.recipient, content: row.content, method: row.method, notifiedAt: row.notified_at, recordedBy: row.recorded_by };
    },

    /** The recipients told of a change about this person, latest first (also after their erasure, by their address). */
    async noticesFor(person: Person): Promise<RecipientNotice[]> {
      const address = addressOf(person.email);
      const customerId = person.customerId === undefined ? await deps.customerIdOf(address) : person.customerId;
      return queries.selectNoticesOf(db, [hash(address)], customerId);
    },

    /** Who may have to be told (the configured payment providers, the processors declared in the register). */
    noticeRecipients: (): NoticeRecipient[] => deps.noticeRecipients?.() ?? [],
  };
}
