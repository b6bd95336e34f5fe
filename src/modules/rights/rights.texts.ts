import type { Localized } from '../../platform/i18n/locale.js';
import type { PrivacyRequestType } from './rights.model.js';

/**
 * Each request type, as the person reads it on the form and in mails, and as the owner reads it:
 * plain words first (many customers are uneasy with computers), the article of the law last.
 */
export const typeTexts: Record<PrivacyRequestType, { name: Localized; explain: Localized; article: Localized }> = {
  access: {
    name: { fr: 'Savoir ce que vous détenez sur moi (accès)', en: 'Know what you hold about me (access)' },
    explain: {
      fr: 'Nous vous envoyons une copie de toutes les informations que nous gardons sur vous\u00a0: vos réservations, vos factures, les e-mails envoyés, et pourquoi nous les gardons.',
      en: 'We send you a copy of everything we keep about you: your bookings, invoices, the e-mails sent, and why we keep them.',
    },
    article: { fr: 'RGPD, art.\u00a015', en: 'GDPR, art. 15' },
  },
  rectification: {
    name: { fr: 'Corriger une information (rectification)', en: 'Correct something (rectification)' },
    explain: {
      fr: 'Une information est fausse ou incomplète (nom, adresse, téléphone…)\u00a0? Dites-nous laquelle et ce qu’il faut mettre à la place.',
      en: 'Is something wrong or incomplete (name, address, phone…)? Tell us what, and what it should say.',
    },
    article: { fr: 'RGPD, art.\u00a016', en: 'GDPR, art. 16' },
  },
  erasure: {
    name: { fr: 'Effacer mes informations (effacement)', en: 'Delete my information (erasure)' },
    explain: {
      fr: 'Nous supprimons ce que nous avons sur vous. La loi nous oblige à garder certaines pièces (les factures, 10\u00a0ans)\u00a0: nous vous disons lesquelles et jusqu’à quand.',
      en: 'We delete what we hold about you. The law makes us keep some records (invoices, 10 years): we tell you which and until when.',
    },
    article: { fr: 'RGPD, art.\u00a017', en: 'GDPR, art. 17' },
  },
  restriction: {
    name: { fr: 'Geler l’utilisation de mes informations (limitation)', en: 'Freeze the use of my information (restriction)' },
    explain: {
      fr: 'Nous gardons vos informations sans nous en servir (aucun e-mail sauf ceux que la loi ou une réservation exigent) le temps de régler un désaccord.',
      en: 'We keep your information without using it (no e-mail except those the law or a booking requires) while a disagreement is settled.',
    },
    article: { fr: 'RGPD, art.\u00a018', en: 'GDPR, art. 18' },
  },
  objection: {
    name: { fr: 'Ne plus recevoir de publicité, m’opposer (opposition)', en: 'No more advertising, object (objection)' },
    explain: {
      fr: 'Vous ne voulez plus que nous utilisions vos informations pour un usage précis, ou plus aucune offre commerciale\u00a0: nous arrêtons.',
      en: 'You no longer want us to use your information for a given purpose, or to receive any offer: we stop.',
    },
    article: { fr: 'RGPD, art.\u00a021', en: 'GDPR, art. 21' },
  },
  portability: {
    name: { fr: 'Récupérer mes informations dans un fichier (portabilité)', en: 'Get my information as a file (portability)' },
    explain: {
      fr: 'Nous vous envoyons vos informations dans des fichiers qu’un autre logiciel sait lire (JSON et tableur), pour les emporter ailleurs.',
      en: 'We send you your information in files other software can read (JSON and spreadsheet), to take them elsewhere.',
    },
    article: { fr: 'RGPD, art.\u00a020', en: 'GDPR, art. 20' },
  },
  directive: {
    name: { fr: 'Dire ce que deviennent mes informations après mon décès (directives)', en: 'Say what happens to my information after my death (directives)' },
    explain: {
      fr: 'Écrivez ce que vous souhaitez\u00a0: tout effacer, ou confier vos informations à un proche que vous nommez. Nous gardons ce texte et le suivrons.',
      en: 'Write what you wish: delete everything, or hand your information to someone you name. We keep this text and will follow it.',
    },
    article: { fr: 'loi Informatique et Libertés, art.\u00a085', en: 'French Data Protection Act, art. 85' },
  },
  question: {
    name: { fr: 'Poser une question sur mes informations', en: 'Ask a question about my information' },
    explain: {
      fr: 'Une question sur vos informations ou sur ce que nous en faisons\u00a0? Écrivez-la, nous vous répondons par e-mail.',
      en: 'A question about your information or what we do with it? Write it, we answer by e-mail.',
    },
    article: { fr: 'RGPD, art.\u00a012', en: 'GDPR, art. 12' },
  },
};
