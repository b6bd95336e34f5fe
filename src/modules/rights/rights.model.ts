import type { Locale } from '../../platform/i18n/locale.js';
import type { IdentityStatus, PrivacyRequestStatus, PrivacyRequestType } from './rights.tables.js';

export type { IdentityStatus, PrivacyRequestStatus, PrivacyRequestType };

export interface PrivacyRequest {
  id: string;
  type: PrivacyRequestType;
  email: string;
  details: string | null;
  locale: Locale;
  status: PrivacyRequestStatus;
  createdAt: string;
  receivedAt: string | null;
  dueDate: string | null;
  extendedDueDate: string | null;
  identityStatus: IdentityStatus | null;
  closedAt: string | null;
  /** An heir's request: the deceased person's address. */
  deceasedEmail: string | null;
}

/** An open request as the back office lists it: the day it is due by, and how close that is. */
export interface ListedRequest extends PrivacyRequest {
  due: string;
  level: 'ok' | 'soon' | 'overdue';
}

/** The day the request must be answered by: the extended one once extended. */
export function effectiveDueDate(request: Pick<PrivacyRequest, 'dueDate' | 'extendedDueDate'>): string | null {
  return request.extendedDueDate ?? request.dueDate;
}

/** The steps of a request's history, as the back office names them. */
export type EventKind =
  | 'submitted'
  | 'confirmed'
  | 'identity_asked'
  | 'identity_received'
  | 'identity_viewed'
  | 'identity_checked'
  | 'extended'
  | 'answered'
  | 'closed';

export interface RequestEvent {
  id: string;
  at: string;
  kind: EventKind;
  actor: string;
  detail: string | null;
}

/** Who did a step: a back-office member (their e-mail), the person, or the application. */
export const PERSON = 'person';
export const SYSTEM = 'system';
