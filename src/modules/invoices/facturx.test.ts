import { describe, expect, it } from 'vitest';
import { facturxParts, pdfText, validateFacturX } from '../../../test/support/facturx.js';
import { facturXml } from './facturx-xml.js';
import { renderInvoicePdf } from './invoice-pdf.js';
import { buyerFromCustomer, computeFinalLines, computeLines, depositLines, type InvoiceDocument, type LineInput, type Seller } from './invoice.model.js';

const NNBSP = '\u202f';
const seller: Seller = {
  name: 'W Services',
  legalName: 'W SERVICES',
  legalForm: 'Entreprise individuelle',
  address: { line1: '17 allée Edgar Brandt', postalCode: '92320', city: 'Châtillon', country: 'FR' },
  siret: '73282932000074',
  vatNumber: 'FR44732829320',
  vatExempt: false,
  vatOnDebits: false,
  email: 'contact@wservicesparis.com',
};

function documentFor(overrides: Partial<InvoiceDocument> & { exempt?: boolean } = {}): InvoiceDocument {
  const exempt = overrides.exempt ?? false;
  const { lines, totals } = computeLines(
    [
      { description: 'Dépannage informatique à domicile', quantity: 1, unitPriceCents: 4900, vatRateBp: 2000 },
      { description: 'Atelier « Premiers pas »', quantity: 2, unitPriceCents: 2500, vatRateBp: 2000 },
    ],
    exempt,
  );
  return {
    type: 'invoice',
    number: 'F-2026-000001',
    issueDate: '2026-11-26',
    serviceDate: '2026-11-26',
    seller: exempt ? { ...seller, vatExempt: true, vatNumber: undefined } : seller,
    buyer: { name: 'Camille Martin', address: { line1: '3 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' } },
    lines,
    totals,
    paymentTerms: 'payée le 26 novembre 2026 par carte bancaire',
    paidCents: 9900,
    ...overrides,
  };
}

describe('Factur-X', () => {
  it('computes VAT per rate from prices including VAT, the lines adding up to the base', () => {
    const { lines, totals } = computeLines(
      [
        { description: 'a', quantity: 1, unitPriceCents: 4900, vatRateBp: 2000 },
        { description: 'b', quantity: 3, unitPriceCents: 1000, vatRateBp: 2000 },
        { description: 'c', quantity: 1, unitPriceCents: 1055, vatRateBp: 550 },
      ],
      false,
    );
    expect(totals.grossCents).toBe(8955);
    expect(totals.byRate).toEqual([
      { vatRateBp: 2000, baseCents: 6583, vatCents: 1317 },
      { vatRateBp: 550, baseCents: 1000, vatCents: 55 },
    ]);
    expect(lines.filter((l) => l.vatRateBp === 2000).reduce((s, l) => s + l.netCents, 0)).toBe(6583);
  });

  it('gives a CII XML that the official EN 16931 and BASIC schemas accept, with VAT and under the 293 B exemption, and for a credit note', async () => {
    const documents = [
      documentFor(),
      documentFor({ exempt: true }),
      documentFor({ type: 'credit_note', number: 'A-2026-000001', corrects: { number: 'F-2026-000001', issueDate: '2026-11-26' }, reason: 'Annulation' }),
    ];
    for (const doc of documents) {
      for (const profile of ['en16931', 'basic'] as const) {
        const result = await validateFacturX(facturXml(doc), profile);
        expect(result.errors, `${doc.number} ${profile}`).toEqual([]);
        expect(result.valid).toBe(true);
      }
    }
    const exemptXml = facturXml(documents[1]!);
    expect(exemptXml).toContain('<ram:CategoryCode>E</ram:CategoryCode>');
    expect(exemptXml).toContain('VATEX-FR-FRANCHISE');
    expect(exemptXml).toContain('TVA non applicable, art. 293 B du CGI');
    // BR-E-02: an exempt seller without a VAT number gives its SIREN as tax registration.
    expect(exemptXml).toContain('<ram:ID schemeID="FC">732829320</ram:ID>');
    expect(facturXml(documents[0]!)).toContain('<ram:TotalPrepaidAmount>99.00</ram:TotalPrepaidAmount>');
    expect(facturXml(documents[0]!)).toContain('<ram:DuePayableAmount>0.00</ram:DuePayableAmount>');
    expect(facturXml(documents[2]!)).toContain('<ram:TypeCode>381</ram:TypeCode>');
  });

  it('gives valid deposit (386) and final (380) invoices with two VAT rates, with VAT and under the exemption, the deposits adding up to the whole', async () => {
    const service: LineInput[] = [
      { description: 'Dépannage', quantity: 1, unitPriceCents: 6000, vatRateBp: 2000 },
      { description: 'Fournitures', quantity: 1, unitPriceCents: 2110, vatRateBp: 550 },
    ];
    // 30 % of 81,10 €: shared over the lines by their prices, the last taking the remainder.
    const shares = depositLines(service, 2433, (l) => `Acompte sur ${l.description}`);
    expect(shares.map((l) => [l.unitPriceCents, l.vatRateBp])).toEqual([
      [1800, 2000],
      [633, 550],
    ]);
    for (const exempt of [false, true]) {
      const deposit = computeLines(shares, exempt);
      const depositDoc = documentFor({ exempt, kind: 'deposit', deposit: { paidOn: '2026-11-20', servicePriceCents: 8110 }, lines: deposit.lines, totals: deposit.totals, paidCents: 2433 });
      const final = computeFinalLines(service, [{ number: 'F-2026-000001', issueDate: '2026-11-20', paidOn: '2026-11-20', grossCents: 2433, byRate: deposit.totals.byRate }], exempt, (d) => `Acompte déjà facturé (${d.number})`);
      const finalDoc = documentFor({ exempt, number: 'F-2026-000002', kind: 'final', lines: final.lines, totals: final.totals, serviceTotals: final.serviceTotals, paidCents: 8110 - 2433, deposits: [{ number: 'F-2026-000001', issueDate: '2026-11-20', paidOn: '2026-11-20', grossCents: 2433, byRate: deposit.totals.byRate }] });
      // Per rate, the deposit and the balance add up to the whole service.
      for (const whole of final.serviceTotals.byRate) {
        const parts = [deposit.totals, final.totals].map((t) => t.byRate.find((r) => r.vatRateBp === whole.vatRateBp)!);
        expect(parts.reduce((s, r) => s + r.baseCents, 0)).toBe(whole.baseCents);
        expect(parts.reduce((s, r) => s + r.vatCents, 0)).toBe(whole.vatCents);
      }
      expect(final.totals.grossCents).toBe(8110 - 2433);
      for (const doc of [depositDoc, finalDoc]) {
        for (const profile of ['en16931', 'basic'] as const) {
          const result = await validateFacturX(facturXml(doc), profile);
          expect(result.errors, `${doc.number} ${profile} exempt=${exempt}`).toEqual([]);
        }
      }
      expect(facturXml(depositDoc)).toContain('<ram:TypeCode>386</ram:TypeCode>');
      // VAT due on receipt (72, « paid to date »), or the exemption code.
      expect(facturXml(depositDoc).includes('<ram:DueDateTypeCode>72</ram:DueDateTypeCode>')).toBe(!exempt);
      expect(facturXml(finalDoc).match(/<ram:BilledQuantity unitCode="C62">-1<\/ram:BilledQuantity>/g)).toHaveLength(exempt ? 1 : 2);
    }
  });

  it('names the buyer from a booking’s customer, with the second address line, and none without an address', async () => {
    const address = { line1: '3 rue de la Gare', line2: 'Bât. B', postalCode: '92320', city: 'Châtillon', country: 'FR' };
    expect(buyerFromCustomer({ lastName: 'Martin', firstName: 'Claire', company: null, email: 'c@example.fr', address })).toEqual({ name: 'Claire Martin', address, email: 'c@example.fr' });
    expect(buyerFromCustomer({ lastName: 'Martin', firstName: 'Claire', company: 'Atelier Martin', email: 'c@example.fr', address: { ...address, line2: null } })).toEqual({
      name: 'Atelier Martin (Claire Martin)',
      address: { line1: '3 rue de la Gare', postalCode: '92320', city: 'Châtillon', country: 'FR' },
      email: 'c@example.fr',
    });
    expect(buyerFromCustomer({ lastName: 'Martin', firstName: null, company: null, email: 'c@example.fr', address: null })).toBeUndefined();
    const doc = documentFor({ buyer: { name: 'Atelier Martin', address, siren: '552100554', vatNumber: 'FR66552100554', email: 'c@example.fr' } });
    const xml = facturXml(doc);
    expect(xml).toContain('<ram:LineTwo>Bât. B</ram:LineTwo>');
    expect((await validateFacturX(xml, 'en16931')).errors).toEqual([]);
    const text = (await pdfText(await renderInvoicePdf(doc, xml))).replace(/\s+/g, ' ');
    expect(text).toContain('Bât. B');
    expect(text).toContain('SIREN : 552100554');
    expect(text).toContain('FR66552100554');
    expect(xml).toContain('<ram:ID schemeID="0002">552100554</ram:ID>');
  });

  it('refuses an XML the schema does not allow (the check can fail)', async () => {
    const broken = facturXml(documentFor()).replace('<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>', '');
    expect((await validateFacturX(broken.replace('<ram:TypeCode>380</ram:TypeCode>', '<ram:Oops>380</ram:Oops>'), 'en16931')).valid).toBe(false);
  });

  it('renders a PDF/A-3 a person reads, with every mention, the XML embedded as factur-x.xml', async () => {
    const doc = documentFor();
    const xml = facturXml(doc);
    const bytes = await renderInvoicePdf(doc, xml);
    const text = (await pdfText(bytes)).replace(/\s+/g, ' ');
    for (const mention of [
      `Facture n°${NNBSP}F-2026-000001`,
      'W Services (W SERVICES)',
      'Entreprise individuelle',
      '17 allée Edgar Brandt',
      '92320 Châtillon',
      `SIRET${NNBSP}: 73282932000074`,
      `SIREN${NNBSP}: 732829320`,
      'FR44732829320',
      'Camille Martin',
      '75002 Paris',
      'Date d’émission',
      '26 novembre 2026',
      'Date de la prestation',
      'Dépannage informatique à domicile',
      'P.U. HT',
      `40,83${NNBSP}€`,
      `TVA 20${NNBSP}%`,
      'Total HT',
      `Total TTC ${'99,00'}${NNBSP}€`,
      `Conditions de paiement${NNBSP}: payée le 26 novembre 2026`,
      `Déjà payé 99,00${NNBSP}€`,
      `Reste à payer 0,00${NNBSP}€`,
      'trois fois le taux d’intérêt légal',
      `indemnité forfaitaire pour frais de recouvrement de 40${NNBSP}€`,
      `Catégorie de l’opération${NNBSP}: prestation de services`,
    ])
      expect(text).toContain(mention.replace(/\s+/g, ' '));
    expect(text).not.toContain('293 B');
    const parts = await facturxParts(bytes);
    expect(parts.files).toEqual([{ name: 'factur-x.xml', relationship: 'Alternative', subtype: 'text/xml', content: xml }]);
    expect(parts.associatedFiles).toBe(1);
    expect(parts.outputIntents).toBe(1);
    expect(parts.xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(parts.xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(parts.xmp).toContain('<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>');
    expect(parts.xmp).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
    // The same document gives the same bytes: a stored invoice can be made again identically.
    expect(Buffer.from(await renderInvoicePdf(doc, xml)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('prints the exemption mention and the option for VAT on debits where they apply', async () => {
    const exempt = documentFor({ exempt: true });
    const text = (await pdfText(await renderInvoicePdf(exempt, facturXml(exempt)))).replace(/\s+/g, ' ');
    expect(text).toContain('TVA non applicable, art. 293 B du CGI');
    expect(text).not.toContain('FR44732829320');
    const debits = documentFor({ seller: { ...seller, vatOnDebits: true } });
    expect((await pdfText(await renderInvoicePdf(debits, facturXml(debits)))).replace(/\s+/g, ' ')).toContain('Option pour le paiement de la taxe d’après les débits');
  });
});
