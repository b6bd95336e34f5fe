import fontkit from '@pdf-lib/fontkit';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PDFDocument, PDFHexString, PDFName, PDFString, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { FACTURX_PROFILE } from './facturx-xml.js';
import type { InvoiceDocument } from './invoice.model.js';
import { buyerLines, dateLines, footerLines, lineCells, lineHeader, sellerLines, title, totalLines } from './invoice-texts.js';

/** What each PDF embeds (assets/README.md): DejaVu Sans, and the sRGB profile of the PDF/A output intent. */
const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url));
let assets: { regular: Uint8Array; bold: Uint8Array; srgb: Uint8Array } | undefined;

/**
 * fontkit with each font file parsed once per process: pdf-lib parses the bytes it is given at every
 * embedding (most of a PDF's cost); a parsed font is only read afterwards (each PDF makes its own subset).
 */
const parsedFonts = new Map<Uint8Array, ReturnType<typeof fontkit.create>>();
const cachingFontkit: typeof fontkit = {
  ...fontkit,
  create(buffer: Uint8Array, postscriptName?: string) {
    let font = parsedFonts.get(buffer);
    if (!font) {
      font = fontkit.create(buffer, postscriptName);
      parsedFonts.set(buffer, font);
    }
    return font;
  },
};

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.35, 0.35, 0.4);

const pdfDate = (isoDate: string) => new Date(`${isoDate}T12:00:00Z`);

/** PDF/A-3 (level B) with the Factur-X extension schema: what a reader needs to find and trust the embedded XML. */
function xmp(doc: InvoiceDocument, createdIso: string, documentTitle: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">${esc(documentTitle)}</rdf:li></rdf:Alt></dc:title><dc:creator><rdf:Seq><rdf:li>${esc(doc.seller.name)}</rdf:li></rdf:Seq></dc:creator></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Producer>W Services</pdf:Producer></rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreatorTool>W Services</xmp:CreatorTool><xmp:CreateDate>${createdIso}</xmp:CreateDate><xmp:ModifyDate>${createdIso}</xmp:ModifyDate></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>fx</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentFileName</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The name of the embedded XML document</pdfaProperty:description></rdf:li>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentType</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The type of the hybrid document in capital letters, e.g. INVOICE or ORDER</pdfaProperty:description></rdf:li>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>Version</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The actual version of the standard applying to the embedded XML document</pdfaProperty:description></rdf:li>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>ConformanceLevel</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The conformance level of the embedded XML document</pdfaProperty:description></rdf:li>
</rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"><fx:DocumentType>INVOICE</fx:DocumentType><fx:DocumentFileName>factur-x.xml</fx:DocumentFileName><fx:Version>1.0</fx:Version><fx:ConformanceLevel>${FACTURX_PROFILE.conformanceLevel}</fx:ConformanceLevel></rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** Splits a text into lines no wider than `width` points. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const next = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(next, size) > width) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  if (current) lines.push(current);
  return lines;
}

/**
 * The invoice or credit note as a Factur-X file: a PDF/A-3b a person reads (French, amounts as
 * « 49,00 € », dates as « 26 novembre 2026 ») with the CII XML embedded as factur-x.xml
 * (AFRelationship Alternative, listed in the catalogue's /AF), an sRGB output intent and the
 * XMP that declares both. Made from the document alone, dated by its issue date: the same document gives the same bytes.
 */
export async function renderInvoicePdf(doc: InvoiceDocument, xml: string, logoPng?: Buffer): Promise<Uint8Array> {
  assets ??= { regular: asset('DejaVuSans.ttf'), bold: asset('DejaVuSans-Bold.ttf'), srgb: asset('sRGB-v4.icc') };
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(cachingFontkit);
  const regular = await pdf.embedFont(assets.regular, { subset: true });
  const bold = await pdf.embedFont(assets.bold, { subset: true });
  const documentTitle = title(doc);
  const created = pdfDate(doc.issueDate);
  pdf.setTitle(documentTitle, { showInWindowTitleBar: true });
  pdf.setAuthor(doc.seller.name);
  pdf.setCreator('W Services');
  pdf.setProducer('W Services');
  pdf.setLanguage('fr-FR');
  pdf.setCreationDate(created);
  pdf.setModificationDate(created);

  let page: PDFPage = pdf.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN;
  const width = A4.width - 2 * MARGIN;
  const ensure = (height: number) => {
    if (y - height < MARGIN) {
      page = pdf.addPage([A4.width, A4.height]);
      y = A4.height - MARGIN;
    }
  };
  const write = (text: string, options: { x?: number; size?: number; font?: PDFFont; color?: ReturnType<typeof rgb>; maxWidth?: number } = {}) => {
    const size = options.size ?? 9.5;
    const font = options.font ?? regular;
    for (const line of wrap(text, font, size, options.maxWidth ?? width)) {
      ensure(size * 1.4);
      page.drawText(line, { x: options.x ?? MARGIN, y: y - size, size, font, color: options.color ?? INK });
      y -= size * 1.4;
    }
  };

  if (logoPng) {
    const logo = await pdf.embedPng(logoPng);
    const scale = Math.min(160 / logo.width, 48 / logo.height, 1);
    page.drawImage(logo, { x: MARGIN, y: y - logo.height * scale, width: logo.width * scale, height: logo.height * scale });
    y -= logo.height * scale + 12;
  }
  write(documentTitle, { size: 18, font: bold });
  y -= 6;
  const top = y;
  write('Vendeur', { font: bold, color: MUTED, size: 8.5 });
  for (const line of sellerLines(doc)) write(line, { maxWidth: width / 2 - 12 });
  const afterSeller = y;
  y = top;
  const right = MARGIN + width / 2 + 12;
  write('Client', { x: right, font: bold, color: MUTED, size: 8.5 });
  for (const line of buyerLines(doc)) write(line, { x: right, maxWidth: width / 2 - 12 });
  y = Math.min(y, afterSeller) - 10;
  for (const line of dateLines(doc)) write(line);
  y -= 10;

  // The lines: description, quantity, unit price excl. VAT, VAT rate, total excl. VAT.
  const columns = [MARGIN, MARGIN + width * 0.5, MARGIN + width * 0.6, MARGIN + width * 0.76, MARGIN + width * 0.86];
  const rightEdges = [0, MARGIN + width * 0.57, MARGIN + width * 0.74, MARGIN + width * 0.84, MARGIN + width];
  const row = (cells: readonly string[], font: PDFFont) => {
    const descriptionLines = wrap(cells[0]!, font, 9.5, width * 0.48);
    ensure(descriptionLines.length * 13.3 + 4);
    cells.forEach((cell, i) => {
      if (i === 0) descriptionLines.forEach((l, j) => page.drawText(l, { x: columns[0]!, y: y - 9.5 - j * 13.3, size: 9.5, font, color: INK }));
      else page.drawText(cell, { x: rightEdges[i]! - font.widthOfTextAtSize(cell, 9.5), y: y - 9.5, size: 9.5, font, color: INK });
    });
    y -= descriptionLines.length * 13.3 + 4;
  };
  row(lineHeader, bold);
  page.drawLine({ start: { x: MARGIN, y: y + 2 }, end: { x: MARGIN + width, y: y + 2 }, thickness: 0.5, color: MUTED });
  y -= 2;
  for (const cells of lineCells(doc)) row(cells, regular);
  y -= 8;
  for (const [label, value] of totalLines(doc)) {
    const font = label.startsWith('Total TTC') || label === 'Solde' ? bold : regular;
    ensure(14);
    page.drawText(label, { x: MARGIN + width * 0.45, y: y - 9.5, size: 9.5, font, color: INK });
    page.drawText(value, { x: MARGIN + width - font.widthOfTextAtSize(value, 9.5), y: y - 9.5, size: 9.5, font, color: INK });
    y -= 14;
  }
  y -= 12;
  for (const line of footerLines(doc)) write(line, { size: 8.5 });

  // Factur-X: the XML as an associated file of the document.
  const context = pdf.context;
  const xmlBytes = Buffer.from(xml, 'utf8');
  const fileStream = context.flateStream(xmlBytes, {
    Type: 'EmbeddedFile',
    Subtype: 'text/xml',
    Params: { Size: xmlBytes.length, ModDate: PDFString.fromDate(created) },
  });
  const fileRef = context.register(fileStream);
  const fileSpec = context.obj({
    Type: 'Filespec',
    F: PDFString.of('factur-x.xml'),
    UF: PDFHexString.fromText('factur-x.xml'),
    Desc: PDFString.of('Factur-X'),
    AFRelationship: PDFName.of('Alternative'),
    EF: { F: fileRef, UF: fileRef },
  });
  const fileSpecRef = context.register(fileSpec);
  pdf.catalog.set(PDFName.of('Names'), context.obj({ EmbeddedFiles: { Names: [PDFHexString.fromText('factur-x.xml'), fileSpecRef] } }));
  pdf.catalog.set(PDFName.of('AF'), context.obj([fileSpecRef]));

  const metadata = context.stream(xmp(doc, `${doc.issueDate}T12:00:00Z`, documentTitle), { Type: 'Metadata', Subtype: 'XML' });
  pdf.catalog.set(PDFName.of('Metadata'), context.register(metadata));
  const iccRef = context.register(context.flateStream(assets.srgb, { N: 3 }));
  pdf.catalog.set(
    PDFName.of('OutputIntents'),
    context.obj([context.obj({ Type: 'OutputIntent', S: 'GTS_PDFA1', OutputConditionIdentifier: PDFString.of('sRGB'), Info: PDFString.of('sRGB IEC61966-2.1'), DestOutputProfile: iccRef })]),
  );
  // PDF/A wants a file identifier: the hash of the number and the XML, so that the same document gives the same bytes.
  const id = PDFHexString.of(createHash('sha256').update(doc.number).update(xml).digest('hex').slice(0, 32));
  context.trailerInfo.ID = context.obj([id, id]);
  // In one go (no yielding between objects): issuing runs inside a write transaction, which should not wait on the event loop.
  return pdf.save({ useObjectStreams: false, objectsPerTick: Infinity });
}
