import type { Localized } from '../../platform/i18n/locale.js';
import type { NoticeEvent } from './restrictions.tables.js';

export type { NoticeEvent };

export interface Restriction {
  id: string;
  customerId: string | null;
  reason: string;
  restrictedAt: string;
  restrictedBy: string;
  liftedAt: string | null;
  liftedBy: string | null;
}

export interface Objection {
  objectedAt: string;
  recordedBy: string;
}

/** One line of the art. 19 log. */
export interface RecipientNotice {
  id: string;
  customerId: string | null;
  event: NoticeEvent;
  recipient: string;
  content: string;
  method: string;
  notifiedAt: string;
  recordedBy: string;
}

/** Where a person stands: shown on their customer page, and as badges in the customers list. */
export interface PrivacyStanding {
  restriction: Restriction | undefined;
  objection: Objection | undefined;
}

/** Who recorded a change: a back-office account's e-mail, or the rights request that asked for it. */
export interface Actor {
  by: string;
}

/** A recipient who may have to be told (art. 19), as the register and the configured providers name it. */
export interface NoticeRecipient {
  name: string;
  /** What it receives, and in which role. */
  description: Localized;
  /** What telling it means, for the owner: nothing to pass on (and why), or the manual action to take. */
  guidance: Localized;
}
