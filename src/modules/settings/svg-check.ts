import { SaxesParser } from 'saxes';

/**
 * Whether an uploaded SVG may be shown as the business's logo. It is parsed as XML (saxes, with
 * namespaces) and refused, rather than cleaned, when it holds anything that could run or fetch:
 * a script, an event handler, a javascript: address, an animation that sets an attribute, a
 * foreign object (HTML inside the SVG), an iframe or embed, a reference to anything outside the
 * file (href, url(…), @import, a stylesheet; a PNG, JPEG, GIF or WebP written into it is accepted), or a DOCTYPE (entities can hide any of these).
 * A logo needs none of them; refusing says what to fix instead of showing a silently altered image.
 */
export type SvgProblem = 'svgInvalid' | 'svgScript' | 'svgForeign' | 'svgExternal';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const SCRIPTED = new Set(['script', 'handler', 'listener', 'set', 'animate', 'animatemotion', 'animatetransform', 'animatecolor']);
const FOREIGN = new Set(['foreignobject', 'iframe', 'embed', 'object', 'audio', 'video', 'canvas']);

/** Every url(…) in a value points inside the file (#id); no @import, no script address. */
function cssProblem(value: string): SvgProblem | undefined {
  const lower = value.toLowerCase().replace(/\\/g, '');
  if (/javascript:|expression\s*\(|-moz-binding|behavior\s*:/.test(lower)) return 'svgScript';
  if (/@import/.test(lower)) return 'svgExternal';
  for (const match of lower.matchAll(/url\s*\(\s*['"]?\s*([^'")\s]*)/g)) {
    if (!match[1]!.startsWith('#')) return 'svgExternal';
  }
  return undefined;
}

export function checkSvg(text: string): SvgProblem | undefined {
  let problem: SvgProblem | undefined;
  let depth = 0;
  let rootSeen = false;
  let inStyle = 0;
  const flag = (found: SvgProblem | undefined) => {
    problem ??= found;
  };
  const parser = new SaxesParser({ xmlns: true, position: false });
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('doctype', () => flag('svgInvalid'));
  parser.on('processinginstruction', () => flag('svgExternal'));
  parser.on('opentag', (tag) => {
    const local = tag.local.toLowerCase();
    if (depth === 0) {
      if (rootSeen || tag.uri !== SVG_NS || local !== 'svg') flag('svgInvalid');
      rootSeen = true;
    }
    depth++;
    if (tag.uri === XHTML_NS || FOREIGN.has(local)) flag('svgForeign');
    if (SCRIPTED.has(local)) flag('svgScript');
    if (local === 'style') inStyle++;
    for (const attribute of Object.values(tag.attributes)) {
      const name = attribute.local.toLowerCase();
      const value = attribute.value.trim();
      if (name.startsWith('on')) flag('svgScript');
      else if (/^\s*javascript:/i.test(value.replace(/[\u0000-\u0020]/g, ''))) flag('svgScript');
      else if ((name === 'href' && (attribute.uri === '' || attribute.uri === XLINK_NS)) || name === 'src') {
        // Inside the file only: a fragment, or raster bytes written into it (never another SVG, which could nest anything).
        if (!value.startsWith('#') && !/^data:image\/(png|jpeg|gif|webp);base64,/i.test(value)) flag('svgExternal');
      } else flag(cssProblem(value));
    }
  });
  parser.on('closetag', (tag) => {
    depth--;
    if (tag.local.toLowerCase() === 'style') inStyle--;
  });
  const styleText = (text: string) => {
    if (inStyle > 0) flag(cssProblem(text));
  };
  parser.on('text', styleText);
  parser.on('cdata', styleText);
  try {
    parser.write(text).close();
  } catch {
    return 'svgInvalid';
  }
  if (!rootSeen) return 'svgInvalid';
  return problem;
}
