import type { FastifyInstance } from 'fastify';
import { defineErrors } from './errors.js';

export const inputGuardErrors = defineErrors({
  NUL_CHARACTER: {
    status: 400,
    fr: 'Un champ contient un caractère nul, invisible, que nous ne pouvons pas enregistrer. Retirez-le puis réessayez.',
    en: 'A field contains a NUL character, which cannot be stored. Remove it and try again.',
  },
  CONTROL_CHARACTER: {
    status: 400,
    fr: 'Un champ contient un caractère de contrôle invisible (retour chariot isolé, séparateur de ligne ou inversion du sens du texte) que nous n’acceptons pas. Retapez le texte sans le coller depuis un autre document, puis réessayez.',
    en: 'A field contains an invisible control character (a lone carriage return, a line separator or a text-direction override) that is not accepted. Type the text again rather than pasting it, and try again.',
  },
});

/**
 * Characters no text we store may hold: C0 controls but TAB and LF (a CR is accepted only
 * as part of CRLF, which is normalised to LF), DEL and C1 controls, the Unicode line and
 * paragraph separators, and the bidi overrides and isolates (U+202A–202E, U+2066–2069)
 * that make a text read differently from what it holds. They break mail headers, calendar
 * files and CSV exports, or hide what a text says.
 */
const forbidden = /[\u0001-\u0008\u000b\u000c\u000d\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

type Verdict = 'ok' | 'nul' | 'control';

function worst(a: Verdict, b: Verdict): Verdict {
  if (a === 'nul' || b === 'nul') return 'nul';
  return a === 'control' || b === 'control' ? 'control' : 'ok';
}

function checkString(value: string): Verdict {
  if (value.includes('\u0000')) return 'nul';
  return forbidden.test(value.replace(/\r\n/g, '\n')) ? 'control' : 'ok';
}

/** Checks every string of a parsed input (keys included) and rewrites CRLF as LF in place. */
function inspect(value: unknown, depth = 0): Verdict {
  if (typeof value === 'string') return checkString(value);
  if (depth > 20 || typeof value !== 'object' || value === null) return 'ok';
  let verdict: Verdict = 'ok';
  const target = value as Record<string, unknown>;
  for (const key of Object.keys(target)) {
    const item = target[key];
    verdict = worst(verdict, worst(checkString(key), inspect(item, depth + 1)));
    if (typeof item === 'string' && item.includes('\r\n')) target[key] = item.replace(/\r\n/g, '\n');
  }
  return verdict;
}

/**
 * One place for the characters no stored text may hold, for every request (owner's included):
 * PostgreSQL refuses U+0000 in text, and the other controls break the mails, calendar files
 * and exports our texts end up in. The request is refused with a 400 before any handler runs.
 */
export function refuseControlCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const verdict = worst(inspect(request.params), worst(inspect(request.query), inspect(request.body)));
    if (verdict === 'nul') throw inputGuardErrors.NUL_CHARACTER();
    if (verdict === 'control') throw inputGuardErrors.CONTROL_CHARACTER();
  });
}
