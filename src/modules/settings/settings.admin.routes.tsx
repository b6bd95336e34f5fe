import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formStrings, messagesByField, ValidationFailed } from '../../platform/http/errors.js';
import { requestLocale } from '../../platform/http/error-handler.js';
import { adminPaths } from '../../platform/http/paths.js';
import { validate } from '../../platform/http/validation.js';
import { sendPage } from '../../platform/views/render.js';
import type { Errors } from '../../ui/form.js';
import { adminContext } from '../admin/index.js';
import { checkLogo, MAX_LOGO_BYTES } from './logo.js';
import { logoMessages } from './settings.errors.js';
import { profileFormSchema, profileToFormValues, settingsValidationTexts, type ProfileFormValues } from './settings.schemas.js';
import type { SettingsService } from './settings.service.js';
import { SettingsPage } from './views/settings-page.js';

// Staff get a 403 page (the back-office guard, admin module).
const ownerOnly = { config: { ownerOnly: true } };
/** What the multipart parser leaves for a file beyond MAX_LOGO_BYTES (it stops reading there). */
const TOO_LARGE = { tooLarge: true } as const;

type Notice = 'saved' | 'logo' | 'logoRemoved';
const notices: Record<string, Notice> = { '1': 'saved', logo: 'logo', 'logo-retire': 'logoRemoved' };

/** /admin/parametres: the business profile and the logo, for the owner. */
export async function settingsAdminRoutes(app: FastifyInstance, { settings }: { settings: SettingsService }) {
  const page = (request: FastifyRequest, reply: Parameters<typeof adminContext>[1], state: { values?: ProfileFormValues; errors?: Errors; logoErrors?: Errors; notice?: Notice }) => {
    const profile = settings.snapshot();
    return (
      <SettingsPage
        ctx={adminContext(request, reply)}
        profile={profile}
        values={state.values ?? profileToFormValues(profile)}
        errors={state.errors ?? {}}
        logoErrors={state.logoErrors ?? {}}
        notice={state.notice}
      />
    );
  };

  app.get(adminPaths.settings, ownerOnly, async (request: FastifyRequest<{ Querystring: { enregistre?: string } }>, reply) =>
    sendPage(reply, page(request, reply, { notice: notices[request.query.enregistre ?? ''] })),
  );

  app.post(adminPaths.settings, ownerOnly, async (request, reply) => {
    const locale = requestLocale(request);
    const values = formStrings(request.body) as ProfileFormValues;
    try {
      const form = validate(profileFormSchema, values, locale, settingsValidationTexts);
      const current = settings.snapshot();
      await settings.save({ ...form, timezone: current.timezone, currency: current.currency });
      return reply.redirect(`${adminPaths.settings}?enregistre=1`, 303);
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return sendPage(reply, page(request, reply, { values, errors: messagesByField(error) }), 422);
    }
  });

  app.post(adminPaths.settingsLogoRemove, ownerOnly, async (_request, reply) => {
    await settings.setLogo(undefined);
    return reply.redirect(`${adminPaths.settings}?enregistre=logo-retire`, 303);
  });

  // The upload alone takes multipart bodies: its own scope, so no other route parses them.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_LOGO_BYTES + 1, files: 1, fields: 4, fieldSize: 1024, parts: 6 },
      // Read here so that a file over the limit is told apart from a small one (the parser stops reading at the limit).
      async onFile(part) {
        const bytes = await part.toBuffer();
        (part as unknown as { value: unknown }).value = part.file.truncated ? TOO_LARGE : bytes;
      },
    });
    scope.post(adminPaths.settingsLogo, ownerOnly, async (request, reply) => {
      const locale = requestLocale(request);
      const sent = (request.body as Record<string, unknown> | undefined)?.logo;
      const checked = sent === TOO_LARGE || (typeof sent === 'object' && sent !== null && 'tooLarge' in sent) ? 'logoTooLarge' : await checkLogo(Buffer.isBuffer(sent) ? sent : undefined);
      if (typeof checked === 'string') {
        const { message } = logoMessages[checked](locale);
        return sendPage(reply, page(request, reply, { logoErrors: { logo: message } }), checked === 'logoTooLarge' ? 413 : 422);
      }
      await settings.setLogo(checked);
      return reply.redirect(`${adminPaths.settings}?enregistre=logo`, 303);
    });
  });
}
