import type { LegalDocument } from '../platform/legal-document.js';

/** Renders a legal text: title, lead, numbered sections. */
export function DocumentView({ document, meta }: { document: LegalDocument; meta?: string }) {
  return (
    <article class="prose">
      <h1>{document.title}</h1>
      {meta ? <p class="muted">{meta}</p> : null}
      {document.intro ? <p class="lead">{document.intro}</p> : null}
      {document.sections.map((section) => (
        <section key={section.heading}>
          <h2>{section.heading}</h2>
          {section.paragraphs.map((p) => (
            <p key={p}>{withLinks(p)}</p>
          ))}
          {section.list ? (
            <ul>
              {section.list.map((item) => (
                <li key={item}>{withLinks(item)}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ))}
    </article>
  );
}

/** An address in the text (« https://www.cnil.fr/… », « /mes-droits ») as a link; the sentence's final punctuation stays outside. */
const ADDRESS = /(https?:\/\/[^\s()]*[^\s().,;:]|(?<![\w/.])\/(?:en\/)?[a-z][a-z0-9-]*(?:\/[a-z0-9-]+)*)/g;

export function withLinks(text: string): (string | preact.JSX.Element)[] {
  return text.split(ADDRESS).map((part, index) => (index % 2 === 1 ? <a key={index} href={part}>{part}</a> : part));
}
