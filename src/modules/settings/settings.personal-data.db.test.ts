import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { applyRule, portContext } from '../../../test/support/retention.js';
import type { DataSubject } from '../../platform/privacy-register.js';
import { legalRegister } from '../legal/index.js';
import { settingsRegister } from './settings.register.js';

/**
 * The owner as a data subject: the business profile and the published terms and policy name
 * them (a sole trader). Found and exported; on erasure, kept on their legal ground, every time,
 * and unchanged. Nobody else is found there.
 */
/** The demo profile's address (platform/business.ts). */
const BUSINESS_EMAIL = 'contact@wservicesparis.com';

describeEachDialect('the personal data of the business identity', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // The terms and the policy are published when first shown.
    expect((await t.app.inject('/conditions-generales-de-vente')).statusCode).toBe(200);
    expect((await t.app.inject('/politique-de-confidentialite')).statusCode).toBe(200);
  });
  afterAll(() => t?.close());

  const owner: DataSubject = { customerId: null, emails: [BUSINESS_EMAIL] };

  it('finds and exports the profile and the published versions that name the owner, and keeps them on erasure', async () => {
    const ctx = portContext(t);
    expect(await settingsRegister.personalData!.find(ctx, owner)).toEqual([expect.objectContaining({ kind: 'business-profile', count: 1 })]);
    const published = await legalRegister.personalData!.find(ctx, owner);
    expect(published).toEqual([expect.objectContaining({ kind: 'published-documents', count: expect.any(Number) })]);
    expect(published[0]!.count).toBeGreaterThanOrEqual(2);
    const [profile] = await settingsRegister.personalData!.export(ctx, owner);
    expect(String(profile!.rows[0]!.profile)).toContain(BUSINESS_EMAIL);
    const [documents] = await legalRegister.personalData!.export(ctx, owner);
    expect(documents!.rows.map((r) => r.kind)).toEqual(expect.arrayContaining(['terms', 'privacy-policy']));

    const before = JSON.stringify(await settingsRegister.personalData!.export(ctx, owner));
    for (let i = 0; i < 2; i++) {
      const lines = await t.db.database.db.transaction().execute(async (trx) => {
        const inTrx = portContext(t, t.clock.now(), trx);
        return [...(await settingsRegister.personalData!.erase(inTrx, owner)), ...(await legalRegister.personalData!.erase(inTrx, owner))];
      });
      expect(lines).toEqual([
        expect.objectContaining({ kind: 'business-profile', action: 'kept', count: 1, ground: expect.objectContaining({ fr: expect.stringContaining('loi') }) }),
        expect.objectContaining({ kind: 'published-documents', action: 'kept', ground: expect.objectContaining({ fr: expect.stringContaining('Code de la consommation') }) }),
      ]);
    }
    expect(JSON.stringify(await settingsRegister.personalData!.export(ctx, owner))).toBe(before);

    const customer: DataSubject = { customerId: null, emails: ['claire.martin@example.fr'] };
    expect(await settingsRegister.personalData!.find(ctx, customer)).toEqual([]);
    expect(await legalRegister.personalData!.find(ctx, customer)).toEqual([]);
  });

  it('deletes nothing by time: the profile is replaced when the owner saves it, the published versions stay while the site runs', async () => {
    const far = new Date('2040-01-01T00:00:00Z');
    for (const id of ['settings.profile', 'legal.published-versions']) {
      expect(await applyRule(t, id, far, { dryRun: true })).toBe(0);
      expect(await applyRule(t, id, far, { dryRun: false })).toBe(0);
    }
    expect(await settingsRegister.personalData!.find(portContext(t), owner)).toHaveLength(1);
  });
});
