import type { BusinessProfile } from '../../platform/business.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { mailFooterText, MailLayout, renderMailHtml } from '../../platform/mail/mail-layout.js';

/**
 * The mail that tells a customer the privacy policy changed: information the law asks for, not
 * marketing (its outbox category is 'information'), in the customer's language, with the
 * sections that changed and links to the new version and to its changes.
 */
export function policyChangedMail(input: { business: BusinessProfile; locale: Locale; date: string; summary: string[]; policyUrl: string; changesUrl: string }): { subject: string; text: string; html: string } {
  const { business, locale, date, summary, policyUrl, changesUrl } = input;
  const fr = locale === 'fr';
  const subject = fr ? `${business.name}\u00a0: notre politique de confidentialité a changé` : `${business.name}: our privacy policy has changed`;
  const greeting = fr ? 'Bonjour,' : 'Hello,';
  const intro = fr
    ? `Notre politique de confidentialité a changé le ${date}. Vous recevez ce message parce que vous êtes client de ${business.name}\u00a0: il vous informe de la façon dont nous traitons vos données et n’a rien de publicitaire.`
    : `Our privacy policy changed on ${date}. You receive this message because you are a customer of ${business.name}: it tells you how we process your data and is not advertising.`;
  const listIntro = summary.length > 0 ? (fr ? 'Ce qui change\u00a0:' : 'What changes:') : fr ? 'Le texte a été mis à jour.' : 'The text was updated.';
  const read = fr ? 'Lire la nouvelle version' : 'Read the new version';
  const see = fr ? 'Voir les changements' : 'See the changes';
  const rights = fr
    ? `Pour toute question, ou pour exercer vos droits, écrivez à ${business.email}.`
    : `For any question, or to exercise your rights, write to ${business.email}.`;
  const colon = fr ? '\u00a0:' : ':';
  const text = [greeting, '', intro, '', listIntro, ...summary.map((s) => `- ${s}`), '', `${read}${colon} ${policyUrl}`, `${see}${colon} ${changesUrl}`, '', rights, '', '--', mailFooterText(business)].join('\n');
  const html = renderMailHtml(
    <MailLayout locale={locale} business={business}>
      <p style="margin:0 0 12px">{greeting}</p>
      <p style="margin:0 0 12px">{intro}</p>
      <p style="margin:0 0 8px">{listIntro}</p>
      {summary.length > 0 ? (
        <ul style="margin:0 0 12px">
          {summary.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      ) : null}
      <p style="margin:16px 0">
        <a href={policyUrl} style="display:inline-block;background:#1d4e89;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none">
          {read}
        </a>
      </p>
      <p style="margin:0 0 12px">
        <a href={changesUrl}>{see}</a>
      </p>
      <p style="margin:0 0 12px;font-size:14px;color:#333333">{rights}</p>
    </MailLayout>,
  );
  return { subject, text, html };
}
