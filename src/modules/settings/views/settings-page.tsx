import type { BusinessProfile } from '../../../platform/business.js';
import { adminPaths } from '../../../platform/http/paths.js';
import { countryOptions } from '../../../platform/i18n/countries.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import { logoUrl } from '../../../platform/views/logo.js';
import { ErrorSummary, fieldId, Notice, SelectField, TextArea, TextField, type Errors } from '../../../ui/form.js';
import type { ProfileFormValues } from '../settings.schemas.js';

const texts = {
  fr: {
    title: 'Paramètres',
    apiLink: 'Relier vos autres outils\u00a0: clés d’API et webhooks',
    intro: 'Ces informations apparaissent sur le site, dans les courriels, les mentions légales, les conditions générales de vente et la politique de confidentialité. Elles s’appliquent dès l’enregistrement.',
    saved: 'Paramètres enregistrés. Le site les affiche déjà.',
    logoSaved: 'Logo enregistré. Il apparaît dans l’en-tête du site et dans les courriels.',
    logoRemoved: 'Logo retiré.',
    errors: 'Corrigez les points suivants',
    optional: 'facultatif',
    save: 'Enregistrer les paramètres',
    missing: 'Il manque des mentions que la loi exige\u00a0:',
    missingItem: { siret: 'le numéro SIRET', mediator: 'le médiateur de la consommation', host: 'l’hébergeur du site', vat: 'le numéro de TVA (ou la franchise en base)' },
    identity: 'Identité',
    name: 'Nom affiché',
    nameHint: 'En haut de chaque page et dans les courriels.',
    legalName: 'Dénomination (raison sociale ou nom de l’entrepreneur)',
    legalForm: 'Forme juridique',
    legalFormHint: 'Par exemple\u00a0: Entreprise individuelle, SARL au capital de 5\u00a0000\u00a0€, SAS…',
    controllerName: 'Responsable du traitement des données',
    controllerHint: 'La personne nommée dans la politique de confidentialité.',
    taglineFr: 'Présentation en une ligne (français)',
    taglineEn: 'Présentation en une ligne (anglais)',
    englishHint: 'Vide\u00a0: le texte français est affiché sur le site anglais.',
    contact: 'Adresse et contact',
    addressLine1: 'Adresse',
    postalCode: 'Code postal',
    city: 'Ville',
    country: 'Pays',
    phone: 'Téléphone',
    phoneHint: 'Donné dans chaque courriel, avec un lien pour appeler.',
    email: 'Adresse e-mail de contact',
    notificationEmail: 'Adresse qui reçoit les nouvelles réservations',
    notificationHint: 'Vide\u00a0: l’adresse de contact.',
    website: 'Site web de l’entreprise',
    registration: 'Immatriculation et TVA',
    siret: 'Numéro SIRET',
    siretHint: '14 chiffres, avec ou sans espaces.',
    vatRegime: 'Régime de TVA',
    vatNumberRegime: 'Assujetti à la TVA (numéro de TVA intracommunautaire ci-dessous)',
    vatExemptRegime: 'Franchise en base de TVA (TVA non applicable, art. 293 B du CGI)',
    vatNumber: 'Numéro de TVA intracommunautaire',
    vatNumberHint: 'Par exemple FR40 303 265 045.',
    vatOnDebits: 'TVA acquittée sur les débits',
    vatOnDebitsHint: 'Si vous avez choisi cette option auprès des impôts, vos factures portent «\u00a0Option pour le paiement de la taxe d’après les débits\u00a0». Sans elle, la TVA des prestations de services est due à l’encaissement.',
    latePaymentRate: 'Taux annuel des pénalités de retard (en %)',
    latePaymentRateHint: 'Imprimé sur chaque facture. Vide\u00a0: trois fois le taux d’intérêt légal, le minimum légal.',
    mediator: 'Médiateur de la consommation',
    mediatorHint: 'La loi impose d’indiquer aux clients particuliers le médiateur auquel ils peuvent s’adresser (art. L612-1 du code de la consommation).',
    mediatorName: 'Nom du médiateur',
    mediatorAddress: 'Adresse du médiateur',
    mediatorWebsite: 'Site web du médiateur',
    host: 'Hébergeur du site',
    hostHint: 'Nommé dans les mentions légales (loi pour la confiance dans l’économie numérique, art. 6).',
    hostName: 'Nom de l’hébergeur',
    hostAddress: 'Adresse de l’hébergeur',
    bookings: 'Réservations',
    reminderHoursBefore: 'Rappel envoyé avant chaque réservation (en heures)',
    reminderHint: '0\u00a0: aucun rappel. Chaque prestation peut avoir son propre délai.',
    cancellationCutoffHours: 'Annulation ou déplacement par le client possible jusqu’à (heures avant)',
    cutoffHint: 'Chaque prestation peut avoir son propre délai.',
    payment: 'Paiement',
    paymentNoteFr: 'Comment le client paie (français)',
    paymentNoteEn: 'Comment le client paie (anglais)',
    paymentHint: 'Dit dans chaque courriel de réservation.',
    logo: 'Logo',
    logoIntro: 'Affiché dans l’en-tête du site, dans les courriels et plus tard sur les factures\u00a0; l’icône de l’onglet du navigateur en est tirée. PNG, JPEG ou SVG, 512\u00a0Ko au plus.',
    logoCurrent: 'Logo actuel',
    noLogo: 'Aucun logo pour l’instant\u00a0: le nom est affiché seul.',
    logoFile: 'Fichier du logo',
    upload: 'Envoyer le logo',
    remove: 'Retirer le logo',
  },
  en: {
    title: 'Settings',
    apiLink: 'Connect your other tools: API keys and webhooks',
    intro: 'These details appear on the site, in the e-mails, the legal notice, the terms of sale and the privacy policy. They apply as soon as they are saved.',
    saved: 'Settings saved. The site already shows them.',
    logoSaved: 'Logo saved. It shows in the site’s header and in the e-mails.',
    logoRemoved: 'Logo removed.',
    errors: 'Please correct the following',
    optional: 'optional',
    save: 'Save the settings',
    missing: 'Some details the law requires are missing:',
    missingItem: { siret: 'the SIRET number', mediator: 'the consumer mediator', host: 'the web host', vat: 'the VAT number (or the exemption)' },
    identity: 'Identity',
    name: 'Display name',
    nameHint: 'At the top of every page and in the e-mails.',
    legalName: 'Legal name (company name or the entrepreneur’s name)',
    legalForm: 'Legal form',
    legalFormHint: 'For example: Entreprise individuelle, SARL au capital de 5 000 €, SAS…',
    controllerName: 'Data controller',
    controllerHint: 'The person named in the privacy policy.',
    taglineFr: 'One-line introduction (French)',
    taglineEn: 'One-line introduction (English)',
    englishHint: 'Empty: the English site shows the French text.',
    contact: 'Address and contact',
    addressLine1: 'Address',
    postalCode: 'Postcode',
    city: 'City',
    country: 'Country',
    phone: 'Phone',
    phoneHint: 'Given in every e-mail, with a link to call.',
    email: 'Contact e-mail address',
    notificationEmail: 'Address that receives new bookings',
    notificationHint: 'Empty: the contact address.',
    website: 'Business website',
    registration: 'Registration and VAT',
    siret: 'SIRET number',
    siretHint: '14 digits, with or without spaces.',
    vatRegime: 'VAT status',
    vatNumberRegime: 'Liable to VAT (intra-community VAT number below)',
    vatExemptRegime: 'VAT exemption (TVA non applicable, art. 293 B du CGI)',
    vatNumber: 'Intra-community VAT number',
    vatNumberHint: 'For example FR40 303 265 045.',
    vatOnDebits: 'VAT paid on debits',
    vatOnDebitsHint: 'If you chose this option with the tax office, your invoices carry « Option pour le paiement de la taxe d’après les débits ». Without it, VAT on services is due when paid.',
    latePaymentRate: 'Yearly late-payment penalty rate (%)',
    latePaymentRateHint: 'Printed on every invoice. Empty: three times the legal interest rate, the legal minimum.',
    mediator: 'Consumer mediator',
    mediatorHint: 'The law requires telling consumers which mediator they may turn to (art. L612-1 du code de la consommation).',
    mediatorName: 'Mediator’s name',
    mediatorAddress: 'Mediator’s address',
    mediatorWebsite: 'Mediator’s website',
    host: 'Web host',
    hostHint: 'Named in the legal notice (LCEN, art. 6).',
    hostName: 'Host’s name',
    hostAddress: 'Host’s address',
    bookings: 'Bookings',
    reminderHoursBefore: 'Reminder sent before each booking (hours)',
    reminderHint: '0: no reminder. Each service may have its own delay.',
    cancellationCutoffHours: 'Customers may cancel or move a booking until (hours before)',
    cutoffHint: 'Each service may have its own cut-off.',
    payment: 'Payment',
    paymentNoteFr: 'How the customer pays (French)',
    paymentNoteEn: 'How the customer pays (English)',
    paymentHint: 'Told in every booking e-mail.',
    logo: 'Logo',
    logoIntro: 'Shown in the site’s header, in the e-mails and later on invoices; the browser tab’s icon is made from it. PNG, JPEG or SVG, 512 KB at most.',
    logoCurrent: 'Current logo',
    noLogo: 'No logo yet: the name shows alone.',
    logoFile: 'Logo file',
    upload: 'Upload the logo',
    remove: 'Remove the logo',
  },
};

function missingDetails(profile: BusinessProfile, t: (typeof texts)['fr']): string[] {
  return [
    ...(profile.siret ? [] : [t.missingItem.siret]),
    ...(profile.vatExempt || profile.vatNumber ? [] : [t.missingItem.vat]),
    ...(profile.mediator ? [] : [t.missingItem.mediator]),
    ...(profile.host ? [] : [t.missingItem.host]),
  ];
}

export function SettingsPage(props: {
  ctx: AdminContext;
  profile: BusinessProfile;
  values: ProfileFormValues;
  errors: Errors;
  logoErrors: Errors;
  notice?: 'saved' | 'logo' | 'logoRemoved' | undefined;
}) {
  const { ctx, profile, values, errors, logoErrors, notice } = props;
  const t = texts[ctx.locale];
  const v = (name: keyof ProfileFormValues) => values[name];
  const optional = { optionalText: t.optional };
  const missing = missingDetails(profile, t);
  const regime = v('vatRegime') ?? 'number';
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.settings}>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <p>
        <a href={adminPaths.apiAccess}>{t.apiLink}</a>
      </p>
      {notice ? <Notice kind="success">{notice === 'saved' ? t.saved : notice === 'logo' ? t.logoSaved : t.logoRemoved}</Notice> : null}
      <ErrorSummary errors={{ ...errors, ...logoErrors }} title={t.errors} />
      {missing.length ? (
        <Notice kind="warning">
          {t.missing} {missing.join(', ')}.
        </Notice>
      ) : null}

      <section aria-labelledby="logo-title" class="stack">
        <h2 id="logo-title">{t.logo}</h2>
        <p>{t.logoIntro}</p>
        {profile.logo ? (
          <figure class="logo-preview">
            <img src={logoUrl(profile.logo)} alt={t.logoCurrent} width={profile.logo.width} height={profile.logo.height} />
          </figure>
        ) : (
          <p>{t.noLogo}</p>
        )}
        <form method="post" action={`${adminPaths.settingsLogo}`} enctype="multipart/form-data" class="stack">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <div class={`field${logoErrors.logo ? ' field--error' : ''}`}>
            <label for={fieldId('logo')}>{t.logoFile}</label>
            {logoErrors.logo ? (
              <p class="field-error" id={`${fieldId('logo')}-error`}>
                {logoErrors.logo}
              </p>
            ) : null}
            <input
              id={fieldId('logo')}
              name="logo"
              type="file"
              accept="image/png,image/jpeg,image/svg+xml,.png,.jpg,.jpeg,.svg"
              aria-invalid={logoErrors.logo ? 'true' : undefined}
              aria-describedby={logoErrors.logo ? `${fieldId('logo')}-error` : undefined}
            />
          </div>
          <p>
            <button type="submit" class="button">
              {t.upload}
            </button>
          </p>
        </form>
        {profile.logo ? (
          <form method="post" action={adminPaths.settingsLogoRemove}>
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <button type="submit" class="button button--secondary">
              {t.remove}
            </button>
          </form>
        ) : null}
      </section>

      <form method="post" action={adminPaths.settings} novalidate class="stack">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <fieldset>
          <legend>
            <h2>{t.identity}</h2>
          </legend>
          <TextField name="name" label={t.name} hint={t.nameHint} value={v('name')} error={errors.name} required maxLength={120} />
          <TextField name="legalName" label={t.legalName} value={v('legalName')} error={errors.legalName} required maxLength={160} />
          <TextField name="legalForm" label={t.legalForm} hint={t.legalFormHint} value={v('legalForm')} error={errors.legalForm} required maxLength={120} />
          <TextField name="controllerName" label={t.controllerName} hint={t.controllerHint} value={v('controllerName')} error={errors.controllerName} required maxLength={160} />
          <TextField name="taglineFr" label={t.taglineFr} value={v('taglineFr')} error={errors.taglineFr} required maxLength={300} />
          <TextField name="taglineEn" label={t.taglineEn} hint={t.englishHint} value={v('taglineEn')} error={errors.taglineEn} maxLength={300} {...optional} />
        </fieldset>
        <fieldset>
          <legend>
            <h2>{t.contact}</h2>
          </legend>
          <TextField name="addressLine1" label={t.addressLine1} value={v('addressLine1')} error={errors.addressLine1} required autocomplete="address-line1" maxLength={200} />
          <div class="grid-2">
            <TextField name="postalCode" label={t.postalCode} value={v('postalCode')} error={errors.postalCode} required autocomplete="postal-code" size="short" maxLength={20} />
            <TextField name="city" label={t.city} value={v('city')} error={errors.city} required autocomplete="address-level2" maxLength={120} />
          </div>
          <SelectField
            name="country"
            label={t.country}
            value={v('country') ?? 'FR'}
            error={errors.country}
            options={countryOptions(ctx.locale).map((c) => ({ value: c.code, label: c.name }))}
            required
            autocomplete="country"
          />
          <TextField name="phone" type="tel" label={t.phone} hint={t.phoneHint} value={v('phone')} error={errors.phone} autocomplete="tel" maxLength={40} {...optional} />
          <TextField name="email" type="email" label={t.email} value={v('email')} error={errors.email} required autocomplete="email" maxLength={254} />
          <TextField name="notificationEmail" type="email" label={t.notificationEmail} hint={t.notificationHint} value={v('notificationEmail')} error={errors.notificationEmail} maxLength={254} {...optional} />
          <TextField name="website" type="url" label={t.website} value={v('website')} error={errors.website} required autocomplete="url" maxLength={300} />
        </fieldset>
        <fieldset>
          <legend>
            <h2>{t.registration}</h2>
          </legend>
          <TextField name="siret" label={t.siret} hint={t.siretHint} value={v('siret')} error={errors.siret} inputMode="numeric" maxLength={30} {...optional} />
          <fieldset id={fieldId('vatRegime')} class="field">
            <legend>{t.vatRegime}</legend>
            {errors.vatRegime ? <p class="field-error">{errors.vatRegime}</p> : null}
            {(['number', 'exempt'] as const).map((option) => (
              <div key={option} class="field field--checkbox">
                <input id={fieldId(`vatRegime-${option}`)} type="radio" name="vatRegime" value={option} checked={regime === option} />
                <label for={fieldId(`vatRegime-${option}`)}>{option === 'number' ? t.vatNumberRegime : t.vatExemptRegime}</label>
              </div>
            ))}
          </fieldset>
          <TextField name="vatNumber" label={t.vatNumber} hint={t.vatNumberHint} value={v('vatNumber')} error={errors.vatNumber} maxLength={30} {...optional} />
          <div class="field field--checkbox">
            <input id={fieldId('vatOnDebits')} type="checkbox" name="vatOnDebits" value="on" checked={v('vatOnDebits') === 'on'} aria-describedby={fieldId('vatOnDebits-hint')} />
            <label for={fieldId('vatOnDebits')}>{t.vatOnDebits}</label>
            <p class="hint" id={fieldId('vatOnDebits-hint')}>
              {t.vatOnDebitsHint}
            </p>
          </div>
          <TextField name="latePaymentRate" label={t.latePaymentRate} hint={t.latePaymentRateHint} value={v('latePaymentRate')} error={errors.latePaymentRate} inputMode="decimal" size="short" maxLength={10} {...optional} />
        </fieldset>
        <fieldset>
          <legend>
            <h2>{t.mediator}</h2>
          </legend>
          <p class="hint">{t.mediatorHint}</p>
          <TextField name="mediatorName" label={t.mediatorName} value={v('mediatorName')} error={errors.mediatorName} maxLength={200} {...optional} />
          <TextArea name="mediatorAddress" label={t.mediatorAddress} value={v('mediatorAddress')} error={errors.mediatorAddress} rows={2} {...optional} />
          <TextField name="mediatorWebsite" type="url" label={t.mediatorWebsite} value={v('mediatorWebsite')} error={errors.mediatorWebsite} maxLength={300} {...optional} />
        </fieldset>
        <fieldset>
          <legend>
            <h2>{t.host}</h2>
          </legend>
          <p class="hint">{t.hostHint}</p>
          <TextField name="hostName" label={t.hostName} value={v('hostName')} error={errors.hostName} maxLength={200} {...optional} />
          <TextArea name="hostAddress" label={t.hostAddress} value={v('hostAddress')} error={errors.hostAddress} rows={2} {...optional} />
        </fieldset>
        <fieldset>
          <legend>
            <h2>{t.bookings}</h2>
          </legend>
          <TextField name="reminderHoursBefore" label={t.reminderHoursBefore} hint={t.reminderHint} value={v('reminderHoursBefore')} error={errors.reminderHoursBefore} inputMode="numeric" size="short" required />
          <TextField name="cancellationCutoffHours" label={t.cancellationCutoffHours} hint={t.cutoffHint} value={v('cancellationCutoffHours')} error={errors.cancellationCutoffHours} inputMode="numeric" size="short" required />
        </fieldset>
        <fieldset>
          <legend>
            <h2>{t.payment}</h2>
          </legend>
          <TextArea name="paymentNoteFr" label={t.paymentNoteFr} hint={t.paymentHint} value={v('paymentNoteFr')} error={errors.paymentNoteFr} rows={2} {...optional} />
          <TextArea name="paymentNoteEn" label={t.paymentNoteEn} hint={t.englishHint} value={v('paymentNoteEn')} error={errors.paymentNoteEn} rows={2} {...optional} />
        </fieldset>
        <p>
          <button type="submit" class="button">
            {t.save}
          </button>
        </p>
      </form>
    </AdminLayout>
  );
}
