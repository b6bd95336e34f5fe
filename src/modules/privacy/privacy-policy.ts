import type { BusinessProfile } from '../../platform/business.js';
import { paths } from '../../platform/http/paths.js';
import type { Locale, Localized } from '../../platform/i18n/locale.js';
import type { LegalDocument } from '../../platform/legal-document.js';
import type { PaymentOffer } from '../../platform/payment-offer.js';
import { legalBasisText, retentionText, type LegalBasis, type ProcessingActivity, type Recipient, type RetentionRule } from '../../platform/privacy-register.js';

/**
 * The privacy policy, written from the processing register: each activity the code declares
 * becomes its lines in articles 2 to 5, so the page says what the software does and nothing
 * else. The articles follow the seed policy's order (controller, data, purposes, retention,
 * recipients, rights, cookies, security, changes, contact); what the seed said of processing the
 * site does not do (comments, Gravatar, audience statistics, tracking cookies) is replaced by
 * what it does instead.
 */
export function privacyPolicyDocument(business: BusinessProfile, activities: ProcessingActivity[], rules: RetentionRule[], locale: Locale, offer: PaymentOffer): LegalDocument {
  const t = policyTexts[locale];
  const a = business.address;
  const address = `${business.legalName}, ${a.line1}, ${a.postalCode} ${a.city}`;
  const postal = `${business.controllerName}, ${address}`;
  return {
    title: t.title,
    intro: t.intro(business.name),
    sections: [
      { heading: t.controllerHeading, paragraphs: [t.controller(business.controllerName, address, business.email)] },
      {
        heading: t.dataHeading,
        paragraphs: [...bankDataParagraphs(offer, locale), ...t.browsing, t.dataIntro],
        list: activities.map((activity) => `${activity.name[locale]}${t.colon} ${activity.dataCategories.map((c) => c[locale]).join(', ')} (${t.subjects} ${activity.dataSubjects[locale]}).`),
      },
      {
        heading: t.purposesHeading,
        paragraphs: [...basesParagraph(activities, locale), t.purposesIntro],
        list: activities.map((activity) => `${activity.name[locale]}${t.colon} ${sentence(activity.purpose[locale])} ${t.basis} ${legalBasisText[activity.legalBasis][locale]}.`),
      },
      {
        heading: t.retentionHeading,
        paragraphs: [t.retentionIntro, t.archive, t.retentionList],
        list: activities.map((activity) => retentionLine(activity, rules, locale)),
      },
      {
        heading: t.recipientsHeading,
        paragraphs: [t.recipientsIntro, ...processorParagraphs(offer, locale), ...transferParagraphs(activities, locale), t.recipientsList],
        list: recipientLines(activities, locale),
      },
      { heading: t.rightsHeading, paragraphs: [t.rightsIntro], list: t.rights },
      { heading: t.exerciseHeading, paragraphs: t.exercise(business.email, postal) },
      { heading: t.cookiesHeading, paragraphs: t.cookies(business.name) },
      { heading: t.securityHeading, paragraphs: [t.securityIntro], list: securityMeasures.map((m) => m[locale]) },
      { heading: t.changesHeading, paragraphs: t.changes },
      { heading: t.contactHeading, paragraphs: [t.contact(business.email, postal)] },
    ],
  };
}

/** One activity's line of article 4: its name, then the sentence its retention rules write (retentionText). */
export function retentionLine(activity: ProcessingActivity, rules: RetentionRule[], locale: Locale): string {
  return `${activity.name[locale]}${policyTexts[locale].colon} ${retentionText(activity, rules, locale)}`;
}

/** A recipient as the policy and the record show it: who, where, and the safeguards of a transfer. */
export function recipientText(recipient: Recipient, locale: Locale): string {
  const fr = locale === 'fr';
  const parts = [recipient[locale]];
  if (recipient.country) parts.push(`${fr ? 'pays\u00a0:' : 'country:'} ${recipient.country[locale]}`);
  if (recipient.safeguards) parts.push(`${fr ? 'garanties\u00a0:' : 'safeguards:'} ${recipient.safeguards[locale]}`);
  return parts.join(fr ? '\u00a0; ' : '; ');
}

/** Every recipient once (several activities share the host), with the activities it receives data for. */
export function distinctRecipients(activities: ProcessingActivity[]): { recipient: Recipient; activities: ProcessingActivity[] }[] {
  const byText = new Map<string, { recipient: Recipient; activities: ProcessingActivity[] }>();
  for (const activity of activities) {
    for (const recipient of activity.recipients) {
      const key = recipientText(recipient, 'fr');
      const entry = byText.get(key) ?? { recipient, activities: [] };
      entry.activities.push(activity);
      byText.set(key, entry);
    }
  }
  return [...byText.values()];
}

function recipientLines(activities: ProcessingActivity[], locale: Locale): string[] {
  const t = policyTexts[locale];
  return distinctRecipients(activities).map(({ recipient, activities: of }) => `${upperFirst(recipientText(recipient, locale))} (${t.for} ${of.map((x) => lowerFirst(x.name[locale])).join(', ')}).`);
}

/** Transfers outside the European Union: named by the recipients that declare safeguards for one. */
function transferParagraphs(activities: ProcessingActivity[], locale: Locale): string[] {
  const transfers = distinctRecipients(activities).filter(({ recipient }) => recipient.safeguards);
  if (transfers.length === 0) return [];
  return [policyTexts[locale].transfers];
}

/** Which legal bases the register relies on, and, when none is consent, that nothing depends on it. */
function basesParagraph(activities: ProcessingActivity[], locale: Locale): string[] {
  const used = new Set<LegalBasis>(activities.map((a) => a.legalBasis));
  return used.has('consent') ? [] : [policyTexts[locale].noConsent];
}

/**
 * The security measures the code applies, as the policy (article 9) and the record of processing
 * (art. 30(1)(g)) state them. Each is a fact of the code: change it here when the code changes.
 */
export const securityMeasures: Localized[] = [
  { fr: 'mots de passe de l’administration hachés avec argon2id, double authentification proposée à chaque compte et imposable par le responsable', en: 'administration passwords hashed with argon2id, a second factor offered to every account and which the owner can require' },
  { fr: 'sessions conservées côté serveur, qui expirent après une période d’inactivité\u00a0; seule une empreinte (SHA-256) des jetons de connexion est enregistrée', en: 'sessions kept on the server, which expire after a period of inactivity; only a digest (SHA-256) of sign-in tokens is stored' },
  { fr: 'liens personnels de réservation signés, liens de connexion à usage unique et de courte durée', en: 'signed private booking links, single-use short-lived sign-in links' },
  { fr: 'aucune ressource chargée depuis un autre site et une politique de sécurité du contenu (CSP) stricte', en: 'nothing loaded from another site, and a strict content security policy (CSP)' },
  { fr: 'journaux techniques sans données personnelles (adresses e-mail, téléphones, jetons et contenus de formulaires en sont retirés)', en: 'technical logs without personal data (e-mail addresses, phones, tokens and form contents are removed)' },
  { fr: 'données que la loi impose de conserver placées dans une archive séparée, lisible par le seul responsable du traitement', en: 'data the law requires us to keep placed in a separate archive that only the controller can read' },
  { fr: 'espace d’administration réservé à l’entreprise, chaque page réservée au responsable refusée aux autres membres de l’équipe', en: 'administration area reserved for the business, the owner’s pages refused to the other team members' },
];

const policyTexts = {
  fr: {
    colon: '\u00a0:',
    title: 'Politique de confidentialité',
    intro: (name: string) =>
      `Cette politique décrit les données personnelles que traite ${name}, pourquoi, pendant combien de temps, qui les reçoit et quels sont vos droits. Elle est produite à partir du registre des traitements du logiciel qui fait fonctionner ce site\u00a0: elle décrit ce qu’il fait réellement.`,
    controllerHeading: '1. Responsable du traitement',
    controller: (who: string, address: string, email: string) => `Le responsable du traitement est ${who}, ${address}. Adresse e-mail\u00a0: ${email}.`,
    dataHeading: '2. Données collectées',
    dataIntro: 'Nous ne recueillons que les données nécessaires aux traitements ci-dessous. Les champs obligatoires des formulaires sont signalés\u00a0; les autres sont facultatifs. Pour chaque traitement\u00a0:',
    subjects: 'personnes concernées\u00a0:',
    browsing: [
      'Comme tout site web, notre serveur reçoit avec chaque page demandée l’adresse IP de votre appareil et l’identification de votre navigateur. Il ne les enregistre pas dans ses journaux\u00a0; l’adresse IP sert seulement, en mémoire et pendant quinze minutes au plus, à limiter le nombre de réservations, de demandes et de tentatives de connexion envoyées depuis une même adresse.',
      'Le site ne propose pas de commentaires, n’interroge aucun service tiers (comme Gravatar) et ne mesure pas son audience\u00a0: aucun outil de statistiques, aucun traceur.',
    ],
    purposesHeading: '3. Finalités et bases légales',
    purposesIntro: 'Chaque traitement a une finalité et une base légale (RGPD, article 6)\u00a0:',
    basis: 'Base légale\u00a0:',
    noConsent: 'Aucun des traitements de ce site ne repose sur votre consentement\u00a0: il ne dépose aucun cookie qui en demanderait (article 8).',
    retentionHeading: '4. Durées de conservation',
    retentionIntro: 'Vos données sont conservées pendant la durée strictement nécessaire à chaque finalité, puis supprimées ou anonymisées automatiquement.',
    retentionList: 'Les durées, traitement par traitement\u00a0:',
    archive:
      'Lorsque la loi nous impose de conserver certaines données plus longtemps (obligations comptables et fiscales, constatation, exercice ou défense de droits en justice), elles sont placées dans une archive séparée, dont l’accès est restreint au seul responsable du traitement, et supprimées au terme de la durée légale.',
    recipientsHeading: '5. Destinataires',
    recipientsIntro: 'Vos données sont réservées à un usage interne\u00a0: nous ne les cédons ni ne les vendons.',
    recipientsList: 'Les destinataires, leur pays et, en cas de transfert hors de l’Union européenne, les garanties qui l’encadrent\u00a0:',
    for: 'pour',
    transfers: 'Lorsqu’un destinataire traite des données hors de l’Union européenne, le transfert repose sur les garanties indiquées à côté de son nom (décision d’adéquation de la Commission européenne ou clauses contractuelles types).',
    rightsHeading: '6. Vos droits',
    rightsIntro: 'Conformément à la loi Informatique et Libertés et au RGPD, vous disposez sur vos données des droits suivants\u00a0:',
    rights: [
      'droit d’accès\u00a0: savoir si nous traitons vos données et en obtenir une copie, avec les informations sur ce traitement (finalités, destinataires, durées)\u00a0;',
      'droit de rectification\u00a0: faire corriger des données inexactes ou incomplètes\u00a0;',
      'droit à l’effacement, sous réserve de nos obligations légales de conservation\u00a0;',
      'droit à la limitation du traitement\u00a0;',
      'droit d’opposition, à tout moment à la prospection, et pour les autres traitements fondés sur notre intérêt légitime, sauf motifs légitimes et impérieux\u00a0;',
      'droit à la portabilité\u00a0: recevoir vos données dans un format structuré, couramment utilisé et lisible par machine\u00a0;',
      'droit de définir des directives sur le sort de vos données après votre décès\u00a0;',
      'droit de ne pas faire l’objet d’une décision fondée exclusivement sur un traitement automatisé\u00a0: nous ne prenons aucune décision de ce type\u00a0;',
      'droit d’introduire une réclamation auprès de la CNIL (article 7).',
    ],
    exerciseHeading: '7. Exercer vos droits',
    exercise: (email: string, postal: string) => [
      `Le plus simple est le formulaire ${paths.rights('fr')}\u00a0: nous vous envoyons un lien de confirmation à l’adresse e-mail indiquée, valable 24\u00a0heures. Vous pouvez aussi nous écrire à ${email} ou par courrier à ${postal}, en précisant l’adresse à laquelle vous souhaitez recevoir la réponse.`,
      'Nous vous répondons dans un délai d’un mois à compter de la réception de votre demande. Ce délai peut être prolongé de deux mois si la demande est complexe ou si nous en recevons un grand nombre\u00a0; nous vous en informons alors avant la fin du premier mois, en vous en donnant la raison.',
      'Aucune pièce d’identité n’est demandée systématiquement\u00a0: nous ne vous en demandons une qu’en cas de doute raisonnable sur votre identité, et elle est supprimée dès la vérification faite.',
      'Pour en savoir plus sur vos droits\u00a0: https://www.cnil.fr/fr/comprendre-vos-droits. Si vous estimez que vos droits ne sont pas respectés, vous pouvez introduire une réclamation auprès de la CNIL (Commission nationale de l’informatique et des libertés, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, https://www.cnil.fr/fr/plaintes).',
    ],
    cookiesHeading: '8. Cookies et liens',
    cookies: (name: string) => [
      'Le site ne dépose aucun cookie lorsque vous le consultez ou réservez, et ne charge aucune ressource d’un autre site\u00a0: polices, scripts et images sont servis par ce serveur.',
      `Seuls deux espaces utilisent un cookie, strictement nécessaire et exempté de consentement\u00a0: votre espace client, lorsque vous vous y connectez (un cookie de session, supprimé à la déconnexion et valable 4\u00a0heures au plus), et l’espace d’administration, réservé à ${name} (session de connexion et protection des formulaires).`,
      'Les liens vers d’autres sites (ceux des prestataires de paiement, de la CNIL) vous font quitter ce site\u00a0: leur propre politique de confidentialité s’applique alors.',
    ],
    securityHeading: '9. Sécurité',
    securityIntro: 'En cas de violation de données présentant un risque pour vos droits, nous la notifions à la CNIL dans les 72\u00a0heures et vous en informons lorsque ce risque est élevé, avec les mesures prises. Pour protéger vos données contre la perte, le détournement, l’accès, la divulgation, la modification ou la destruction non autorisés, nous appliquons notamment les mesures suivantes\u00a0:',
    changesHeading: '10. Modifications de cette politique',
    changes: [
      'Cette politique est produite par le logiciel du site\u00a0: elle change lorsque ses traitements changent, et la nouvelle version s’applique dès sa mise en ligne.',
      'Lorsqu’elle change, nous en informons chaque client par e-mail, dès que nous avons relu la nouvelle version, et un avis est affiché sur toutes les pages du site pendant 30\u00a0jours, avec un lien vers les changements. Chaque version publiée reste consultable avec sa date\u00a0: l’e-mail et l’avis y mènent, comme la page de votre réservation pour la version en vigueur quand vous avez réservé.',
    ],
    contactHeading: '11. Questions et contact',
    contact: (email: string, postal: string) => `Pour toute question sur cette politique ou sur vos données\u00a0: ${email}, ou par courrier à ${postal}.`,
  },
  en: {
    colon: ':',
    title: 'Privacy policy',
    intro: (name: string) =>
      `This policy describes the personal data ${name} processes, why, for how long, who receives it and your rights. It is produced from the processing register of the software that runs this site: it describes what the software actually does. The French version is the reference text.`,
    controllerHeading: '1. Controller',
    controller: (who: string, address: string, email: string) => `The controller is ${who}, ${address}. E-mail: ${email}.`,
    dataHeading: '2. Data collected',
    dataIntro: 'We only collect the data the processing below needs. Required form fields are marked; the others are optional. For each processing:',
    subjects: 'data subjects:',
    browsing: [
      'Like any website, our server receives with each page the IP address of your device and the identification of your browser. It does not record them in its logs; the IP address is only used, in memory and for fifteen minutes at most, to limit the number of bookings, requests and sign-in attempts sent from one address.',
      'The site offers no comments, queries no third-party service (such as Gravatar) and does not measure its audience: no statistics tool, no tracker.',
    ],
    purposesHeading: '3. Purposes and legal bases',
    purposesIntro: 'Each processing has a purpose and a legal basis (GDPR, article 6):',
    basis: 'Legal basis:',
    noConsent: 'None of this site’s processing relies on your consent: it sets no cookie that would need it (article 8).',
    retentionHeading: '4. Retention',
    retentionIntro: 'Your data is kept only as long as each purpose needs, then deleted or anonymised automatically.',
    retentionList: 'The periods, processing by processing:',
    archive:
      'When the law requires us to keep some data longer (accounting and tax obligations, establishing, exercising or defending legal claims), it is placed in a separate archive, whose access is restricted to the controller alone, and deleted at the end of the legal period.',
    recipientsHeading: '5. Recipients',
    recipientsIntro: 'Your data is for internal use only: we neither sell nor transfer it.',
    recipientsList: 'The recipients, their country and, for a transfer outside the European Union, the safeguards that frame it:',
    for: 'for',
    transfers: 'When a recipient processes data outside the European Union, the transfer relies on the safeguards given beside its name (an adequacy decision of the European Commission or standard contractual clauses).',
    rightsHeading: '6. Your rights',
    rightsIntro: 'Under the French Data Protection Act and the GDPR, you have the following rights over your data:',
    rights: [
      'access: to know whether we process your data and get a copy, with the information about that processing (purposes, recipients, retention);',
      'rectification: to have inaccurate or incomplete data corrected;',
      'erasure, subject to our legal retention duties;',
      'restriction of processing;',
      'objection, at any time to marketing, and to the other processing based on our legitimate interest, unless there are compelling legitimate grounds;',
      'portability: to receive your data in a structured, commonly used, machine-readable format;',
      'to give directions on what happens to your data after your death;',
      'not to be subject to a decision based solely on automated processing: we make no such decision;',
      'to lodge a complaint with the CNIL (article 7).',
    ],
    exerciseHeading: '7. Exercising your rights',
    exercise: (email: string, postal: string) => [
      `The simplest way is the form at ${paths.rights('en')}: we send a confirmation link to the e-mail address you give, valid for 24 hours. You may also write to ${email} or by post to ${postal}, saying where you want the answer sent.`,
      'We answer within one month of receiving your request. This may be extended by two months if the request is complex or we receive many; we then tell you so, and why, before the first month ends.',
      'No identity document is asked for as a matter of course: we only ask for one when we have a reasonable doubt about your identity, and delete it as soon as it is checked.',
      'More about your rights: https://www.cnil.fr/fr/comprendre-vos-droits. If you think your rights are not respected, you may lodge a complaint with the CNIL, the French data protection authority (3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, https://www.cnil.fr/fr/plaintes).',
    ],
    cookiesHeading: '8. Cookies and links',
    cookies: (name: string) => [
      'The site sets no cookie while you browse or book, and loads nothing from another site: fonts, scripts and images are served by this server.',
      `Only two areas use a cookie, strictly necessary and needing no consent: your customer space, when you sign in (a session cookie, removed when you sign out and valid 4 hours at most), and the administration area, reserved for ${name} (login session and form protection).`,
      'Links to other sites (the payment providers’, the CNIL’s) take you off this site: their own privacy policy then applies.',
    ],
    securityHeading: '9. Security',
    securityIntro: 'If a data breach puts your rights at risk, we notify the CNIL within 72 hours and tell you when the risk is high, with the measures taken. To protect your data against loss, misuse, unauthorised access, disclosure, alteration or destruction, we apply in particular the following measures:',
    changesHeading: '10. Changes to this policy',
    changes: [
      'This policy is produced by the site’s software: it changes when its processing changes, and the new version applies as soon as it is online.',
      'When it changes, we tell every customer by e-mail, as soon as we have reviewed the new version, and a notice is shown on every page of the site for 30 days, with a link to the changes. Every published version stays readable with its date: the e-mail and the notice link to it, as does your booking’s page for the version in force when you booked.',
    ],
    contactHeading: '11. Questions and contact',
    contact: (email: string, postal: string) => `For any question about this policy or your data: ${email}, or by post to ${postal}.`,
  },
};

/**
 * The notice shown where data is collected (GDPR art. 13): who, why, on what basis,
 * how long, your rights; from the same register entry as the policy.
 */
export function collectionNotice(business: BusinessProfile, activity: ProcessingActivity, rules: RetentionRule[], locale: Locale): string {
  if (locale === 'fr') {
    return `${business.legalName} (${business.controllerName}), responsable du traitement, utilise ces informations pour la finalité suivante\u00a0: ${lowerFirst(activity.purpose.fr)} Base légale\u00a0: ${legalBasisText[activity.legalBasis].fr}. Durée de conservation\u00a0: ${retentionText(activity, rules, 'fr')} Vous pouvez accéder à vos données, les rectifier, les effacer, en limiter l’usage, vous opposer à leur traitement ou les récupérer depuis la page ${paths.rights('fr')} ou en écrivant à ${business.email}, et introduire une réclamation auprès de la CNIL.`;
  }
  return `${business.legalName} (${business.controllerName}), the controller, uses this information for the following purpose: ${lowerFirst(activity.purpose.en)} Legal basis: ${legalBasisText[activity.legalBasis].en}. Retention: ${retentionText(activity, rules, 'en')} You can access, correct, erase, restrict, object to or take away your data from the page ${paths.rights('en')} or by writing to ${business.email}, and lodge a complaint with the CNIL.`;
}

/** « Stripe et PayPal », "Stripe and PayPal". */
function providerList(offer: PaymentOffer, locale: Locale): string {
  const names = offer.online.map((p) => p.name);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${locale === 'fr' ? 'et' : 'and'} ${names[names.length - 1]}`;
}

/** Article 2: no bank data on our side, and, when payments are taken online, who holds it instead (seed art. 2). */
function bankDataParagraphs(offer: PaymentOffer, locale: Locale): string[] {
  const fr = locale === 'fr';
  if (offer.online.length === 0) return [fr ? 'Nous ne recueillons et ne stockons aucune donnée bancaire.' : 'We neither collect nor store any bank data.'];
  const list = providerList(offer, locale);
  const several = offer.online.length > 1;
  const policies = offer.online.map((p) => (fr ? `${p.name}\u00a0: ${p.privacyPolicy}` : `${p.name}: ${p.privacyPolicy}`)).join(fr ? '\u00a0; ' : '; ');
  return fr
    ? [
        `Nous ne recueillons et ne stockons aucune donnée bancaire\u00a0: le paiement en ligne est pris en charge par ${list}. Vos coordonnées de carte ou de compte sont saisies directement chez ${several ? 'ces prestataires, qui en assurent' : `${list}, qui en assure`} le chiffrement, le stockage et la sécurité, et ne nous parviennent jamais\u00a0; nous ne recevons que le montant, l’état du paiement, ses identifiants et le résultat du contrôle anti-fraude.`,
        `Nous vous recommandons de lire ${several ? 'leurs politiques de confidentialité pour comprendre comment ils traitent' : 'sa politique de confidentialité pour comprendre comment il traite'} vos données (${policies}).`,
      ]
    : [
        `We neither collect nor store any bank data: online payment is handled by ${list}. Your card or account details are typed directly at ${several ? 'these providers' : list}, which encrypt${several ? '' : 's'}, store${several ? '' : 's'} and secure${several ? '' : 's'} them, and never reach us; we only receive the amount, the payment’s status, its ids and the result of the fraud check.`,
        `We recommend reading ${several ? 'their privacy policies to understand how they process' : 'its privacy policy to understand how it processes'} your data (${policies}).`,
      ];
}

/** Article 5: the payment processors, and their role as controllers of their own processing (seed art. 3.5 and 5). */
function processorParagraphs(offer: PaymentOffer, locale: Locale): string[] {
  if (offer.online.length === 0) return [];
  const fr = locale === 'fr';
  const receipts = offer.online.map((p) => `${p.name} (${p.entity}, ${p.country[locale]}) ${fr ? 'reçoit' : 'receives'} ${p.receives[locale]}`);
  return [
    fr
      ? `Lorsque vous payez en ligne, le prestataire choisi reçoit ce qui est nécessaire au paiement\u00a0: ${receipts.join('\u00a0; ')}. ${offer.online.length === 1 ? 'Ce prestataire exécute le paiement pour notre compte et est lui-même responsable de ses traitements de lutte contre la fraude et de ses obligations légales.' : 'Ces prestataires exécutent le paiement pour notre compte et sont eux-mêmes responsables de leurs traitements de lutte contre la fraude et de leurs obligations légales.'}`
      : `When you pay online, the provider you choose receives what the payment needs: ${receipts.join('; ')}. ${offer.online.length === 1 ? 'This provider carries out the payment for us and is itself the controller of its fraud prevention and of its legal obligations.' : 'These providers carry out the payment for us and are themselves the controllers of their fraud prevention and of their legal obligations.'}`,
  ];
}

/** A register's text as a sentence: a final full stop when it has none (« Suivi des paiements »). */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
