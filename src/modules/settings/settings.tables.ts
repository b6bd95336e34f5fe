/** Table types of the settings module. Rows never leave the module: settings.queries.ts maps them. */

/** The business profile in force: one row (id 'business'), its version raised by every save. */
export interface BusinessSettingsTable {
  id: string;
  /** JSON of a BusinessProfile, validated when read. */
  profile: string;
  /** Raised by one at every save: each instance compares it with the version it holds, at every request. */
  version: number;
  updated_at: string;
}

/** The uploaded logo and the images made from it. Only the current one is kept. */
export interface BusinessLogosTable {
  /** The first 32 hex digits of the SHA-256 of the uploaded bytes: its URLs name their content. */
  id: string;
  content_type: string;
  /** The file as uploaded (an SVG after its checks). */
  original: Buffer;
  /** A PNG of at most 480 × 160 px, for mails and invoices (which show neither SVG nor large files). */
  raster: Buffer;
  favicon_32: Buffer;
  favicon_180: Buffer;
  width: number;
  height: number;
  created_at: string;
}

export interface SettingsTables {
  business_settings: BusinessSettingsTable;
  business_logos: BusinessLogosTable;
}
