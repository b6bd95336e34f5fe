import { createHash } from 'node:crypto';
import type { InvoiceChainTable, InvoicesTable } from './invoices.tables.js';

/** The hash before the first document. */
export const GENESIS_HASH = '0'.repeat(64);

export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * An issued document as its chain hashes it: every column (the whole printed document, seller and
 * buyer as JSON, as stored), the SHA-256 of the PDF as issued, its position and the link to the
 * previous one, as a JSON array in a fixed order. Tagged `invoice/1`; the migration that chained
 * the documents issued before it holds a frozen copy: change both or make an `invoice/2`.
 */
export function invoiceCanonical(row: Omit<InvoicesTable, 'pdf'>, pdfSha256: string, sequence: number, previousHash: string): string {
  return JSON.stringify([
    'invoice/1',
    sequence,
    row.id,
    row.number,
    row.type,
    Number(row.year),
    Number(row.sequence),
    row.booking_id,
    row.source_key,
    row.corrects_number,
    row.issue_date,
    row.service_date,
    Number(row.net_cents),
    Number(row.vat_cents),
    Number(row.gross_cents),
    row.seller,
    row.buyer,
    row.document,
    pdfSha256,
    new Date(row.created_at).toISOString(),
    previousHash,
  ]);
}

export function invoiceChainHash(previousHash: string, canonical: string): string {
  return sha256Hex(`${previousHash}\n${canonical}`);
}

export type InvoiceLink = InvoiceChainTable & { invoice: InvoicesTable | undefined };

export type InvoiceChainVerdict =
  | { intact: true; records: number; headHash: string }
  | { intact: false; records: number; sequence: number; number: string | null; problem: 'altered' | 'pdf' | 'unlinked' | 'missing' | 'unchained' | 'head' };

/**
 * Walks the chain in order and names the first broken link: a document whose row no longer gives
 * its hash (altered), whose PDF is not the one issued (pdf), a link that does not point to the
 * previous hash (unlinked), a missing position or document (missing), an issued document the chain
 * does not hold (unchained: inserted outside the application), or a head that does not name the last link.
 */
export function verifyInvoiceChain(links: InvoiceLink[], documentIds: readonly string[], head: { sequence: number; hash: string }): InvoiceChainVerdict {
  let previous = GENESIS_HASH;
  let expected = 1;
  for (const link of links) {
    const base = { intact: false as const, records: links.length, sequence: link.sequence, number: link.invoice?.number ?? null };
    if (link.sequence !== expected) return { ...base, sequence: expected, number: null, problem: 'missing' };
    if (!link.invoice) return { ...base, problem: 'missing' };
    const { pdf, ...row } = link.invoice;
    const pdfSha256 = sha256Hex(Buffer.from(pdf));
    if (pdfSha256 !== link.pdf_sha256) return { ...base, problem: 'pdf' };
    if (invoiceChainHash(link.previous_hash, invoiceCanonical(row, pdfSha256, link.sequence, link.previous_hash)) !== link.hash) return { ...base, problem: 'altered' };
    if (link.previous_hash !== previous) return { ...base, problem: 'unlinked' };
    previous = link.hash;
    expected++;
  }
  const chained = new Set(links.map((l) => l.invoice_id));
  const stray = documentIds.find((id) => !chained.has(id));
  if (stray) return { intact: false, records: links.length, sequence: expected, number: null, problem: 'unchained' };
  if (head.sequence !== expected - 1 || head.hash !== previous) {
    return { intact: false, records: links.length, sequence: Math.min(head.sequence, expected), number: null, problem: head.sequence >= expected ? 'missing' : 'head' };
  }
  return { intact: true, records: links.length, headHash: previous };
}

/** The verdict in one English sentence, as `npx wservices ledger verify` prints it. */
export function describeInvoiceVerdict(verdict: InvoiceChainVerdict): string {
  if (verdict.intact) return `The invoice chain is intact: ${verdict.records} document${verdict.records === 1 ? '' : 's'} checked, the chain's last hash is ${verdict.headHash}.`;
  const what = verdict.number ? `link #${verdict.sequence} (${verdict.number})` : `link #${verdict.sequence}`;
  const why = {
    altered: 'the document no longer matches its hash: it was changed after it was issued',
    pdf: 'its PDF is not the one issued (its SHA-256 differs)',
    unlinked: 'it does not point to the hash of the link before it: a document before it was changed and re-hashed, or this one was inserted',
    missing: 'it is missing: a document or its link was deleted',
    unchained: 'an issued document is not in the chain: it was inserted outside the application',
    head: 'the chain head does not name the last link: links were added or removed outside the application',
  }[verdict.problem];
  return `The invoice chain is broken. First broken link: ${what}: ${why}.`;
}
