import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';

/** The owner of the test back office. */
export const OWNER = { email: 'owner@wservicesparis.com', password: 'une phrase de passe assez longue' };

let lastAddress = 0;
/** A fresh client address, so that the login rate limit of one test does not leak into another. */
export function nextRemoteAddress(): string {
  lastAddress++;
  return `10.9.${Math.floor(lastAddress / 250)}.${(lastAddress % 250) + 1}`;
}

/**
 * A browser for the back office over fastify.inject: it keeps cookies (all of them live
 * under /admin), reads the CSRF token from the hidden _csrf input of the last page, and
 * posts forms the way a browser does.
 */
export class AdminClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;
  readonly remoteAddress: string;

  constructor(
    readonly t: Pick<TestApp, 'app'>,
    readonly options: { locale?: 'fr' | 'en'; remoteAddress?: string } = {},
  ) {
    this.remoteAddress = options.remoteAddress ?? nextRemoteAddress();
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return { 'accept-language': this.options.locale ?? 'fr', ...(cookie ? { cookie } : {}), ...extra };
  }

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const expired = c.value === '' || (c.expires !== undefined && c.expires.getTime() <= Date.now()) || c.maxAge === 0;
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrfToken = token;
    return response;
  }

  async get(url: string, options: Partial<InjectOptions> = {}): Promise<LightMyRequestResponse> {
    return this.remember(await this.t.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, ...options, headers: this.headers(options.headers as Record<string, string>) }));
  }

  /**
   * Posts a form. `csrf`: the page's token (default), false to leave it out, or any string to send instead.
   */
  async post(url: string, form: Record<string, string | string[]> = {}, options: { csrf?: string | false } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    const csrf = options.csrf === undefined ? this.csrfToken : options.csrf;
    if (csrf !== false && csrf !== undefined) body.append('_csrf', csrf);
    for (const [name, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    return this.remember(
      await this.t.app.inject({
        method: 'POST',
        url,
        remoteAddress: this.remoteAddress,
        headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
        payload: body.toString(),
      }),
    );
  }

  /** GETs `page` (for its CSRF token), then posts `form` to `url` (the page itself by default). */
  async submit(page: string, form: Record<string, string | string[]>, url = page): Promise<LightMyRequestResponse> {
    const shown = await this.get(page);
    if (shown.statusCode !== 200) throw new Error(`GET ${page} answered ${shown.statusCode}`);
    return this.post(url, form);
  }

  async login(credentials: { email: string; password: string } = OWNER): Promise<LightMyRequestResponse> {
    return this.submit('/admin/connexion', credentials);
  }
}

/** Creates the owner account (without the setup link) and returns a client logged in as the owner. */
export async function loggedInOwner(t: TestApp, options: { locale?: 'fr' | 'en' } = {}): Promise<AdminClient> {
  if (!(await t.services.admin.hasAnyAdmin())) await t.services.admin.createAccount(OWNER, 'fr');
  const client = new AdminClient(t, options);
  const response = await client.login();
  if (response.statusCode !== 303) throw new Error(`login answered ${response.statusCode}`);
  return client;
}

/** The visible text of an HTML page: tags dropped, entities decoded, spaces (not non-breaking ones) collapsed. */
export function pageText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (entity, code: string) => {
      if (code.startsWith('#')) return String.fromCodePoint(code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1)));
      return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' } as Record<string, string>)[code.toLowerCase()] ?? entity;
    })
    .replace(/[ \t\r\n]+/g, ' ')
    .trim();
}

/** The message shown beside a form field (the `p.field-error` tied to it), decoded. */
export function fieldErrorOf(html: string, field: string): string | undefined {
  const id = `f-${field.replace(/[^A-Za-z0-9]+/g, '-')}-error`;
  const match = new RegExp(`<p class="field-error" id="${id}">([\\s\\S]*?)</p>`).exec(html);
  return match ? pageText(match[1]!) : undefined;
}

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:-]+)(?:="([^"]*)")?/g)) found[m[1]!] = m[2] === undefined ? '' : pageText(m[2]);
  return found;
}

/**
 * What a browser would post from the form whose action is `action`: text inputs and
 * textareas with their values, checked checkboxes and radios, each select's selected option.
 */
export function formValues(html: string, action: string): Record<string, string | string[]> {
  const escaped = action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const form = new RegExp(`<form[^>]*action="${escaped}"[^>]*>([\\s\\S]*?)</form>`).exec(html)?.[1];
  if (form === undefined) throw new Error(`no form posting to ${action}`);
  const values: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const existing = values[name];
    values[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  };
  for (const m of form.matchAll(/<input\b([^>]*)>/g)) {
    const a = attributes(m[1]!);
    if (!a.name || a.name === '_csrf') continue;
    if ((a.type === 'checkbox' || a.type === 'radio') && !('checked' in a)) continue;
    add(a.name, a.value ?? (a.type === 'checkbox' ? 'on' : ''));
  }
  for (const m of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const a = attributes(m[1]!);
    if (a.name) add(a.name, pageText(m[2]!.replace(/\n/g, '\u0000')).replace(/\u0000/g, '\n'));
  }
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const a = attributes(m[1]!);
    const options = [...m[2]!.matchAll(/<option\b([^>]*)>/g)].map((o) => attributes(o[1]!));
    const selected = options.find((o) => 'selected' in o) ?? options[0];
    if (a.name && selected) add(a.name, selected.value ?? '');
  }
  return values;
}
