import type { BusinessProfile } from '../../platform/business.js';
import { paths } from '../../platform/http/paths.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { LegalDocument } from '../../platform/legal-document.js';
import type { PaymentOffer } from '../../platform/payment-offer.js';
import { legalBasisText, retentionText, type ProcessingActivity, type RetentionRule } from '../../platform/privacy-register.js';

/**
 * The privacy policy, written from the processing register: each activity the code
 * declares becomes a paragraph, so the page says what the software does and nothing else.
 */
export function privacyPolicyDocument(business: BusinessProfile, activities: ProcessingActivity[], rules: RetentionRule[], locale: Locale, offer: PaymentOffer): LegalDocument {
  const a = business.address;
  const postal = `${business.legalName}, ${a.line1}, ${a.postalCode} ${a.city}`;
  const fr = locale === 'fr';
  const activitySections = activities.map((activity, index) => ({
    heading: `2.${index + 1} ${activity.name[locale]}`,
    paragraphs: [activity.purpose[locale]],
    list: [
      `${fr ? 'Base légale\u00a0:' : 'Legal basis:'} ${legalBasisText[activity.legalBasis][locale]}`,
      `${fr ? 'Personnes concernées\u00a0:' : 'Data subjects:'} ${activity.dataSubjects[locale]}`,
      `${fr ? 'Données\u00a0:' : 'Data:'} ${activity.dataCategories.map((c) => c[locale]).join(', ')}`,
      `${fr ? 'Destinataires\u00a0:' : 'Recipients:'} ${activity.recipients.map((r) => r[locale]).join(', ')}`,
      `${fr ? 'Durée de conservation\u00a0:' : 'Retention:'} ${retentionText(activity, rules, locale)}`,
    ],
  }));

  if (fr) {
    return {
      title: 'Politique de confidentialité',
      intro: `Cette politique décrit les données personnelles que traite ${business.name}, pourquoi, pendant combien de temps, et vos droits. Elle est produite à partir du registre des traitements du logiciel qui fait fonctionner ce site\u00a0: elle décrit ce qu’il fait réellement.`,
      sections: [
        {
          heading: '1. Responsable du traitement',
          paragraphs: [`Le responsable du traitement est ${business.controllerName}, ${postal}. Contact\u00a0: ${business.email}.`],
        },
        {
          heading: '2. Données traitées et finalités',
          paragraphs: [
            'Nous ne traitons que les données nécessaires aux finalités ci-dessous. Les champs obligatoires des formulaires sont signalés\u00a0; les autres sont facultatifs.',
            ...bankDataParagraphs(offer, 'fr'),
          ],
        },
        ...activitySections,
        {
          heading: '3. Destinataires',
          paragraphs: [
            'Vos données sont réservées à un usage interne\u00a0: nous ne les cédons ni ne les vendons. Nos prestataires techniques (hébergement, envoi des e-mails) n’y accèdent qu’en qualité de sous-traitants, pour nous rendre ce service.',
            ...processorParagraphs(offer, 'fr'),
          ],
        },
        {
          heading: '4. Cookies',
          paragraphs: [
            'Le site public ne dépose aucun cookie et ne charge aucune ressource d’un autre site\u00a0: polices, scripts et images sont servis par ce serveur.',
            `Seul l’espace d’administration, réservé à ${business.name}, utilise des cookies strictement nécessaires (session de connexion et protection des formulaires), exemptés de consentement.`,
          ],
        },
        {
          heading: '5. Vos droits',
          paragraphs: [
            'Vous disposez sur vos données des droits suivants\u00a0:',
          ],
          list: [
            'droit d’accès\u00a0: savoir si nous traitons vos données et en obtenir une copie\u00a0;',
            'droit de rectification\u00a0: faire corriger des données inexactes ou incomplètes\u00a0;',
            'droit à l’effacement, sous réserve de nos obligations légales de conservation\u00a0;',
            'droit à la limitation du traitement\u00a0;',
            'droit d’opposition, y compris à toute prospection\u00a0;',
            'droit à la portabilité\u00a0: recevoir vos données dans un format structuré et lisible par machine\u00a0;',
            'droit de définir des directives sur le sort de vos données après votre décès.',
          ],
        },
        {
          heading: '6. Exercer vos droits',
          paragraphs: [
            `Faites votre demande en ligne sur la page «\u00a0Exercer mes droits\u00a0» (${paths.rights('fr')}), écrivez-nous à ${business.email} ou par courrier à ${postal}. Nous vous répondrons dans un délai d’un mois à compter de la réception de votre demande. Ce délai peut être prolongé de deux mois si la demande est complexe ou si nous en recevons un grand nombre\u00a0; nous vous en informerons alors dans le premier mois.`,
            'Nous ne prenons aucune décision fondée exclusivement sur un traitement automatisé.',
            'Vous pouvez introduire une réclamation auprès de la CNIL (www.cnil.fr).',
          ],
        },
        {
          heading: '7. Sécurité',
          paragraphs: [
            'Les mots de passe de l’administration sont hachés avec argon2id, les sessions sont conservées côté serveur et les liens personnels de réservation sont signés. En cas de violation de données présentant un risque pour vos droits, nous la notifions à la CNIL dans les 72 heures et vous en informons lorsque ce risque est élevé.',
          ],
        },
      ],
    };
  }
  return {
    title: 'Privacy policy',
    intro: `This policy describes the personal data ${business.name} processes, why, for how long, and your rights. It is produced from the processing register of the software that runs this site: it describes what the software actually does. The French version is the reference text.`,
    sections: [
      {
        heading: '1. Controller',
        paragraphs: [`The controller is ${business.controllerName}, ${postal}. Contact: ${business.email}.`],
      },
      {
        heading: '2. Data processed and purposes',
        paragraphs: [
          'We only process the data needed for the purposes below. Required form fields are marked; the others are optional.',
          ...bankDataParagraphs(offer, 'en'),
        ],
      },
      ...activitySections,
      {
        heading: '3. Recipients',
        paragraphs: [
          'Your data is for internal use only: we neither sell nor transfer it. Our technical providers (hosting, e-mail delivery) only access it as processors, to provide that service to us.',
          ...processorParagraphs(offer, 'en'),
        ],
      },
      {
        heading: '4. Cookies',
        paragraphs: [
          'The public site sets no cookie and loads nothing from another site: fonts, scripts and images are served by this server.',
          `Only the administration area, reserved for ${business.name}, uses strictly necessary cookies (login session and form protection), which need no consent.`,
        ],
      },
      {
        heading: '5. Your rights',
        paragraphs: ['You have the following rights over your data:'],
        list: [
          'access: to know whether we process your data and get a copy;',
          'rectification: to have inaccurate or incomplete data corrected;',
          'erasure, subject to our legal retention duties;',
          'restriction of processing;',
          'objection, including to any marketing;',
          'portability: to receive your data in a structured, machine-readable format;',
          'to give directions on what happens to your data after your death.',
        ],
      },
      {
        heading: '6. Exercising your rights',
        paragraphs: [
          `Make your request online on the “Exercise my rights” page (${paths.rights('en')}), write to ${business.email} or by post to ${postal}. We will answer within one month of receiving your request. This may be extended by two months if the request is complex or we receive many; we would tell you so within the first month.`,
          'We make no decision based solely on automated processing.',
          'You may lodge a complaint with the CNIL, the French data protection authority (www.cnil.fr).',
        ],
      },
      {
        heading: '7. Security',
        paragraphs: [
          'Administration passwords are hashed with argon2id, sessions are kept on the server and private booking links are signed. If a data breach puts your rights at risk, we notify the CNIL within 72 hours and tell you when the risk is high.',
        ],
      },
    ],
  };
}

/**
 * The notice shown where data is collected (GDPR art. 13): who, why, on what basis,
 * how long, your rights; from the same register entry as the policy.
 */
export function collectionNotice(business: BusinessProfile, activity: ProcessingActivity, rules: RetentionRule[], locale: Locale): string {
  if (locale === 'fr') {
    return `${business.legalName} (${business.controllerName}), responsable du traitement, utilise ces informations pour la finalité suivante\u00a0: ${lowerFirst(activity.purpose.fr)} Base légale\u00a0: ${legalBasisText[activity.legalBasis].fr}. Durée de conservation\u00a0: ${retentionText(activity, rules, 'fr')} Vous pouvez accéder à vos données, les rectifier, les effacer, en limiter l’usage, vous opposer à leur traitement ou les récupérer en écrivant à ${business.email}, et introduire une réclamation auprès de la CNIL.`;
  }
  return `${business.legalName} (${business.controllerName}), the controller, uses this information for the following purpose: ${lowerFirst(activity.purpose.en)} Legal basis: ${legalBasisText[activity.legalBasis].en}. Retention: ${retentionText(activity, rules, 'en')} You can access, correct, erase, restrict, object to or take away your data by writing to ${business.email}, and lodge a complaint with the CNIL.`;
}

/** « Stripe et PayPal », "Stripe and PayPal". */
function providerList(offer: PaymentOffer, locale: Locale): string {
  const names = offer.online.map((p) => p.name);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${locale === 'fr' ? 'et' : 'and'} ${names[names.length - 1]}`;
}

/** Article 2: no bank data on our side, and, when payments are taken online, who holds it instead (policy art. 2). */
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

/** Article 5: the payment processors, and their role as controllers of their own processing (policy art. 3.5 and 5). */
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


function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
