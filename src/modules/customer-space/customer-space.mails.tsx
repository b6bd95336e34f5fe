import type { BusinessProfile } from '../../platform/business.js';
import { businessPhone } from '../../platform/i18n/phone.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { mailFooterText, MailLayout, renderMailHtml } from '../../platform/mail/mail-layout.js';
import { customerName, type Customer } from '../customers/index.js';

/** The sign-in link's mail, in the language of the page where it was asked for. */
export function signInMail(input: { customer: Customer; url: string; business: BusinessProfile; locale: Locale; minutes: number }): { subject: string; text: string; html: string } {
  const { customer, url, business, locale, minutes } = input;
  const fr = locale === 'fr';
  const name = customerName(customer) === customer.email ? '' : customerName(customer);
  const greeting = fr ? (name ? `Bonjour ${name},` : 'Bonjour,') : name ? `Hello ${name},` : 'Hello,';
  const intro = fr
    ? `Voici votre lien pour entrer dans votre espace client ${business.name}. Il est valable ${minutes}\u00a0minutes et ne sert qu’une fois.`
    : `Here is your link to your ${business.name} customer space. It is valid for ${minutes} minutes and works once.`;
  const button = fr ? 'Entrer dans mon espace' : 'Go to my space';
  const ignore = fr
    ? 'Si vous n’avez rien demandé, ignorez ce message\u00a0: sans ce lien, personne ne peut entrer dans votre espace.'
    : 'If you did not ask for it, ignore this message: without this link, nobody can enter your space.';
  const phone = business.phone ? businessPhone(business.phone, business.address.country) : null;
  const contact = phone
    ? fr
      ? `Une question\u00a0? Appelez-nous au ${phone.display} ou écrivez à ${business.email}.`
      : `A question? Call us on ${phone.display} or write to ${business.email}.`
    : fr
      ? `Une question\u00a0? Écrivez à ${business.email}.`
      : `A question? Write to ${business.email}.`;
  const subject = fr ? `Votre lien de connexion à votre espace ${business.name}` : `Your sign-in link to your ${business.name} space`;
  const text = [greeting, '', intro, '', `${button}${fr ? '\u00a0:' : ':'} ${url}`, '', ignore, '', contact, '', '--', mailFooterText(business)].join('\n');
  const html = renderMailHtml(
    <MailLayout locale={locale} business={business}>
      <p style="margin:0 0 12px">{greeting}</p>
      <p style="margin:0 0 12px">{intro}</p>
      <p style="margin:16px 0">
        <a href={url} style="display:inline-block;background:#1d4e89;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none">
          {button}
        </a>
      </p>
      <p style="margin:0 0 12px;font-size:14px;color:#333333">{ignore}</p>
      <p style="margin:0 0 12px;font-size:14px;color:#333333">{contact}</p>
    </MailLayout>,
  );
  return { subject, text, html };
}
