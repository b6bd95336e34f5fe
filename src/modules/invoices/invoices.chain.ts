import { createHash } from 'node:crypto';
import { anonymisedInvoiceRow } from './invoices.erasure.js';
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
  | { intact: false; records: number; sequence: number; number: string | null; problem: 'altered' | 'pdf' | 'unlinked' | 'missing' | 'unchained' | 'head' | 'archived-altered' | 'diverged' };

/** Whether a document (as stored, or as archived) still gives its link's PDF hash and chain hash. */
export function documentMatchesLink(link: InvoiceChainTable, document: InvoicesTable): 'ok' | 'pdf' | 'altered' {
  const { pdf, ...row } = document;
  const pdfSha256 = sha256Hex(Buffer.from(pdf));
  if (pdfSha256 !== link.pdf_sha256) return 'pdf';
  if (invoiceChainHash(link.previous_hash, invoiceCanonical(row, pdfSha256, link.sequence, link.previous_hash)) !== link.hash) return 'altered';
  return 'ok';
}

/** Column by column, the PDF byte by byte: the anonymised row the archived copy gives, and the row stored. */
function sameDocument(a: InvoicesTable, b: InvoicesTable): boolean {
  if (!Buffer.from(a.pdf).equals(Buffer.from(b.pdf))) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => k !== 'pdf'));
  return [...keys].every((k) => JSON.stringify((a as unknown as Record<string, unknown>)[k] ?? null) === JSON.stringify((b as unknown as Record<string, unknown>)[k] ?? null));
}

/**
 * Walks the chain in order and names the first broken link: a document whose row no longer gives
 * its hash (altered), whose PDF is not the one issued (pdf), a link that does not point to the
 * previous hash (unlinked), a missing position or document (missing), an issued document the chain
 * does not hold (unchained: inserted outside the application), or a head that does not name the last link.
 */
export function verifyInvoiceChain(
  links: InvoiceLink[],
  documentIds: readonly string[],
  head: { sequence: number; hash: string },
  /**
   * The legal archive's copies (by invoice id) of the documents that no longer give their hash here:
   * an erased document passes when its archived copy gives the hash and anonymising that copy gives
   * exactly the stored row (archived-altered: the copy was changed; diverged: the stored row was).
   */
  archived: ReadonlyMap<string, InvoicesTable> = new Map(),
): InvoiceChainVerdict {
  let previous = GENESIS_HASH;
  let expected = 1;
  for (const link of links) {
    const base = { intact: false as const, records: links.length, sequence: link.sequence, number: link.invoice?.number ?? null };
    if (link.sequence !== expected) return { ...base, sequence: expected, number: null, problem: 'missing' };
    if (!link.invoice) return { ...base, problem: 'missing' };
    const stored = documentMatchesLink(link, link.invoice);
    if (stored !== 'ok') {
      const copy = archived.get(link.invoice_id);
      if (!copy) return { ...base, problem: stored };
      if (documentMatchesLink(link, copy) !== 'ok') return { ...base, problem: 'archived-altered' };
      if (!sameDocument(anonymisedInvoiceRow(copy), link.invoice)) return { ...base, problem: 'diverged' };
    }
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
    'archived-altered': 'its copy in the legal archive no longer matches its hash: the archived copy was changed',
    diverged: 'it was anonymised after archiving, but the record in the database is no longer what its archived copy gives: it was changed since',
  }[verdict.problem];
  return `The invoice chain is broken. First broken link: ${what}: ${why}.`;
}
