import type { BusinessProfile } from '../../platform/business.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { LegalDocument } from '../../platform/legal-document.js';

/** The legal notice (mentions légales, LCEN art. 6-III), from the business profile. */
export function legalNoticeDocument(business: BusinessProfile, locale: Locale): LegalDocument {
  const a = business.address;
  const fr = locale === 'fr';
  const publisher = [
    `${business.legalName} (${business.legalForm})`,
    `${a.line1}, ${a.postalCode} ${a.city}`,
    `${fr ? 'E-mail' : 'Email'} : ${business.email}`,
    business.phone ? `${fr ? 'Téléphone' : 'Phone'} : ${business.phone}` : null,
    business.siret ? `SIRET : ${business.siret}` : null,
    business.vatNumber ? `${fr ? 'TVA intracommunautaire' : 'VAT number'} : ${business.vatNumber}` : null,
  ].filter((line): line is string => line !== null);
  const sections: LegalDocument['sections'] = [
    { heading: fr ? 'Éditeur du site' : 'Publisher', paragraphs: [], list: publisher },
    { heading: fr ? 'Directeur de la publication' : 'Publication director', paragraphs: [business.controllerName] },
  ];
  if (business.host) {
    sections.push({ heading: fr ? 'Hébergeur' : 'Host', paragraphs: [`${business.host.name}, ${business.host.address}`] });
  }
  sections.push({
    heading: fr ? 'Ressources tierces' : 'Third-party resources',
    paragraphs: [
      fr
        ? 'Ce site ne charge aucune ressource d’un autre site\u00a0: polices, scripts et images sont servis par ce serveur.'
        : 'This site loads nothing from another site: fonts, scripts and images are served by this server.',
    ],
  });
  if (fr) return { title: 'Mentions légales', sections: sections.map(frenchColons) };
  return { title: 'Legal notice', sections: sections.map((s) => ({ ...s, list: s.list?.map((l) => l.replace(' : ', ': ')) })) };
}

/** French typography: a non-breaking space before a colon. */
function frenchColons(section: LegalDocument['sections'][number]): LegalDocument['sections'][number] {
  return { ...section, list: section.list?.map((line) => line.replace(' : ', '\u00a0: ')) };
}
