import { paths } from '../../../platform/http/paths.js';
import { formatCalendarDate } from '../../../platform/i18n/format.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { ErrorSummary, Notice, TextArea, TextField, type Errors } from '../../../ui/form.js';
import { rightsPaths } from '../rights.paths.js';
import { requestTypes } from '../rights.schemas.js';
import type { PrivacyRequestType } from '../rights.model.js';
import { typeTexts } from '../rights.texts.js';

const texts = {
  fr: {
    title: 'Exercer mes droits sur mes données',
    intro: 'Vous pouvez nous demander à tout moment ce que nous savons sur vous, de le corriger, de l’effacer, et plus encore. C’est gratuit. Choisissez ci-dessous ce que vous voulez, puis indiquez votre adresse e-mail.',
    how: 'Comment cela se passe\u00a0: nous vous envoyons un e-mail avec un lien pour confirmer que la demande vient bien de vous. Une fois confirmée, nous vous répondons dans un délai d’un mois.',
    choose: 'Que souhaitez-vous\u00a0?',
    email: 'Votre adresse e-mail',
    emailHint: 'Celle avec laquelle vous avez réservé, si vous êtes client. Par exemple nom@exemple.fr',
    deceasedTitle: 'Je fais cette demande pour un proche décédé',
    deceasedEmail: 'Adresse e-mail de la personne décédée',
    deceasedHint:
      'Seulement si vous écrivez au nom d’un proche décédé (en tant qu’héritier)\u00a0: son adresse e-mail nous permet de retrouver les directives qu’il ou elle nous a laissées sur ses données. Sinon, laissez ce champ vide.',
    optionalField: 'facultatif',
    details: 'Votre message',
    detailsHint: 'Obligatoire pour une correction, des directives ou une question. Pour le reste, ajoutez ce qui peut nous aider (facultatif).',
    optional: 'facultatif selon le choix',
    send: 'Envoyer ma demande',
    errors: 'Corrigez les points suivants',
    policy: 'Pour en savoir plus sur vos données, lisez notre',
    policyLink: 'politique de confidentialité',
    cnil: 'Si notre réponse ne vous convient pas, vous pouvez vous adresser à la CNIL (www.cnil.fr).',
    sentTitle: 'Regardez votre boîte e-mail',
    sent: (email: string) => `Nous venons d’envoyer un e-mail à ${email}. Ouvrez-le et appuyez sur «\u00a0Confirmer ma demande\u00a0»\u00a0: sans cette confirmation, dans les 24\u00a0heures, votre demande n’est pas traitée.`,
    notReceived: 'Rien reçu après quelques minutes\u00a0? Regardez dans les courriers indésirables et vérifiez l’adresse, ou refaites la demande.',
    confirmTitle: 'Confirmer votre demande',
    confirmText: (type: string) => `Vous avez demandé\u00a0: «\u00a0${type}\u00a0». Appuyez sur le bouton pour confirmer que cette demande vient bien de vous.`,
    confirm: 'Confirmer ma demande',
    confirmedTitle: 'Votre demande est confirmée',
    confirmed: (date: string) => `Merci. Votre demande est bien reçue\u00a0: nous vous répondrons par e-mail au plus tard le ${date}.`,
    invalidTitle: 'Lien plus valable',
    identityTitle: 'Envoyer un justificatif d’identité',
    identityIntro: 'Envoyez une pièce d’identité (carte d’identité, passeport ou permis de conduire). Vous pouvez masquer le numéro du document et la photo. Le fichier est chiffré, et supprimé dès que nous l’avons vérifié.',
    document: 'Votre justificatif',
    documentHint: 'Un PDF, une photo JPEG ou une image PNG, 5\u00a0Mo au plus.',
    upload: 'Envoyer le justificatif',
    uploadedTitle: 'Justificatif reçu',
    uploaded: 'Merci, nous avons bien reçu votre justificatif. Nous le vérifions, puis le supprimons, et poursuivons le traitement de votre demande.',
  },
  en: {
    title: 'Exercise my rights over my data',
    intro: 'You can ask us at any time what we know about you, to correct it, to delete it, and more. It is free. Choose below what you want, then give your e-mail address.',
    how: 'How it works: we send you an e-mail with a link to confirm that the request comes from you. Once confirmed, we answer within one month.',
    choose: 'What would you like?',
    email: 'Your e-mail address',
    emailHint: 'The one you booked with, if you are a customer. For example name@example.com',
    deceasedTitle: 'I am making this request for a close relative who has died',
    deceasedEmail: 'E-mail address of the person who died',
    deceasedHint: 'Only if you write on behalf of a close relative who has died (as their heir): their e-mail address lets us find the directives they left us about their data. Otherwise, leave this field empty.',
    optionalField: 'optional',
    details: 'Your message',
    detailsHint: 'Required for a correction, directives or a question. Otherwise, add anything that helps us (optional).',
    optional: 'optional depending on the choice',
    send: 'Send my request',
    errors: 'Please correct the following',
    policy: 'To learn more about your data, read our',
    policyLink: 'privacy policy',
    cnil: 'If our answer does not satisfy you, you may turn to the CNIL, the French data protection authority (www.cnil.fr).',
    sentTitle: 'Check your mailbox',
    sent: (email: string) => `We have just sent an e-mail to ${email}. Open it and press "Confirm my request": without this confirmation within 24 hours, your request is not handled.`,
    notReceived: 'Nothing after a few minutes? Look in your spam folder and check the address, or make the request again.',
    confirmTitle: 'Confirm your request',
    confirmText: (type: string) => `You asked: "${type}". Press the button to confirm that this request comes from you.`,
    confirm: 'Confirm my request',
    confirmedTitle: 'Your request is confirmed',
    confirmed: (date: string) => `Thank you. Your request has been received: we will answer by e-mail by ${date} at the latest.`,
    invalidTitle: 'Link no longer valid',
    identityTitle: 'Send a proof of identity',
    identityIntro: 'Send an identity document (identity card, passport or driving licence). You may hide the document number and the photo. The file is encrypted, and deleted as soon as we have checked it.',
    document: 'Your proof of identity',
    documentHint: 'A PDF, a JPEG photo or a PNG image, 5 MB at most.',
    upload: 'Send the proof',
    uploadedTitle: 'Proof received',
    uploaded: 'Thank you, we have received your proof of identity. We check it, then delete it, and carry on with your request.',
  },
};

export const rightsTitles = { fr: texts.fr, en: texts.en };

/** /mes-droits: each type in plain words, one radio each, then the address and the message. */
export function RightsFormPage({ ctx, errors, values, notice }: { ctx: PageContext; errors: Errors; values: { type?: string; email?: string; deceasedEmail?: string; details?: string }; notice?: string }) {
  const t = texts[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.title}>
      <h1>{t.title}</h1>
      {notice ? (
        <div class="notice notice--warning" role="alert">
          {notice}
        </div>
      ) : null}
      <p class="lead">{t.intro}</p>
      <p>{t.how}</p>
      <ErrorSummary errors={errors} title={t.errors} />
      <form method="post" action={paths.rights(ctx.locale)} class="card" novalidate>
        <fieldset class={`field${errors.type ? ' field--error' : ''}`} id="f-type" aria-describedby={errors.type ? 'f-type-error' : undefined}>
          <legend>{t.choose}</legend>
          {errors.type ? (
            <p class="field-error" id="f-type-error">
              {errors.type}
            </p>
          ) : null}
          {requestTypes.map((type) => (
            <div class="field field--radio" key={type}>
              <input type="radio" id={`f-type-${type}`} name="type" value={type} checked={values.type === type} aria-describedby={`f-type-${type}-hint`} required />
              <label for={`f-type-${type}`}>{typeTexts[type].name[ctx.locale]}</label>
              <p class="hint" id={`f-type-${type}-hint`}>
                {typeTexts[type].explain[ctx.locale]}
              </p>
            </div>
          ))}
        </fieldset>
        <TextField name="email" type="email" label={t.email} hint={t.emailHint} value={values.email} error={errors.email} autocomplete="email" required maxLength={254} />
        <fieldset class="field">
          <legend>{t.deceasedTitle}</legend>
          <TextField name="deceasedEmail" type="email" label={t.deceasedEmail} hint={t.deceasedHint} value={values.deceasedEmail} error={errors.deceasedEmail} optionalText={t.optionalField} maxLength={254} />
        </fieldset>
        <TextArea name="details" label={t.details} hint={t.detailsHint} value={values.details} error={errors.details} rows={5} />
        <button type="submit" class="button">
          {t.send}
        </button>
      </form>
      <p>
        {t.policy} <a href={paths.privacyPolicy(ctx.locale)}>{t.policyLink}</a>.
      </p>
      <p class="muted">{t.cnil}</p>
    </Layout>
  );
}

export function RequestSentPage({ ctx, email }: { ctx: PageContext; email: string }) {
  const t = texts[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.sentTitle}>
      <h1>{t.sentTitle}</h1>
      <Notice kind="success">{t.sent(email)}</Notice>
      <p>{t.notReceived}</p>
      <p>
        <a href={paths.rights(ctx.locale)}>{t.title}</a>
      </p>
    </Layout>
  );
}

/** The mail's link: a mail scanner that fetches it confirms nothing; the person's press on the button does. */
export function ConfirmPage({ ctx, type, action }: { ctx: PageContext; type: PrivacyRequestType; action: string }) {
  const t = texts[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.confirmTitle}>
      <h1>{t.confirmTitle}</h1>
      <p>{t.confirmText(typeTexts[type].name[ctx.locale])}</p>
      <form method="post" action={action} data-submit-once>
        <button type="submit" class="button">
          {t.confirm}
        </button>
      </form>
    </Layout>
  );
}

export function ConfirmedPage({ ctx, dueDate }: { ctx: PageContext; dueDate: string }) {
  const t = texts[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.confirmedTitle}>
      <h1>{t.confirmedTitle}</h1>
      <Notice kind="success">{t.confirmed(formatCalendarDate(dueDate, ctx.locale))}</Notice>
    </Layout>
  );
}

export function InvalidLinkPage({ ctx, message, again }: { ctx: PageContext; message: string; again: boolean }) {
  const t = texts[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.invalidTitle}>
      <h1>{t.invalidTitle}</h1>
      <div class="notice notice--warning" role="alert">
        {message}
      </div>
      {again ? (
        <p>
          <a class="button" href={paths.rights(ctx.locale)}>
            {t.title}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

export function IdentityUploadPage({ ctx, token, error }: { ctx: PageContext; token: string; error?: string }) {
  const t = texts[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.identityTitle}>
      <h1>{t.identityTitle}</h1>
      <p>{t.identityIntro}</p>
      <ErrorSummary errors={error ? { document: error } : {}} title={t.errors} />
      <form method="post" action={rightsPaths.identity(ctx.locale, token)} enctype="multipart/form-data" class="card narrow" novalidate>
        <div class={`field${error ? ' field--error' : ''}`}>
          <label for="f-document">{t.document}</label>
          <p class="hint" id="f-document-hint">
            {t.documentHint}
          </p>
          {error ? (
            <p class="field-error" id="f-document-error">
              {error}
            </p>
          ) : null}
          <input
            id="f-document"
            name="document"
            type="file"
            accept="application/pdf,image/jpeg,image/png"
            required
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'f-document-hint f-document-error' : 'f-document-hint'}
          />
        </div>
        <button type="submit" class="button">
          {t.upload}
        </button>
      </form>
    </Layout>
  );
}

export function IdentityReceivedPage({ ctx }: { ctx: PageContext }) {
  const t = texts[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.uploadedTitle}>
      <h1>{t.uploadedTitle}</h1>
      <Notice kind="success">{t.uploaded}</Notice>
    </Layout>
  );
}
