import type { Locale } from '../../../platform/i18n/locale.js';
import type { SectionChanges } from '../policy-diff.js';

const texts = {
  fr: { added: 'Ajouté\u00a0:', removed: 'Retiré\u00a0:', header: 'Titre et introduction', none: 'Aucun paragraphe n’a changé.' },
  en: { added: 'Added:', removed: 'Removed:', header: 'Title and introduction', none: 'No paragraph changed.' },
};

/**
 * What changed between two versions, section by section: each paragraph added or removed, marked
 * with <ins>/<del> and a visible word (colour alone would not say it, and screen readers ignore the tags).
 */
export function PolicyChangesList({ sections, locale, headingLevel = 2 }: { sections: SectionChanges[]; locale: Locale; headingLevel?: 2 | 3 }) {
  const t = texts[locale];
  if (sections.length === 0) return <p>{t.none}</p>;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div class="policy-diff">
      {sections.map((section, index) => (
        <section key={`${section.heading}-${index}`} class="policy-diff__section">
          <Heading>{section.heading || t.header}</Heading>
          <ul class="plain-list">
            {section.changes.map((change, i) =>
              change.kind === 'added' ? (
                <li key={i} class="policy-diff__added">
                  <strong>{t.added}</strong> <ins>{change.block.text}</ins>
                </li>
              ) : (
                <li key={i} class="policy-diff__removed">
                  <strong>{t.removed}</strong> <del>{change.block.text}</del>
                </li>
              ),
            )}
          </ul>
        </section>
      ))}
    </div>
  );
}
