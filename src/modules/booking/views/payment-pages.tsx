import { formatDateTime } from '../../../platform/i18n/format.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { Service } from '../../catalog/index.js';
import type { Booking } from '../booking.model.js';

const texts = {
  fr: {
    checkingTitle: 'Paiement en cours de vérification',
    checking: 'Merci. Nous attendons la confirmation de votre paiement par le prestataire\u00a0; elle arrive en général en quelques secondes. Votre place reste retenue pendant ce temps.',
    checkingMail: (email: string) => `Dès que le paiement est confirmé, la confirmation de votre réservation part à l’adresse ${email}.`,
    refresh: 'Actualiser cette page',
    booking: 'Voir ma réservation',
    cancelledTitle: 'Paiement non effectué',
    cancelled: (until: string) => `Vous avez quitté la page de paiement sans payer. Votre place reste retenue jusqu’au ${until}\u00a0; passé ce délai, elle sera libérée.`,
    retry: 'Reprendre le paiement',
    onSite: 'Payer plutôt sur place, le jour de la prestation',
    unavailable: 'La page de paiement ne répond pas pour le moment. Réessayez dans un instant.',
    summary: (service: string, when: string, reference: string) => `${service}, ${when} (référence ${reference})`,
  },
  en: {
    checkingTitle: 'Checking your payment',
    checking: 'Thank you. We are waiting for the provider to confirm your payment; it usually takes a few seconds. Your place stays held meanwhile.',
    checkingMail: (email: string) => `As soon as the payment is confirmed, your booking confirmation goes to ${email}.`,
    refresh: 'Refresh this page',
    booking: 'See my booking',
    cancelledTitle: 'Payment not made',
    cancelled: (until: string) => `You left the payment page without paying. Your place stays held until ${until}; after that, it will be released.`,
    retry: 'Resume payment',
    onSite: 'Pay on site instead, on the day',
    unavailable: 'The payment page is not answering right now. Try again in a moment.',
    summary: (service: string, when: string, reference: string) => `${service}, ${when} (reference ${reference})`,
  },
};

interface PaymentPageProps {
  ctx: PageContext;
  booking: Booking;
  service: Service;
  /** The booking's private page. */
  bookingUrl: string;
}

/** Back from the provider: a success redirect proves nothing, so the page says the payment is being checked until the provider confirmed it. */
export function PaymentCheckingPage({ ctx, booking, service, bookingUrl, selfUrl }: PaymentPageProps & { selfUrl: string }) {
  const t = texts[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.checkingTitle}>
      <h1>{t.checkingTitle}</h1>
      <p>{t.summary(service.name[ctx.locale], formatDateTime(booking.start, ctx.locale, ctx.business.timezone), booking.reference)}</p>
      <p role="status">{t.checking}</p>
      <p>{t.checkingMail(booking.customer.email)}</p>
      <p>
        <a class="button" href={selfUrl}>
          {t.refresh}
        </a>{' '}
        <a href={bookingUrl}>{t.booking}</a>
      </p>
    </Layout>
  );
}

/** Back from the provider without paying: pay again, or on site when the service allows it. */
export function PaymentCancelledPage({ ctx, booking, service, bookingUrl, action, holdUntil, offersOnSite, unavailable }: PaymentPageProps & { action: string; holdUntil: string; offersOnSite: boolean; unavailable?: boolean }) {
  const t = texts[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.cancelledTitle}>
      <h1>{t.cancelledTitle}</h1>
      <p>{t.summary(service.name[ctx.locale], formatDateTime(booking.start, ctx.locale, ctx.business.timezone), booking.reference)}</p>
      {unavailable ? (
        <div class="notice notice--warning" role="alert">
          {t.unavailable}
        </div>
      ) : null}
      <p>{t.cancelled(formatDateTime(holdUntil, ctx.locale, ctx.business.timezone))}</p>
      <form method="post" action={action} class="stack">
        <p>
          <button type="submit" name="choice" value="retry" class="button button--primary">
            {t.retry}
          </button>
        </p>
        {offersOnSite ? (
          <p>
            <button type="submit" name="choice" value="on_site" class="button">
              {t.onSite}
            </button>
          </p>
        ) : null}
      </form>
      <p>
        <a href={bookingUrl}>{t.booking}</a>
      </p>
    </Layout>
  );
}

const goTexts = {
  fr: { title: 'Direction la page de paiement', text: 'Votre place est retenue. Vous allez être dirigé vers la page de paiement sécurisée\u00a0; si rien ne se passe, utilisez le bouton.', go: 'Aller à la page de paiement' },
  en: { title: 'On to the payment page', text: 'Your place is held. You are being taken to the secure payment page; if nothing happens, use the button.', go: 'Go to the payment page' },
};

/**
 * Between the booking form and the provider: a page of ours that moves on at once (meta refresh,
 * no script) with a link. A redirect straight from the form's POST would be blocked by our
 * content security policy (form-action 'self' covers the redirects of a form submission).
 */
export function PaymentRedirectPage({ ctx, url }: { ctx: PageContext; url: string }) {
  const t = goTexts[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.title} refreshTo={url}>
      <h1>{t.title}</h1>
      <p>{t.text}</p>
      <p>
        <a class="button button--primary" href={url} rel="noreferrer">
          {t.go}
        </a>
      </p>
    </Layout>
  );
}
