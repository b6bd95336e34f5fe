import type { LegalDocument } from '../../platform/legal-document.js';

/** One paragraph (a heading, a paragraph, a list item) of a legal text, with the section it belongs to. */
export interface Block {
  section: string;
  text: string;
}

export type Change = { kind: 'same' | 'added' | 'removed'; block: Block };

/** A section whose text changed, with its blocks in the order of the two versions read together. */
export interface SectionChanges {
  /** The section's heading in the new version (in the old one when the section was removed). */
  heading: string;
  changes: Change[];
}

/** The text as a reader goes through it: title, lead, then each section's heading, paragraphs and list items. */
export function blocksOf(document: LegalDocument): Block[] {
  const blocks: Block[] = [{ section: '', text: document.title }];
  if (document.intro) blocks.push({ section: '', text: document.intro });
  for (const section of document.sections) {
    blocks.push({ section: section.heading, text: section.heading });
    for (const p of section.paragraphs) blocks.push({ section: section.heading, text: p });
    for (const item of section.list ?? []) blocks.push({ section: section.heading, text: item });
  }
  return blocks;
}

/**
 * A paragraph-level diff (longest common subsequence of the blocks' texts): a policy has a few
 * dozen paragraphs, so the quadratic table is small, and a paragraph changed by a word reads as
 * the old one removed and the new one added, which is what a reader compares.
 */
export function diffBlocks(before: Block[], after: Block[]): Change[] {
  const n = before.length;
  const m = after.length;
  const common: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      common[i]![j] = before[i]!.text === after[j]!.text ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const changes: Change[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i]!.text === after[j]!.text) {
      changes.push({ kind: 'same', block: after[j]! });
      i++;
      j++;
    } else if (j < m && (i === n || common[i]![j + 1]! >= common[i + 1]![j]!)) {
      changes.push({ kind: 'added', block: after[j]! });
      j++;
    } else {
      changes.push({ kind: 'removed', block: before[i]! });
      i++;
    }
  }
  return changes;
}

/** The sections where something was added or removed, each with its changes only (the rest is unchanged). */
export function changedSections(before: LegalDocument, after: LegalDocument): SectionChanges[] {
  const sections: SectionChanges[] = [];
  for (const change of diffBlocks(blocksOf(before), blocksOf(after))) {
    if (change.kind === 'same') continue;
    const heading = change.block.section;
    const last = sections[sections.length - 1];
    if (last && last.heading === heading) last.changes.push(change);
    else sections.push({ heading, changes: [change] });
  }
  return sections;
}
