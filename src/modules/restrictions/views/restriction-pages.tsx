import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { ErrorSummary, SelectField, TextArea, type Errors } from '../../../ui/form.js';
import type { NoticeRecipient } from '../restrictions.model.js';
import { restrictionPaths } from '../restrictions.paths.js';
import { noticeEvents } from '../restrictions.schemas.js';
import { standingTexts } from './privacy-standing.js';

/** The person a page is about, as the customers module names them. */
export interface PageCustomer {
  id: string;
  name: string;
  email: string;
}

export type StandingAction = 'restrict' | 'lift' | 'object';

const texts = {
  fr: {
    errors: 'Corrigez les points suivants',
    cancel: 'Annuler',
    restrict: {
      title: (name: string) => `Limiter le traitement — ${name}`,
      text: 'Les données de ce client seront seulement conservées\u00a0: il ne recevra plus que les courriels qu’exigent ses réservations ou la loi (confirmations, changements, annulations, reçus et factures, réponses à ses demandes, informations sur la politique de confidentialité), aucune enquête ni prospection, et il n’apparaîtra plus dans les exports de clients et de réservations, jusqu’à ce que vous leviez la limitation.',
      reason: 'Motif de la limitation',
      reasonHint: 'Par exemple\u00a0: «\u00a0conteste l’exactitude de son adresse, le temps de la vérifier\u00a0» (RGPD, art.\u00a018.1).',
      confirm: 'Limiter le traitement',
    },
    lift: {
      title: (name: string) => `Lever la limitation — ${name}`,
      text: 'Le traitement des données de ce client reprendra normalement. Informez-le avant de lever la limitation (RGPD, art.\u00a018.3).',
      confirm: 'Lever la limitation',
    },
    object: {
      title: (name: string) => `Opposition à la prospection — ${name}`,
      text: 'L’adresse de ce client rejoindra la liste d’opposition\u00a0: aucune prospection ni enquête ne lui sera plus envoyée, même après l’effacement de ses données (seule une empreinte chiffrée de l’adresse est gardée). Il continuera de recevoir ce qu’exigent ses réservations, la loi, et les informations sur la politique de confidentialité.',
      confirm: 'Enregistrer l’opposition',
    },
    notice: {
      title: (name: string) => `Informer les destinataires — ${name}`,
      intro: 'Ce logiciel ne transmet rien lui-même aux destinataires\u00a0: pour chacun, voici ce qu’il faut faire. Notez ensuite ce qui a été fait, ou pourquoi rien n’était à transmettre.',
      none: 'Aucun destinataire n’est déclaré\u00a0: aucun prestataire de paiement n’est configuré et le registre ne déclare aucun sous-traitant.',
      recipient: 'Destinataire',
      event: 'Changement notifié',
      content: 'Ce qui a été transmis',
      contentHint: 'Par exemple\u00a0: «\u00a0données de paiement — rien à transmettre, Stripe est responsable de ses propres traitements\u00a0».',
      method: 'Comment',
      methodHint: 'Par exemple\u00a0: «\u00a0suppression faite dans le tableau de bord Stripe\u00a0» ou «\u00a0courriel au support le 3 décembre\u00a0».',
      choose: 'Choisir…',
      confirm: 'Enregistrer',
    },
  },
  en: {
    errors: 'Please fix the following',
    cancel: 'Cancel',
    restrict: {
      title: (name: string) => `Restrict processing — ${name}`,
      text: 'This customer’s data will only be stored: they will receive only the e-mails their bookings or the law require (confirmations, changes, cancellations, receipts and invoices, answers to their requests, information on the privacy policy), no survey nor prospecting, and will be left out of the customers and bookings exports, until you lift the restriction.',
      reason: 'Reason for the restriction',
      reasonHint: 'For example: “contests the accuracy of their address, while we check it” (GDPR, art. 18(1)).',
      confirm: 'Restrict processing',
    },
    lift: {
      title: (name: string) => `Lift the restriction — ${name}`,
      text: 'Processing of this customer’s data will resume normally. Tell them before lifting the restriction (GDPR, art. 18(3)).',
      confirm: 'Lift the restriction',
    },
    object: {
      title: (name: string) => `Objection to prospecting — ${name}`,
      text: 'This customer’s address will join the objection list: no prospecting nor survey will be sent to them, even after their data is erased (only a keyed fingerprint of the address is kept). They will still receive what their bookings and the law require, and information on the privacy policy.',
      confirm: 'Record the objection',
    },
    notice: {
      title: (name: string) => `Tell the recipients — ${name}`,
      intro: 'This software passes nothing on to the recipients itself: here is what to do for each one. Then record what was done, or why nothing had to be passed on.',
      none: 'No recipient is declared: no payment provider is configured and the register declares no processor.',
      recipient: 'Recipient',
      event: 'Change notified',
      content: 'What was passed on',
      contentHint: 'For example: “payment data — nothing to pass on, Stripe is the controller of its own processing”.',
      method: 'How',
      methodHint: 'For example: “removed in the Stripe Dashboard” or “e-mail to their support on 3 December”.',
      choose: 'Choose…',
      confirm: 'Record',
    },
  },
};

/** The confirmation each change asks for (a page, so that it works without JavaScript). */
export function StandingConfirmPage({ ctx, customer, action, errors, reason }: { ctx: AdminContext; customer: PageCustomer; action: StandingAction; errors: Errors; reason?: string | undefined }) {
  const t = texts[ctx.locale];
  const page = t[action];
  const title = page.title(customer.name);
  const target = restrictionPaths[action](customer.id);
  return (
    <AdminLayout ctx={ctx} title={title} current="/admin/clients">
      <p>
        <a href={restrictionPaths.customer(customer.id)}>← {customer.name}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} title={t.errors} />
      <p>{page.text}</p>
      <form method="post" action={target} class="narrow" novalidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        {action === 'restrict' ? <TextArea name="reason" label={t.restrict.reason} hint={t.restrict.reasonHint} rows={3} required error={errors.reason} value={reason} /> : null}
        <div class="actions">
          <button type="submit" class={action === 'lift' ? 'button' : 'button button--danger'}>
            {page.confirm}
          </button>
          <a href={restrictionPaths.customer(customer.id)}>{t.cancel}</a>
        </div>
      </form>
    </AdminLayout>
  );
}

/** Who to tell (art. 19) and what each one needs, then the form to record what was done. */
export function NoticePage({ ctx, customer, recipients, errors, values }: { ctx: AdminContext; customer: PageCustomer; recipients: NoticeRecipient[]; errors: Errors; values: Record<string, string> }) {
  const t = texts[ctx.locale].notice;
  const events = standingTexts[ctx.locale].events;
  const title = t.title(customer.name);
  return (
    <AdminLayout ctx={ctx} title={title} current="/admin/clients">
      <p>
        <a href={restrictionPaths.customer(customer.id)}>← {customer.name}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} title={texts[ctx.locale].errors} />
      <p>{t.intro}</p>
      {recipients.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <dl class="details">
          {recipients.map((r) => (
            <div key={r.name}>
              <dt>{r.name}</dt>
              <dd>
                <p class="muted">{r.description[ctx.locale]}</p>
                <p>{r.guidance[ctx.locale]}</p>
              </dd>
            </div>
          ))}
        </dl>
      )}
      {recipients.length === 0 ? null : (
        <form method="post" action={restrictionPaths.notices(customer.id)} class="narrow" novalidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <SelectField name="recipient" label={t.recipient} required value={values.recipient} error={errors.recipient} placeholder={t.choose} options={recipients.map((r) => ({ value: r.name, label: r.name }))} />
          <SelectField name="event" label={t.event} required value={values.event} error={errors.event} placeholder={t.choose} options={noticeEvents.map((e) => ({ value: e, label: events[e] }))} />
          <TextArea name="content" label={t.content} hint={t.contentHint} rows={2} required value={values.content} error={errors.content} />
          <TextArea name="method" label={t.method} hint={t.methodHint} rows={2} required value={values.method} error={errors.method} />
          <div class="actions">
            <button type="submit" class="button">
              {t.confirm}
            </button>
            <a href={restrictionPaths.customer(customer.id)}>{texts[ctx.locale].cancel}</a>
          </div>
        </form>
      )}
    </AdminLayout>
  );
}
