import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LOGO_PATH, logoFileNames } from '../../platform/views/logo.js';
import type { LogoImage, SettingsService } from './settings.service.js';

/**
 * The logo's images: /logo/<hash>.<png|jpg|svg>, -mail.png, -32.png, -180.png. A name holds its
 * content's hash, so browsers keep it for a year; only the current logo's files exist. An SVG
 * (checked at upload) is served under a policy that lets it run and load nothing, even opened alone.
 */
export async function settingsRoutes(app: FastifyInstance, { settings }: { settings: SettingsService }) {
  // The current logo's bytes, kept once read: they cannot change under a name.
  let kept: { id: string; files: Map<string, Buffer> } | undefined;

  app.get(`${LOGO_PATH}/:file`, async (request: FastifyRequest<{ Params: { file: string } }>, reply) => {
    const logo = settings.snapshot().logo;
    if (!logo) return reply.callNotFound();
    const names = logoFileNames(logo);
    const image: LogoImage | undefined =
      request.params.file === names.original ? 'original' : request.params.file === names.raster ? 'raster' : request.params.file === names.favicon32 ? 'favicon_32' : request.params.file === names.favicon180 ? 'favicon_180' : undefined;
    if (!image) return reply.callNotFound();
    if (kept?.id !== logo.id) kept = { id: logo.id, files: new Map() };
    let bytes = kept.files.get(image);
    if (!bytes) {
      bytes = await settings.logoImage(logo.id, image);
      if (!bytes) return reply.callNotFound();
      kept.files.set(image, bytes);
    }
    const type = image === 'original' ? logo.contentType : 'image/png';
    reply.header('cache-control', 'public, max-age=31536000, immutable').type(type);
    if (type === 'image/svg+xml') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    return reply.send(bytes);
  });
}
