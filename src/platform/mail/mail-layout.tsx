import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { BusinessProfile } from '../business.js';
import { businessPhone } from '../i18n/phone.js';
import { mailLogoContentId } from '../views/logo.js';
import type { Locale } from '../i18n/locale.js';

/** Who sent the mail and how to reach them: "W SERVICES · 17 allée …, 92320 Châtillon · contact@… · +33 1 …". */
function footerParts(business: BusinessProfile) {
  const address = `${business.address.line1}, ${business.address.postalCode} ${business.address.city}`;
  return { address, phone: business.phone ? businessPhone(business.phone, business.address.country) : null };
}

/** The footer of every text part, the same as the HTML one's. */
export function mailFooterText(business: BusinessProfile): string {
  const { address, phone } = footerParts(business);
  return [business.legalName, address, business.email, ...(phone ? [phone.display] : [])].join(' · ');
}

/** The frame of every HTML e-mail: plain, readable everywhere, no remote images or fonts (the logo travels inside the mail, cid:). */
export function MailLayout({ locale, business, children }: { locale: Locale; business: BusinessProfile; children: ComponentChildren }) {
  const { address, phone } = footerParts(business);
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </head>
      <body style="margin:0;padding:24px;background:#f6f6f4;color:#1c1c1c;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;line-height:1.5">
        <div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:8px">
          {business.logo ? (
            // The PNG made for mails is at most 480 × 160 px, shown at half size for sharp screens.
            <img
              src={`cid:${mailLogoContentId(business.logo)}`}
              alt=""
              width={Math.round(business.logo.width / 2)}
              height={Math.round(business.logo.height / 2)}
              style="display:block;margin:0 0 8px;border:0"
            />
          ) : null}
          <p style="margin:0 0 16px;font-weight:700;font-size:18px">{business.name}</p>
          {children}
          <p style="margin:24px 0 0;font-size:13px;color:#555555">
            {business.legalName} · {address} · {business.email}
            {phone ? (
              <>
                {' · '}
                {phone.tel ? (
                  <a href={phone.tel} style="color:#555555">
                    {phone.display}
                  </a>
                ) : (
                  phone.display
                )}
              </>
            ) : null}
          </p>
        </div>
      </body>
    </html>
  );
}

export function renderMailHtml(node: preact.VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}
