import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';

describeEachDialect('back-office accounts', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t?.close());

  it('ends every session when the password is reset', async () => {
    const { admin } = t.services;
    await admin.createOrResetAccount({ email: 'owner@example.fr', password: 'une phrase de passe assez longue' }, 'fr');
    const { token } = await admin.login({ email: 'owner@example.fr', password: 'une phrase de passe assez longue' }, 'fr');
    expect(await admin.accountForSession(token)).toMatchObject({ email: 'owner@example.fr' });
    expect(await admin.createOrResetAccount({ email: 'owner@example.fr', password: 'une toute nouvelle phrase' }, 'fr')).toBe('updated');
    expect(await admin.accountForSession(token)).toBeUndefined();
  });
});
