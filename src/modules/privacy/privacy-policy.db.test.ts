import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { paths } from '../../platform/http/paths.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { LegalDocument } from '../../platform/legal-document.js';
import { loggerOptions } from '../../platform/log.js';
import { legalBasisText, retentionText, type ProcessingActivity } from '../../platform/privacy-register.js';
import { NOTICE_DAYS } from './policy-announcements.service.js';
import { privacyPolicyDocument, recipientText, retentionLine, securityMeasures } from './privacy-policy.js';

/**
 * The policy read article by article against what the code does (issue 8 item 2): every activity's
 * data, purpose, basis, retention (the rules' sentence) and recipients (with their country); the
 * rights and how to exercise them (the /mes-droits form, one month, two more, identity only on
 * reasonable doubt); no cookie on the public pages, as article 8 says; nothing about processing
 * the site does not do (comments, Gravatar, audience statistics).
 */
const NBSP = '\u00a0';

describeEachDialect('the privacy policy, true of the code', (dialect) => {
  let t: TestApp;
  let activities: ProcessingActivity[];
  const doc = (locale: Locale): LegalDocument => t.services.privacy.policy.documents[locale];
  const section = (locale: Locale, number: number) => {
    const found = doc(locale).sections.find((s) => s.heading.startsWith(`${number}. `));
    expect(found, `article ${number} (${locale})`).toBeDefined();
    return found!;
  };
  const textOf = (s: { heading: string; paragraphs: string[]; list?: string[] }) => [s.heading, ...s.paragraphs, ...(s.list ?? [])].join('\n');

  beforeAll(async () => {
    t = await createTestApp(dialect);
    activities = t.services.privacy.activities;
  });
  afterAll(() => t?.close());

  it('has the seed policy’s articles, in its order, in both languages', () => {
    expect(doc('fr').sections.map((s) => s.heading)).toEqual([
      '1. Responsable du traitement',
      '2. Données collectées',
      '3. Finalités et bases légales',
      '4. Durées de conservation',
      '5. Destinataires',
      '6. Vos droits',
      '7. Exercer vos droits',
      '8. Cookies et liens',
      '9. Sécurité',
      '10. Modifications de cette politique',
      '11. Questions et contact',
    ]);
    expect(doc('en').sections).toHaveLength(11);
  });

  it('names the controller and how to reach them (articles 1 and 11)', () => {
    const business = t.app.business.current();
    for (const locale of ['fr', 'en'] as const) {
      for (const n of [1, 11]) {
        const text = textOf(section(locale, n));
        expect(text).toContain(business.controllerName);
        expect(text).toContain(business.email);
        expect(text).toContain(business.address.line1);
      }
    }
  });

  it('lists each activity’s data and subjects, its purpose and legal basis (articles 2 and 3)', () => {
    for (const locale of ['fr', 'en'] as const) {
      const data = section(locale, 2).list!;
      const purposes = section(locale, 3).list!;
      expect(data).toHaveLength(activities.length);
      expect(purposes).toHaveLength(activities.length);
      activities.forEach((activity, i) => {
        expect(data[i]).toContain(activity.name[locale]);
        for (const category of activity.dataCategories) expect(data[i]).toContain(category[locale]);
        expect(data[i]).toContain(activity.dataSubjects[locale]);
        expect(purposes[i]).toContain(legalBasisText[activity.legalBasis][locale]);
      });
      // « No consent » is said only while no activity relies on it.
      const consent = activities.some((a) => a.legalBasis === 'consent');
      expect(textOf(section(locale, 3)).includes(locale === 'fr' ? 'ne repose sur votre consentement' : 'relies on your consent')).toBe(!consent);
    }
  });

  it('states each activity’s retention exactly as its rules write it, and the archive restricted to the controller (article 4)', () => {
    const rules = t.services.privacy.retentionRules;
    for (const locale of ['fr', 'en'] as const) {
      const s = section(locale, 4);
      expect(s.list).toEqual(activities.map((a) => `${a.name[locale]}${locale === 'fr' ? `${NBSP}:` : ':'} ${retentionText(a, rules, locale)}`));
      expect(s.list).toEqual(activities.map((a) => retentionLine(a, rules, locale)));
      for (const a of activities) expect(retentionText(a, rules, locale).trim(), `${a.id} has no retention`).not.toBe('');
    }
    expect(textOf(section('fr', 4))).toContain('accès est restreint au seul responsable du traitement');
    expect(textOf(section('en', 4))).toContain('restricted to the controller alone');
  });

  it('shows every recipient once, with its country and safeguards when declared (article 5)', () => {
    for (const locale of ['fr', 'en'] as const) {
      const text = textOf(section(locale, 5));
      for (const recipient of activities.flatMap((a) => a.recipients)) {
        // Each line starts with a capital letter.
        expect(text.toLowerCase()).toContain(recipientText(recipient, locale).toLowerCase());
        if (recipient.country) expect(text).toContain(recipient.country[locale]);
      }
    }
    // A recipient outside the EU: its country, its safeguards, and the transfer paragraph.
    const business = t.app.business.current();
    const abroad: ProcessingActivity = {
      ...activities[0]!,
      recipients: [{ fr: 'notre hébergeur', en: 'our host', role: 'processor', country: { fr: 'États-Unis', en: 'United States' }, safeguards: { fr: 'clauses contractuelles types', en: 'standard contractual clauses' } }],
    };
    const policy = privacyPolicyDocument(business, [abroad], [], 'fr', { onSite: [], online: [] });
    const recipients = textOf(policy.sections[4]!);
    expect(recipients).toContain(`Notre hébergeur${NBSP}; pays${NBSP}: États-Unis${NBSP}; garanties${NBSP}: clauses contractuelles types`);
    expect(recipients).toContain('hors de l’Union européenne, le transfert repose sur les garanties');
    const home = privacyPolicyDocument(business, [{ ...abroad, recipients: [{ fr: 'notre hébergeur', en: 'our host', country: { fr: 'France', en: 'France' } }] }], [], 'fr', { onSite: [], online: [] });
    expect(textOf(home.sections[4]!)).not.toContain('le transfert repose');
  });

  it('says how to exercise the rights: the /mes-droits form, one month, two more, identity only on reasonable doubt, the CNIL (articles 6 and 7)', async () => {
    const fr = textOf(section('fr', 7));
    expect(fr).toContain(`formulaire ${paths.rights('fr')}`);
    expect(fr).toContain('dans un délai d’un mois');
    expect(fr).toContain('prolongé de deux mois');
    expect(fr).toContain('avant la fin du premier mois');
    expect(fr).toContain('qu’en cas de doute raisonnable sur votre identité');
    expect(fr).not.toMatch(/photocopie/i);
    expect(fr).toContain('réclamation auprès de la CNIL');
    expect(textOf(section('en', 7))).toContain(`form at ${paths.rights('en')}`);
    for (const right of ['d’accès', 'rectification', 'effacement', 'limitation', 'opposition', 'portabilité', 'après votre décès', 'traitement automatisé']) expect(textOf(section('fr', 6))).toContain(right);
    // The page makes the form's address a link.
    const page = await t.app.inject(paths.privacyPolicy('fr'));
    expect(page.body).toContain(`<a href="${paths.rights('fr')}">${paths.rights('fr')}</a>`);
    expect((await t.app.inject(paths.privacyPolicy('en'))).body).toContain(`<a href="${paths.rights('en')}">`);
  });

  it('sets no cookie on the public pages and loads nothing from another site, as article 8 says', async () => {
    expect(textOf(section('fr', 8))).toContain('Le site ne dépose aucun cookie lorsque vous le consultez ou réservez');
    const service = (await t.services.catalog.listServices({ activeOnly: true }))[0]!;
    const pages = [
      paths.home('fr'),
      paths.home('en'),
      paths.services('fr'),
      paths.service('fr', service.slug),
      paths.service('en', service.slug),
      paths.privacyPolicy('fr'),
      paths.privacyPolicy('en'),
      paths.terms('fr'),
      paths.legalNotice('fr'),
      paths.customerSpace('fr'),
    ];
    for (const url of pages) {
      const response = await t.app.inject(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['set-cookie'], `${url} sets a cookie`).toBeUndefined();
      // Only this server's resources: no script, style, image or font from elsewhere.
      const loaded = [...response.body.matchAll(/<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].filter((m) => !m[1]!.startsWith('data:')).map((m) => new URL(m[1]!, t.config.baseUrl).origin);
      expect(loaded.filter((origin) => origin !== new URL(t.config.baseUrl).origin), url).toEqual([]);
    }
  });

  it('says nothing of processing the site does not do, and what it does instead (comments, Gravatar, audience, IP addresses)', () => {
    for (const locale of ['fr', 'en'] as const) {
      const all = doc(locale).sections.map(textOf).join('\n');
      // Named only to say the site does not: no activity of the register is about them.
      expect(all).toContain(locale === 'fr' ? 'Le site ne propose pas de commentaires, n’interroge aucun service tiers (comme Gravatar) et ne mesure pas son audience' : 'The site offers no comments, queries no third-party service (such as Gravatar) and does not measure its audience');
      expect(all).not.toMatch(locale === 'fr' ? /cookies? (de mesure|publicitaire|tiers)|13 mois|pages vues/ : /tracking cookie|13 months|page views/);
    }
    expect(activities.map((a) => `${a.id} ${a.name.en}`).join(' ')).not.toMatch(/comment|gravatar|audience|analytics|statistic/i);
    // « Il ne les enregistre pas dans ses journaux »: a request is logged by its method, path and id only.
    const serialize = loggerOptions('info').serializers!.req as (r: unknown) => Record<string, unknown>;
    expect(Object.keys(serialize({ method: 'GET', url: '/', id: 'x', ip: '203.0.113.9', headers: { 'user-agent': 'UA' } }))).toEqual(['method', 'url', 'id']);
  });

  it('lists the security measures, and how customers are told of a change (articles 9 and 10)', () => {
    const security = section('fr', 9).list!;
    expect(security).toEqual(securityMeasures.map((m) => m.fr));
    expect(textOf(section('fr', 9))).toContain('72\u00a0heures');
    const changes = textOf(section('fr', 10));
    expect(changes).toContain(`pendant ${NOTICE_DAYS}${NBSP}jours`);
    expect(changes).toContain('par e-mail');
  });
});
