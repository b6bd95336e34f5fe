import { adminPaths } from '../../../platform/http/paths.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';

const texts = {
  fr: { title: 'Accès réservé au responsable', back: 'Retour au tableau de bord' },
  en: { title: 'Owner only', back: 'Back to the dashboard' },
};

/** What staff get on an owner-only page: why, and the way back (the navigation shows what they can open). */
export function ForbiddenPage({ ctx, message }: { ctx: AdminContext; message: string }) {
  const t = texts[ctx.locale];
  return (
    <AdminLayout ctx={ctx} title={t.title}>
      <h1>{t.title}</h1>
      <p>{message}</p>
      <p>
        <a href={adminPaths.dashboard}>{t.back}</a>
      </p>
    </AdminLayout>
  );
}
