import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';
import { paths } from '../http/paths.js';

const texts = {
  fr: { title: 'Erreur', home: 'Retour à l’accueil', reference: 'Référence de l’incident' },
  en: { title: 'Error', home: 'Back to the home page', reference: 'Incident reference' },
};

export function ErrorPage({ ctx, heading, message, requestId }: { ctx: PageContext; heading: string; message: string; requestId?: string }) {
  const t = texts[ctx.locale];
  return (
    <Layout ctx={ctx} title={heading || t.title}>
      <h1>{heading}</h1>
      <p>{message}</p>
      {requestId ? (
        <p class="muted">
          {t.reference}&nbsp;: <code>{requestId}</code>
        </p>
      ) : null}
      <p>
        <a href={paths.home(ctx.locale)}>{t.home}</a>
      </p>
    </Layout>
  );
}
