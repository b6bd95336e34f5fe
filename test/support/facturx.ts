import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream, decodePDFRawStream } from 'pdf-lib';
import { validateXML } from 'xmllint-wasm';

/** The official Factur-X 1.09 schemas (test/fixtures/factur-x, copied from ../shared/data/factur-x; or FACTURX_SCHEMAS_DIR). */
export const facturxSchemasDir = process.env.FACTURX_SCHEMAS_DIR ?? path.resolve(import.meta.dirname, '../fixtures/factur-x');

/** Validates a CII document against the profile's entry XSD with libxml2 (xmllint compiled to WebAssembly). */
export async function validateFacturX(xml: string, profile: 'en16931' | 'basic'): Promise<{ valid: boolean; errors: string[] }> {
  const dir = path.join(facturxSchemasDir, `facturx-${profile}`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.xsd'));
  const entry = profile === 'en16931' ? 'Factur-X_EN16931.xsd' : 'Factur-X_BASIC.xsd';
  const load = (fileName: string) => ({ fileName, contents: readFileSync(path.join(dir, fileName), 'utf8') });
  const result = await validateXML({
    xml: [{ fileName: 'factur-x.xml', contents: xml }],
    schema: [load(entry)],
    preload: files.filter((f) => f !== entry).map(load),
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

/** The text of every page, as a reader would copy it (pdf.js, Mozilla's PDF renderer). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join(''));
  }
  await doc.destroy();
  return pages.join('\n');
}

/** What a Factur-X reader looks for: the embedded files with their relationship, the catalogue's /AF, the XMP packet. */
export async function facturxParts(bytes: Uint8Array): Promise<{
  files: { name: string; relationship: string | undefined; subtype: string | undefined; content: string }[];
  associatedFiles: number;
  xmp: string;
  outputIntents: number;
}> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const catalog = pdf.catalog;
  const names = catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict)?.lookupMaybe(PDFName.of('Names'), PDFArray);
  const files = [];
  for (let i = 0; names && i < names.size(); i += 2) {
    const spec = names.lookup(i + 1, PDFDict);
    const stream = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'), PDFStream) as PDFRawStream;
    files.push({
      name: spec.lookup(PDFName.of('F'))!.toString().replace(/^\(|\)$/g, ''),
      relationship: spec.lookupMaybe(PDFName.of('AFRelationship'), PDFName)?.decodeText(),
      subtype: stream.dict.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText(),
      content: Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8'),
    });
  }
  const metadata = catalog.lookup(PDFName.of('Metadata'), PDFStream) as PDFRawStream;
  return {
    files,
    associatedFiles: catalog.lookupMaybe(PDFName.of('AF'), PDFArray)?.size() ?? 0,
    xmp: Buffer.from(metadata.getContents()).toString('utf8'),
    outputIntents: catalog.lookupMaybe(PDFName.of('OutputIntents'), PDFArray)?.size() ?? 0,
  };
}
