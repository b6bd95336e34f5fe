import type { BusinessProfile } from '../../platform/business.js';
import { formatCalendarDate } from '../../platform/i18n/format.js';
import { businessPhone } from '../../platform/i18n/phone.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { ErasureReport } from '../../platform/privacy-register.js';
import { mailFooterText, MailLayout, renderMailHtml } from '../../platform/mail/mail-layout.js';
import { localDateOf } from '../../platform/time-zone.js';
import { typeTexts } from './rights.texts.js';
import type { PrivacyRequestType } from './rights.tables.js';

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

/** Every mail of a request: a greeting, paragraphs, an optional button, how to reach us. */
function requestMail(input: { business: BusinessProfile; locale: Locale; subject: string; paragraphs: string[]; list?: string[]; button?: { label: string; url: string }; after?: string[] }): Mail {
  const { business, locale, subject, paragraphs, list = [], button, after = [] } = input;
  const fr = locale === 'fr';
  const greeting = fr ? 'Bonjour,' : 'Hello,';
  const phone = business.phone ? businessPhone(business.phone, business.address.country) : null;
  const contact = phone
    ? fr
      ? `Une question\u00a0? Appelez-nous au ${phone.display} ou écrivez à ${business.email}.`
      : `A question? Call us on ${phone.display} or write to ${business.email}.`
    : fr
      ? `Une question\u00a0? Écrivez à ${business.email}.`
      : `A question? Write to ${business.email}.`;
  const text = [
    greeting,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...(list.length ? [...list.map((l) => `- ${l}`), ''] : []),
    ...(button ? [`${button.label}${fr ? '\u00a0:' : ':'} ${button.url}`, ''] : []),
    ...after.flatMap((p) => [p, '']),
    contact,
    '',
    '--',
    mailFooterText(business),
  ].join('\n');
  const html = renderMailHtml(
    <MailLayout locale={locale} business={business}>
      <p style="margin:0 0 12px">{greeting}</p>
      {paragraphs.map((p) => (
        <p style="margin:0 0 12px;white-space:pre-line">{p}</p>
      ))}
      {list.length ? (
        <ul style="margin:0 0 12px;padding-left:20px">
          {list.map((l) => (
            <li>{l}</li>
          ))}
        </ul>
      ) : null}
      {button ? (
        <p style="margin:16px 0">
          <a href={button.url} style="display:inline-block;background:#1d4e89;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none">
            {button.label}
          </a>
        </p>
      ) : null}
      {after.map((p) => (
        <p style="margin:0 0 12px;font-size:14px;color:#333333">{p}</p>
      ))}
      <p style="margin:0 0 12px;font-size:14px;color:#333333">{contact}</p>
    </MailLayout>,
  );
  return { subject, text, html };
}

const typeName = (type: PrivacyRequestType, locale: Locale) => typeTexts[type].name[locale];

/** The link that confirms the request (24 hours): only then does it count. */
export function confirmMail(input: { business: BusinessProfile; locale: Locale; type: PrivacyRequestType; url: string; hours: number }): Mail {
  const { business, locale, type, url, hours } = input;
  const fr = locale === 'fr';
  return requestMail({
    business,
    locale,
    subject: fr ? `Confirmez votre demande à ${business.name}` : `Confirm your request to ${business.name}`,
    paragraphs: [
      fr
        ? `Nous avons reçu une demande faite avec cette adresse e-mail\u00a0: «\u00a0${typeName(type, locale)}\u00a0». Pour qu’elle soit traitée, confirmez qu’elle vient bien de vous en appuyant sur le bouton ci-dessous. Le lien est valable ${hours}\u00a0heures.`
        : `We received a request made with this e-mail address: "${typeName(type, locale)}". For it to be handled, confirm that it comes from you with the button below. The link is valid for ${hours} hours.`,
    ],
    button: { label: fr ? 'Confirmer ma demande' : 'Confirm my request', url },
    after: [
      fr
        ? 'Si vous n’avez rien demandé, ignorez ce message\u00a0: sans confirmation, la demande est supprimée.'
        : 'If you did not ask for anything, ignore this message: without confirmation, the request is deleted.',
    ],
  });
}

const dateText = (isoDate: string, locale: Locale) => formatCalendarDate(isoDate, locale);

/** Sent at confirmation: the request is received, and answered by its due date. */
export function receivedMail(input: { business: BusinessProfile; locale: Locale; type: PrivacyRequestType; dueDate: string }): Mail {
  const { business, locale, type, dueDate } = input;
  const fr = locale === 'fr';
  return requestMail({
    business,
    locale,
    subject: fr ? 'Votre demande est bien reçue' : 'Your request has been received',
    paragraphs: [
      fr
        ? `Merci, votre demande «\u00a0${typeName(type, locale)}\u00a0» est confirmée. Nous vous répondrons au plus tard le ${dateText(dueDate, locale)}.`
        : `Thank you, your request "${typeName(type, locale)}" is confirmed. We will answer by ${dateText(dueDate, locale)} at the latest.`,
    ],
  });
}

export function extendedMail(input: { business: BusinessProfile; locale: Locale; type: PrivacyRequestType; reason: string; dueDate: string }): Mail {
  const { business, locale, type, reason, dueDate } = input;
  const fr = locale === 'fr';
  return requestMail({
    business,
    locale,
    subject: fr ? 'Votre demande\u00a0: nous avons besoin de plus de temps' : 'Your request: we need more time',
    paragraphs: [
      fr
        ? `Votre demande «\u00a0${typeName(type, locale)}\u00a0» nous demande plus de temps que prévu. Comme la loi le permet (RGPD, art.\u00a012.3), nous prolongeons le délai de deux mois\u00a0: nous vous répondrons au plus tard le ${dateText(dueDate, locale)}.`
        : `Your request "${typeName(type, locale)}" needs more time than planned. As the law allows (GDPR, art. 12(3)), we extend the deadline by two months: we will answer by ${dateText(dueDate, locale)} at the latest.`,
      fr ? `La raison\u00a0: ${reason}` : `The reason: ${reason}`,
    ],
  });
}

export function identityMail(input: { business: BusinessProfile; locale: Locale; type: PrivacyRequestType; reason: string; url: string }): Mail {
  const { business, locale, type, reason, url } = input;
  const fr = locale === 'fr';
  return requestMail({
    business,
    locale,
    subject: fr ? 'Votre demande\u00a0: un justificatif d’identité' : 'Your request: a proof of identity',
    paragraphs: [
      fr
        ? `Pour traiter votre demande «\u00a0${typeName(type, locale)}\u00a0», nous devons nous assurer qu’elle vient bien de vous.`
        : `To handle your request "${typeName(type, locale)}", we need to make sure it comes from you.`,
      fr ? `Pourquoi\u00a0: ${reason}` : `Why: ${reason}`,
      fr
        ? 'Envoyez-nous une pièce d’identité (PDF, photo JPEG ou PNG, 5\u00a0Mo au plus) par le lien ci-dessous. Vous pouvez masquer ce qui n’est pas utile (numéro du document, photo). Le fichier est chiffré, et supprimé dès que nous l’avons vérifié.'
        : 'Send us an identity document (PDF, JPEG photo or PNG, 5 MB at most) through the link below. You may hide what is not needed (document number, photo). The file is encrypted, and deleted as soon as we have checked it.',
    ],
    button: { label: fr ? 'Envoyer mon justificatif' : 'Send my proof of identity', url },
  });
}

export function accessMail(input: { business: BusinessProfile; locale: Locale; url: string; expiresAt: Date }): Mail {
  const { business, locale, url, expiresAt } = input;
  const fr = locale === 'fr';
  const until = localDateOf(expiresAt.getTime(), business.timezone);
  return requestMail({
    business,
    locale,
    subject: fr ? 'Vos informations sont prêtes' : 'Your information is ready',
    paragraphs: [
      fr
        ? `Voici une copie de toutes les informations que nous gardons sur vous, dans un fichier zip\u00a0: un résumé à lire, et les mêmes informations dans des fichiers qu’un autre logiciel sait lire. Le lien est valable jusqu’au ${dateText(until, locale)}.`
        : `Here is a copy of everything we keep about you, in a zip file: a summary to read, and the same information in files other software can read. The link is valid until ${dateText(until, locale)}.`,
    ],
    button: { label: fr ? 'Télécharger mes informations' : 'Download my information', url },
  });
}

const actionText = {
  // Nouns: the labels (« Réservations », « Facture ») have every gender and number.
  fr: { deleted: 'suppression', anonymised: 'anonymisation', archived: 'mise aux archives légales', kept: 'conservation' },
  en: { deleted: 'deleted', anonymised: 'made anonymous', archived: 'moved to the legal archive', kept: 'kept' },
};

/** The erasure report in plain words: what was removed, what was kept, on which ground, until when. */
export function erasureMail(input: { business: BusinessProfile; locale: Locale; report: ErasureReport }): Mail {
  const { business, locale, report } = input;
  const fr = locale === 'fr';
  const lines = report.lines
    .filter((l) => l.count > 0)
    .map((l) => {
      const what = `${l.label[locale]} (${l.count})\u00a0: ${actionText[locale][l.action]}`;
      const why = l.ground ? (fr ? ` (motif\u00a0: ${l.ground.fr})` : ` (ground: ${l.ground.en})`) : '';
      const until = l.until ? (fr ? `, jusqu’au ${dateText(l.until, locale)}` : `, until ${dateText(l.until, locale)}`) : '';
      return fr ? `${what}${why}${until}.` : `${what.replace('\u00a0:', ':')}${why}${until}.`;
    });
  return requestMail({
    business,
    locale,
    subject: fr ? 'Vos informations ont été effacées' : 'Your information has been erased',
    paragraphs: [
      lines.length
        ? fr
          ? 'Voici ce que nous avons fait de chaque information que nous avions sur vous\u00a0:'
          : 'Here is what we did with each piece of information we held about you:'
        : fr
          ? 'Nous n’avions plus aucune information sur vous.'
          : 'We no longer held any information about you.',
    ],
    list: lines,
    after: report.failed.length
      ? [fr ? 'Une partie n’a pas pu être effacée tout de suite\u00a0; nous la reprenons et vous écrirons.' : 'Part of it could not be erased at once; we are taking it up again and will write to you.']
      : [fr ? 'Ce qui est archivé n’est consultable que par le responsable et sera supprimé à la date indiquée.' : 'What is archived can only be read by the controller and will be deleted on the date given.'],
  });
}

/** A free-text answer (a question, a rectification done, a restriction or objection applied, directives recorded). */
export function answerMail(input: { business: BusinessProfile; locale: Locale; type: PrivacyRequestType; text: string }): Mail {
  const { business, locale, type, text } = input;
  const fr = locale === 'fr';
  return requestMail({
    business,
    locale,
    subject: fr ? `Réponse à votre demande\u00a0: ${typeName(type, locale)}` : `Answer to your request: ${typeName(type, locale)}`,
    paragraphs: [text],
  });
}

