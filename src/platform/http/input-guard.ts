import type { FastifyInstance } from 'fastify';
import { defineErrors } from './errors.js';

const errors = defineErrors({
  NUL_CHARACTER: {
    status: 400,
    fr: 'Un champ contient un caractère nul, invisible, que nous ne pouvons pas enregistrer. Retirez-le puis réessayez.',
    en: 'A field contains a NUL character, which cannot be stored. Remove it and try again.',
  },
});

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || typeof value !== 'object' || value === null) return false;
  for (const [key, item] of Object.entries(value)) if (key.includes('\u0000') || containsNul(item, depth + 1)) return true;
  return false;
}

/**
 * PostgreSQL refuses text holding U+0000 (SQLite stores it); rather than let each form and
 * route find out with a 500, every request carrying one is refused here with a 400.
 */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (containsNul(request.params) || containsNul(request.query) || containsNul(request.body)) throw errors.NUL_CHARACTER();
  });
}
