import type { BusinessLogo } from '../business.js';

/** Where the settings module serves the logo's images; each name holds the content's hash, so it can be cached for ever. */
export const LOGO_PATH = '/logo';

export function logoFileNames(logo: BusinessLogo) {
  const extension = logo.contentType === 'image/png' ? 'png' : logo.contentType === 'image/jpeg' ? 'jpg' : 'svg';
  return { original: `${logo.id}.${extension}`, raster: `${logo.id}-mail.png`, favicon32: `${logo.id}-32.png`, favicon180: `${logo.id}-180.png` };
}

export const logoUrl = (logo: BusinessLogo) => `${LOGO_PATH}/${logoFileNames(logo).original}`;
export const faviconUrls = (logo: BusinessLogo) => ({ icon32: `${LOGO_PATH}/${logoFileNames(logo).favicon32}`, touch180: `${LOGO_PATH}/${logoFileNames(logo).favicon180}` });

/** The Content-ID of the logo attached inline to mails (<img src="cid:…">). */
export const mailLogoContentId = (logo: BusinessLogo) => `logo-${logo.id}@wservices`;
