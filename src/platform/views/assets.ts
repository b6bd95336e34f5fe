import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { precompress, type Precompressed } from '../http/compression.js';

/**
 * The site's own script and stylesheet, bundled by esbuild when the app starts and served
 * from memory under content-hashed names: there is no build step to forget, no stale file,
 * and browsers may cache them forever. Nothing is ever loaded from another host. Each is
 * compressed once (brotli and gzip) when built.
 */
export interface Asset extends Precompressed {
  readonly contentType: string;
}

export interface Assets {
  readonly scriptUrl: string;
  readonly styleUrl: string;
  readonly files: ReadonlyMap<string, Asset>;
}

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function buildAssets(): Promise<Assets> {
  const result = await build({
    entryPoints: {
      app: path.join(srcDir, 'client/main.tsx'),
      style: path.join(srcDir, 'ui/styles.css'),
    },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: 'out',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const files = new Map<string, Asset>();
  let scriptUrl = '';
  let styleUrl = '';
  for (const file of result.outputFiles) {
    const isScript = file.path.endsWith('.js');
    const hash = createHash('sha256').update(file.contents).digest('hex').slice(0, 12);
    const url = isScript ? `/assets/app.${hash}.js` : `/assets/style.${hash}.css`;
    files.set(url, {
      // Compressed here, once, at its strongest: the bytes never change until the next start.
      ...precompress(Buffer.from(file.contents)),
      contentType: isScript ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
    });
    if (isScript) scriptUrl = url;
    else styleUrl = url;
  }
  return { scriptUrl, styleUrl, files };
}
