import { defineFieldMessages } from '../../platform/http/errors.js';

/** Why an uploaded logo was refused, beside the file field. */
export const logoMessages = defineFieldMessages({
  logoMissing: {
    field: 'logo',
    fr: 'Choisissez un fichier d’image (PNG, JPEG ou SVG).',
    en: 'Choose an image file (PNG, JPEG or SVG).',
  },
  logoTooLarge: {
    field: 'logo',
    fr: 'Ce fichier dépasse 512\u00a0Ko. Enregistrez le logo en plus petit (400\u00a0pixels de large suffisent) et envoyez-le à nouveau.',
    en: 'This file is over 512 KB. Save the logo smaller (400 pixels wide is enough) and send it again.',
  },
  logoType: {
    field: 'logo',
    fr: 'Ce fichier n’est pas une image PNG, JPEG ou SVG (son contenu a été vérifié, pas seulement son nom).',
    en: 'This file is not a PNG, JPEG or SVG image (its content was checked, not only its name).',
  },
  logoUnreadable: {
    field: 'logo',
    fr: 'Cette image est abîmée ou trop grande pour être lue. Enregistrez-la à nouveau depuis votre logiciel, en plus petit.',
    en: 'This image is damaged or too large to read. Save it again from your software, smaller.',
  },
  svgInvalid: {
    field: 'logo',
    fr: 'Ce fichier SVG n’est pas lisible (XML mal formé, DOCTYPE ou racine autre que <svg>). Exportez-le à nouveau en «\u00a0SVG simple\u00a0».',
    en: 'This SVG file cannot be read (malformed XML, a DOCTYPE, or a root other than <svg>). Export it again as “plain SVG”.',
  },
  svgScript: {
    field: 'logo',
    fr: 'Ce fichier SVG contient un script, une animation ou un gestionnaire d’événement (onclick…)\u00a0: il est refusé. Exportez le logo sans interactivité.',
    en: 'This SVG file holds a script, an animation or an event handler (onclick…): it is refused. Export the logo without interactivity.',
  },
  svgForeign: {
    field: 'logo',
    fr: 'Ce fichier SVG contient un objet étranger (HTML, iframe, vidéo…)\u00a0: il est refusé. Exportez le logo en «\u00a0SVG simple\u00a0».',
    en: 'This SVG file holds a foreign object (HTML, an iframe, a video…): it is refused. Export the logo as “plain SVG”.',
  },
  svgExternal: {
    field: 'logo',
    fr: 'Ce fichier SVG fait référence à un autre fichier ou à une adresse web (lien, police, feuille de style)\u00a0: il est refusé. Incorporez tout dans le fichier.',
    en: 'This SVG file refers to another file or a web address (a link, font or stylesheet): it is refused. Embed everything in the file.',
  },
});
