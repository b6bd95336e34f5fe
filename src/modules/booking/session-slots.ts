import type { Slot } from './availability.js';

/**
 * The slots of a session service are its sessions. A session offers its places less the
 * places booked in it; it is not offered inside the minimum notice or beyond the horizon;
 * a closure over it leaves it no place. Opening hours do not apply: the owner placed the
 * session, and other bookings around it do not shorten it either (the agenda's other
 * services see the session as busy instead, see `sessionsAsBusyPeriods`).
 */
export interface SessionSlotInput {
  sessions: { id: string; startsAt: string; endsAt: string; places: number }[];
  /** Places booked per session id (confirmed bookings). */
  booked: Map<string, number>;
  closures: { startsAt: string; endsAt: string }[];
  now: number;
  minNoticeMinutes: number;
  horizonDays: number;
  ignoreNoticeAndHorizon?: boolean;
  includeUnavailable?: boolean;
}

const MINUTE = 60_000;

export function computeSessionSlots(input: SessionSlotInput): Slot[] {
  const earliest = input.ignoreNoticeAndHorizon ? -Infinity : input.now + input.minNoticeMinutes * MINUTE;
  const latest = input.ignoreNoticeAndHorizon ? Infinity : input.now + input.horizonDays * 24 * 60 * MINUTE;
  const closures = input.closures.map((c) => ({ from: Date.parse(c.startsAt), to: Date.parse(c.endsAt) }));
  const slots: Slot[] = [];
  for (const session of input.sessions) {
    const start = Date.parse(session.startsAt);
    const end = Date.parse(session.endsAt);
    if (start < earliest || start > latest) continue;
    const closed = closures.some((c) => c.from < end && c.to > start);
    const remaining = closed ? 0 : Math.max(0, session.places - (input.booked.get(session.id) ?? 0));
    if (remaining > 0 || input.includeUnavailable) slots.push({ start, end, remaining, sessionId: session.id });
  }
  return slots.sort((a, b) => a.start - b.start);
}

/** Open sessions keep the agenda busy for every other service, booked or not yet: like closures. */
export function sessionsAsBusyPeriods(sessions: { serviceId: string; startsAt: string; endsAt: string }[], serviceId: string) {
  return sessions.filter((s) => s.serviceId !== serviceId).map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt }));
}
