import type { BusinessProfile } from '../../platform/business.js';
import { formatDateTime } from '../../platform/i18n/format.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { mailFooterText, MailLayout, renderMailHtml } from '../../platform/mail/mail-layout.js';
import { timeZoneCity } from '../../platform/time-zone.js';
import type { AdminRole } from './admin.tables.js';

/** The back office's mails: an invitation to the team, a password-reset link. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const N = '\u00a0';

const texts = {
  fr: {
    role: (role: AdminRole) => (role === 'owner' ? 'responsable (accès complet)' : 'équipe (agenda, réservations et clients)'),
    inviteSubject: (business: string) => `Invitation à l’administration de ${business}`,
    inviteIntro: (business: string, inviter: string) => `${inviter} vous invite à rejoindre l’espace d’administration de ${business}.`,
    inviteRole: (role: string) => `Votre rôle${N}: ${role}.`,
    inviteAction: 'Choisir mon mot de passe',
    inviteExpiry: (until: string) => `Ce lien ne sert qu’une fois et vaut jusqu’au ${until} (48${N}heures).`,
    inviteIgnore: 'Si vous ne vous attendiez pas à cette invitation, ignorez ce message.',
    resetSubject: (business: string) => `Réinitialiser votre mot de passe · ${business}`,
    resetIntro: 'Vous avez demandé à réinitialiser le mot de passe de votre compte d’administration.',
    resetAction: 'Choisir un nouveau mot de passe',
    resetExpiry: `Ce lien ne sert qu’une fois et vaut une heure. En l’utilisant, vous fermerez toutes les sessions ouvertes de votre compte.`,
    resetIgnore: 'Si vous n’avez rien demandé, ignorez ce message\u00a0: votre mot de passe reste inchangé.',
    greeting: 'Bonjour,',
  },
  en: {
    role: (role: AdminRole) => (role === 'owner' ? 'owner (full access)' : 'staff (agenda, bookings and customers)'),
    inviteSubject: (business: string) => `Invitation to the ${business} back office`,
    inviteIntro: (business: string, inviter: string) => `${inviter} invites you to join the ${business} back office.`,
    inviteRole: (role: string) => `Your role: ${role}.`,
    inviteAction: 'Choose my password',
    inviteExpiry: (until: string) => `This link works once, until ${until} (48 hours).`,
    inviteIgnore: 'If you did not expect this invitation, ignore this message.',
    resetSubject: (business: string) => `Reset your password · ${business}`,
    resetIntro: 'You asked to reset the password of your back-office account.',
    resetAction: 'Choose a new password',
    resetExpiry: 'This link works once and for one hour. Using it ends every open session of your account.',
    resetIgnore: 'If you asked for nothing, ignore this message: your password stays as it is.',
    greeting: 'Hello,',
  },
};

function mail(locale: Locale, business: BusinessProfile, subject: string, paragraphs: string[], action: { label: string; url: string }, after: string[]): RenderedMail {
  const t = texts[locale];
  const text = [t.greeting, '', ...paragraphs.flatMap((p) => [p, '']), `${action.label}${locale === 'fr' ? `${N}:` : ':'}`, action.url, '', ...after.flatMap((p) => [p, '']), '--', mailFooterText(business)].join('\n');
  const html = renderMailHtml(
    <MailLayout locale={locale} business={business}>
      <p>{t.greeting}</p>
      {paragraphs.map((p) => (
        <p>{p}</p>
      ))}
      <p>
        <a href={action.url} style="display:inline-block;padding:12px 20px;background:#1f4e79;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:700">
          {action.label}
        </a>
      </p>
      {after.map((p) => (
        <p style="color:#555555;font-size:14px">{p}</p>
      ))}
    </MailLayout>,
  );
  return { subject, text, html };
}

export function invitationMail(p: { locale: Locale; business: BusinessProfile; inviter: string; role: AdminRole; url: string; expiresAt: string }): RenderedMail {
  const t = texts[p.locale];
  return mail(
    p.locale,
    p.business,
    t.inviteSubject(p.business.name),
    [t.inviteIntro(p.business.name, p.inviter), t.inviteRole(t.role(p.role))],
    { label: t.inviteAction, url: p.url },
    [t.inviteExpiry(`${formatDateTime(p.expiresAt, p.locale, p.business.timezone)}${p.locale === 'en' ? ` (${timeZoneCity(p.business.timezone)} time)` : ''}`), t.inviteIgnore],
  );
}

export function passwordResetMail(p: { locale: Locale; business: BusinessProfile; url: string }): RenderedMail {
  const t = texts[p.locale];
  return mail(p.locale, p.business, t.resetSubject(p.business.name), [t.resetIntro], { label: t.resetAction, url: p.url }, [t.resetExpiry, t.resetIgnore]);
}
