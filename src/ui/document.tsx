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
            <p key={p}>{p}</p>
          ))}
          {section.list ? (
            <ul>
              {section.list.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ))}
    </article>
  );
}
