import type { InvoiceDocument, Party } from './invoice.model.js';
import { latePaymentMention, NO_DISCOUNT_MENTION, OPERATION_CATEGORY_MENTION, RECOVERY_FEE_MENTION, VAT_EXEMPTION_MENTION, VAT_ON_DEBITS_MENTION } from './invoice-texts.js';

/** The Factur-X profile we issue: EN 16931 (the European norm's full semantic model, "COMFORT"). */
export const FACTURX_PROFILE = { urn: 'urn:cen.eu:en16931:2017', conformanceLevel: 'EN 16931' } as const;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const amount = (cents: number) => (cents / 100).toFixed(2);
const rate = (bp: number) => String(bp / 100);
const date102 = (isoDate: string) => isoDate.replace(/-/g, '');
/** A unit's net price, to four decimals (CII allows them), so that price × quantity gives the line's total. */
const unitPrice = (netCents: number, quantity: number) => String(Number((netCents / 100 / quantity).toFixed(4)));

function party(tag: string, p: Party & { siret?: string }, vatExempt = false): string {
  const siren = p.siret?.slice(0, 9) ?? p.siren?.slice(0, 9);
  return `<ram:${tag}>
<ram:Name>${escape(p.name)}</ram:Name>
${siren ? `<ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">${siren}</ram:ID></ram:SpecifiedLegalOrganization>` : ''}
<ram:PostalTradeAddress><ram:PostcodeCode>${escape(p.address.postalCode)}</ram:PostcodeCode><ram:LineOne>${escape(p.address.line1)}</ram:LineOne>${p.address.line2 ? `<ram:LineTwo>${escape(p.address.line2)}</ram:LineTwo>` : ''}<ram:CityName>${escape(p.address.city)}</ram:CityName><ram:CountryID>${p.address.country}</ram:CountryID></ram:PostalTradeAddress>
${p.email ? `<ram:URIUniversalCommunication><ram:URIID schemeID="EM">${escape(p.email)}</ram:URIID></ram:URIUniversalCommunication>` : ''}
${p.vatNumber ? `<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${escape(p.vatNumber)}</ram:ID></ram:SpecifiedTaxRegistration>` : ''}
${!p.vatNumber && vatExempt && siren ? `<ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">${siren}</ram:ID></ram:SpecifiedTaxRegistration>` : ''}
</ram:${tag}>`;
}

const note = (content: string, subject: string) => `<ram:IncludedNote><ram:Content>${escape(content)}</ram:Content><ram:SubjectCode>${subject}</ram:SubjectCode></ram:IncludedNote>`;

/** UNTDID 1001: 380 commercial invoice, 386 prepayment invoice (a deposit invoice), 381 credit note. */
export function typeCodeOf(doc: Pick<InvoiceDocument, 'type' | 'kind'>): '380' | '381' | '386' {
  if (doc.type === 'credit_note') return '381';
  return doc.kind === 'deposit' ? '386' : '380';
}

const referencedDocument = (number: string, issueDate: string) =>
  `<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>${escape(number)}</ram:IssuerAssignedID><ram:FormattedIssueDateTime><qdt:DateTimeString format="102">${date102(issueDate)}</qdt:DateTimeString></ram:FormattedIssueDateTime></ram:InvoiceReferencedDocument>`;

/**
 * The invoice as a UN/CEFACT Cross Industry Invoice (D16B), Factur-X profile EN 16931: type code
 * 380 (invoice), 386 (deposit invoice) or 381 (credit note, with the invoice it corrects), VAT
 * category S (standard) or E with VATEX-FR-FRANCHISE (art. 293 B du CGI), VAT due on receipt (72)
 * — « paid to date », the day a deposit was received for a deposit invoice — unless the seller
 * opted for debits (5). A deposit invoice has no delivery date (the service is to come); the day
 * the deposit was received is in its payment terms and on the PDF (the VAT point date, BT-7, would
 * say it too but is not in the BASIC profile). A final invoice after deposits deducts each one as a line of quantity -1 and references it (BG-3).
 * Element order follows the XSD (the tests validate against the official schemas).
 */
export function facturXml(doc: InvoiceDocument): string {
  const exempt = doc.seller.vatExempt;
  const category = exempt ? 'E' : 'S';
  const dueDateCode = doc.seller.vatOnDebits ? '5' : '72';
  const lines = doc.lines
    .map(
      (l, i) => `<ram:IncludedSupplyChainTradeLineItem>
<ram:AssociatedDocumentLineDocument><ram:LineID>${i + 1}</ram:LineID></ram:AssociatedDocumentLineDocument>
<ram:SpecifiedTradeProduct><ram:Name>${escape(l.description)}</ram:Name></ram:SpecifiedTradeProduct>
<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>${unitPrice(l.netCents, l.quantity)}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
<ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">${l.quantity}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
<ram:SpecifiedLineTradeSettlement>
<ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>${category}</ram:CategoryCode><ram:RateApplicablePercent>${rate(l.vatRateBp)}</ram:RateApplicablePercent></ram:ApplicableTradeTax>
<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${amount(l.netCents)}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
</ram:SpecifiedLineTradeSettlement>
</ram:IncludedSupplyChainTradeLineItem>`,
    )
    .join('\n');
  const taxes = doc.totals.byRate
    .map(
      (r) => `<ram:ApplicableTradeTax>
<ram:CalculatedAmount>${amount(r.vatCents)}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
${exempt ? `<ram:ExemptionReason>${escape(VAT_EXEMPTION_MENTION)}</ram:ExemptionReason>` : ''}
<ram:BasisAmount>${amount(r.baseCents)}</ram:BasisAmount><ram:CategoryCode>${category}</ram:CategoryCode>
${exempt ? '<ram:ExemptionReasonCode>VATEX-FR-FRANCHISE</ram:ExemptionReasonCode>' : `<ram:DueDateTypeCode>${dueDateCode}</ram:DueDateTypeCode>`}
<ram:RateApplicablePercent>${rate(r.vatRateBp)}</ram:RateApplicablePercent>
</ram:ApplicableTradeTax>`,
    )
    .join('\n');
  const t = doc.totals;
  const paid = Math.min(doc.paidCents ?? 0, t.grossCents);
  const notes = [
    note(OPERATION_CATEGORY_MENTION, 'AAI'),
    ...(doc.seller.vatOnDebits && !exempt ? [note(VAT_ON_DEBITS_MENTION, 'AAI')] : []),
    note(`${doc.seller.legalForm}${doc.seller.siret ? ` — SIRET ${doc.seller.siret}` : ''}`, 'ABL'),
    note(latePaymentMention(doc.seller), 'PMD'),
    note(RECOVERY_FEE_MENTION, 'PMT'),
    note(NO_DISCOUNT_MENTION, 'AAB'),
    ...(doc.reason ? [note(doc.reason, 'ACD')] : []),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
<rsm:ExchangedDocumentContext>
<ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>${FACTURX_PROFILE.urn}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
</rsm:ExchangedDocumentContext>
<rsm:ExchangedDocument>
<ram:ID>${escape(doc.number)}</ram:ID>
<ram:TypeCode>${typeCodeOf(doc)}</ram:TypeCode>
<ram:IssueDateTime><udt:DateTimeString format="102">${date102(doc.issueDate)}</udt:DateTimeString></ram:IssueDateTime>
${notes.join('\n')}
</rsm:ExchangedDocument>
<rsm:SupplyChainTradeTransaction>
${lines}
<ram:ApplicableHeaderTradeAgreement>
${party('SellerTradeParty', doc.seller, exempt)}
${party('BuyerTradeParty', doc.buyer)}
</ram:ApplicableHeaderTradeAgreement>
<ram:ApplicableHeaderTradeDelivery>
${doc.deposit ? '' : `<ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format="102">${date102(doc.serviceDate)}</udt:DateTimeString></ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>`}
</ram:ApplicableHeaderTradeDelivery>
<ram:ApplicableHeaderTradeSettlement>
<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
${taxes}
<ram:SpecifiedTradePaymentTerms><ram:Description>${escape(doc.paymentTerms)}</ram:Description></ram:SpecifiedTradePaymentTerms>
<ram:SpecifiedTradeSettlementHeaderMonetarySummation>
<ram:LineTotalAmount>${amount(t.netCents)}</ram:LineTotalAmount>
<ram:TaxBasisTotalAmount>${amount(t.netCents)}</ram:TaxBasisTotalAmount>
<ram:TaxTotalAmount currencyID="EUR">${amount(t.vatCents)}</ram:TaxTotalAmount>
<ram:GrandTotalAmount>${amount(t.grossCents)}</ram:GrandTotalAmount>
${paid > 0 ? `<ram:TotalPrepaidAmount>${amount(paid)}</ram:TotalPrepaidAmount>` : ''}
<ram:DuePayableAmount>${amount(t.grossCents - paid)}</ram:DuePayableAmount>
</ram:SpecifiedTradeSettlementHeaderMonetarySummation>
${doc.corrects ? referencedDocument(doc.corrects.number, doc.corrects.issueDate) : ''}
${(doc.deposits ?? []).map((d) => referencedDocument(d.number, d.issueDate)).join('\n')}
</ram:ApplicableHeaderTradeSettlement>
</rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
`.replace(/\n\n+/g, '\n');
}
