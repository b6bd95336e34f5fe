import { createHash } from 'node:crypto';
import sharp, { type Color } from 'sharp';
import type { BusinessLogo } from '../../platform/business.js';
import { checkSvg, type SvgProblem } from './svg-check.js';

/** The largest logo accepted: a logo is a small picture, and every page's header shows it. */
export const MAX_LOGO_BYTES = 512 * 1024;
/** Beyond this, decoding would take the server's memory for a picture no header needs. */
const MAX_LOGO_PIXELS = 25_000_000;

export type LogoProblem = 'logoMissing' | 'logoTooLarge' | 'logoType' | 'logoUnreadable' | SvgProblem;

export interface CheckedLogo {
  logo: BusinessLogo;
  /** What the site serves: PNG and JPEG re-encoded (their metadata, such as a phone's GPS position, dropped); an SVG as checked. */
  original: Buffer;
  /** A PNG of at most 480 × 160 px for mails and invoices, which show neither SVG nor large files. */
  raster: Buffer;
  favicon32: Buffer;
  favicon180: Buffer;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

/** The type the bytes are, whatever the browser declared: PNG and JPEG by their magic bytes, SVG by an <svg root. */
function sniff(bytes: Buffer): BusinessLogo['contentType'] | undefined {
  if (bytes.subarray(0, 8).equals(PNG_MAGIC)) return 'image/png';
  if (bytes.subarray(0, 3).equals(JPEG_MAGIC)) return 'image/jpeg';
  const head = bytes.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '');
  // An XML declaration and comments may come before the root element.
  if (/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/.test(head)) return 'image/svg+xml';
  return undefined;
}

/**
 * Checks an uploaded logo by its content and size, and makes from it the images the site needs.
 * Returns the first problem found instead, as a key the settings form words for the owner.
 */
export async function checkLogo(bytes: Buffer | undefined): Promise<CheckedLogo | LogoProblem> {
  if (!bytes || bytes.length === 0) return 'logoMissing';
  if (bytes.length > MAX_LOGO_BYTES) return 'logoTooLarge';
  const contentType = sniff(bytes);
  if (!contentType) return 'logoType';
  if (contentType === 'image/svg+xml') {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return 'svgInvalid';
    }
    const problem = checkSvg(text);
    if (problem) return problem;
  }
  const input = () => sharp(bytes, { limitInputPixels: MAX_LOGO_PIXELS, failOn: 'error', ...(contentType === 'image/svg+xml' ? { density: 144 } : {}) });
  try {
    const meta = await input().metadata();
    const format = meta.format === 'jpeg' ? 'image/jpeg' : meta.format === 'png' ? 'image/png' : meta.format === 'svg' ? 'image/svg+xml' : undefined;
    if (format !== contentType) return 'logoType';
    const original =
      contentType === 'image/png' ? await input().rotate().png().toBuffer() : contentType === 'image/jpeg' ? await input().rotate().jpeg({ quality: 90 }).toBuffer() : bytes;
    const { data: raster, info } = await input()
      .rotate()
      .resize({ width: 480, height: 160, fit: 'inside', withoutEnlargement: contentType !== 'image/svg+xml' })
      .png()
      .toBuffer({ resolveWithObject: true });
    const square = (size: number, background: Color) =>
      input().rotate().resize({ width: size, height: size, fit: 'contain', background }).flatten(size === 180 ? { background: '#ffffff' } : false).png().toBuffer();
    const [favicon32, favicon180] = await Promise.all([square(32, { r: 0, g: 0, b: 0, alpha: 0 }), square(180, '#ffffff')]);
    const id = createHash('sha256').update(original).digest('hex').slice(0, 32);
    return { logo: { id, contentType, width: info.width, height: info.height }, original, raster, favicon32, favicon180 };
  } catch {
    return 'logoUnreadable';
  }
}
