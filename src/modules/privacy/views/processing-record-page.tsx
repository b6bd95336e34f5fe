import { adminPaths } from '../../../platform/http/paths.js';
import { AdminLayout, type AdminContext } from '../../../platform/views/admin-layout.js';
import type { ProcessingRecord } from '../processing-record.js';

const texts = {
  fr: {
    title: 'Registre des activités de traitement',
    intro: 'Le registre prévu par l’article 30 du RGPD, produit à partir des déclarations du logiciel\u00a0: il décrit ce que le site fait réellement. À présenter à la CNIL sur demande.',
    csv: 'Télécharger le registre (CSV)',
    back: 'Retour à la page Confidentialité',
    controller: 'Responsable du traitement',
    name: 'Nom',
    company: 'Entreprise',
    address: 'Adresse',
    email: 'E-mail',
    activities: 'Activités de traitement',
    purpose: 'Finalité',
    basis: 'Base légale',
    subjects: 'Personnes concernées',
    data: 'Catégories de données',
    recipients: 'Destinataires (pays, garanties)',
    transfers: 'Transferts hors de l’Union européenne',
    noTransfer: 'Aucun déclaré',
    retention: 'Durée de conservation',
    locations: 'Emplacements',
    none: 'Aucun',
    security: 'Mesures de sécurité',
    id: 'Identifiant',
  },
  en: {
    title: 'Record of processing activities',
    intro: 'The record GDPR article 30 asks for, produced from the software’s declarations: it describes what the site actually does. To show the CNIL on request.',
    csv: 'Download the record (CSV)',
    back: 'Back to the Privacy page',
    controller: 'Controller',
    name: 'Name',
    company: 'Business',
    address: 'Address',
    email: 'E-mail',
    activities: 'Processing activities',
    purpose: 'Purpose',
    basis: 'Legal basis',
    subjects: 'Data subjects',
    data: 'Categories of data',
    recipients: 'Recipients (country, safeguards)',
    transfers: 'Transfers outside the European Union',
    noTransfer: 'None declared',
    retention: 'Retention',
    locations: 'Where it is kept',
    none: 'None',
    security: 'Security measures',
    id: 'Identifier',
  },
};

/** The record of processing activities (GDPR art. 30(1)): the controller, each activity, the security measures. */
export function ProcessingRecordPage({ ctx, record }: { ctx: AdminContext; record: ProcessingRecord }) {
  const t = texts[ctx.locale];
  const list = (items: string[], empty: string) =>
    items.length === 0 ? (
      empty
    ) : (
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    );
  return (
    <AdminLayout ctx={ctx} title={t.title} current={adminPaths.privacyPolicy}>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <p>
        <a href={adminPaths.processingRecordCsv}>{t.csv}</a> · <a href={adminPaths.privacyPolicy}>{t.back}</a>
      </p>
      <section class="card" aria-labelledby="controller-heading">
        <h2 id="controller-heading">{t.controller}</h2>
        <dl>
          <dt>{t.name}</dt>
          <dd>{record.controller.name}</dd>
          <dt>{t.company}</dt>
          <dd>{record.controller.legalName}</dd>
          <dt>{t.address}</dt>
          <dd>{record.controller.address}</dd>
          <dt>{t.email}</dt>
          <dd>{record.controller.email}</dd>
        </dl>
      </section>
      <h2>{t.activities}</h2>
      {record.entries.map((entry) => (
        <section key={entry.id} class="card record-entry" aria-labelledby={`activity-${entry.id}`} data-activity={entry.id}>
          <h3 id={`activity-${entry.id}`}>{entry.name}</h3>
          <dl>
            <dt>{t.id}</dt>
            <dd>
              <code>{entry.id}</code>
            </dd>
            <dt>{t.purpose}</dt>
            <dd>{entry.purpose}</dd>
            <dt>{t.basis}</dt>
            <dd>{entry.legalBasis}</dd>
            <dt>{t.subjects}</dt>
            <dd>{entry.dataSubjects}</dd>
            <dt>{t.data}</dt>
            <dd>{list(entry.dataCategories, t.none)}</dd>
            <dt>{t.recipients}</dt>
            <dd>{list(entry.recipients, t.none)}</dd>
            <dt>{t.transfers}</dt>
            <dd>{list(entry.transfers, t.noTransfer)}</dd>
            <dt>{t.retention}</dt>
            <dd>{entry.retention}</dd>
            <dt>{t.locations}</dt>
            <dd>{list(entry.locations, t.none)}</dd>
          </dl>
        </section>
      ))}
      <section class="card" aria-labelledby="security-heading">
        <h2 id="security-heading">{t.security}</h2>
        {list(record.securityMeasures, t.none)}
      </section>
    </AdminLayout>
  );
}
