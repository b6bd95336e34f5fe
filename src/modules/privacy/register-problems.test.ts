import { describe, expect, it } from 'vitest';
import type { ModuleRegister, PersonalDataPort, RetentionRule } from '../../platform/privacy-register.js';
import { duplicateKinds, registerProblems } from './register-problems.js';

const text = { fr: 'x', en: 'x' };
const port: PersonalDataPort = { find: async () => [], export: async () => [], erase: async () => [] };
const activity = (id: string, withText = false) => ({
  id,
  name: text,
  purpose: text,
  legalBasis: 'contract' as const,
  dataSubjects: text,
  dataCategories: [text],
  recipients: [],
  ...(withText ? { retention: text } : {}),
});
const rule = (id: string, activityId: string, extra: Partial<RetentionRule> = {}): RetentionRule => ({
  id,
  activity: activityId,
  records: text,
  keep: { years: 1 },
  from: text,
  then: 'delete',
  apply: async () => 0,
  ...extra,
});

/** A sound module: a personal column, a store, a port, a rule for its activity. */
const notes: ModuleRegister = {
  module: 'notes',
  activities: [activity('notes')],
  tables: [{ table: 'notes', personal: { body: ['notes'] }, nonPersonal: ['id'] }],
  stores: [{ id: 'notes.files', description: text, location: 'notes/*.txt', activities: ['notes'] }],
  personalData: port,
  retention: [rule('notes.old', 'notes')],
};

describe('registerProblems', () => {
  it('finds nothing wrong with a sound register, nor with an activity that keeps its old retention sentence', () => {
    const legacy: ModuleRegister = { module: 'legacy', activities: [activity('legacy', true)], tables: [{ table: 'legacy', personal: {}, nonPersonal: ['id'] }] };
    expect(registerProblems([notes, legacy])).toEqual([]);
  });

  it('fails a module that declares a personal column, or a store, without a port', () => {
    const { personalData: _, ...withoutPort } = notes;
    expect(registerProblems([withoutPort])).toEqual(['notes: declares personal data (notes.body, store notes.files) but no personalData port to find, export and erase it']);
    const storeOnly: ModuleRegister = { ...withoutPort, tables: [] };
    expect(registerProblems([storeOnly])).toEqual(['notes: declares personal data (store notes.files) but no personalData port to find, export and erase it']);
  });

  it('fails an activity with neither rules nor a retention sentence, and rules, columns or stores naming unknown activities', () => {
    const broken: ModuleRegister = {
      module: 'broken',
      activities: [activity('silent')],
      tables: [{ table: 'broken', personal: { email: ['ghost'] }, nonPersonal: [] }],
      stores: [{ id: 'broken.files', description: text, location: 'x', activities: ['phantom'] }],
      personalData: port,
      retention: [rule('broken.rule', 'nowhere'), rule('broken.archive', 'silent', { then: 'archive' })],
    };
    expect(registerProblems([broken])).toEqual([
      'broken: retention rule "broken.rule" names unknown activity "nowhere"',
      'broken: retention rule "broken.archive" archives but says neither on which ground nor for how long',
      'broken: broken.email names unknown activity "ghost"',
      'broken: store "broken.files" names unknown activity "phantom"',
    ]);
    const { retention: _, ...noRules } = broken;
    expect(registerProblems([{ ...noRules, tables: [], stores: [] }])).toEqual(['broken: activity "silent" has neither retention rules nor a retention sentence']);
  });

  it('asks a purpose addressed to the person for a third-person record (art. 30), and reads « rendez-vous » as no « vous »', () => {
    const speaking = { ...activity('notes'), purpose: { fr: 'Vous rappeler votre rendez-vous.', en: 'Reminding you of your appointment.' } };
    expect(registerProblems([{ ...notes, activities: [speaking] }])).toEqual([
      'notes: activity "notes" speaks to the person; give it a third-person `record` for the record of processing activities',
    ]);
    const recorded = { ...speaking, record: { fr: 'Rappeler leur rendez-vous aux clients.', en: 'Reminding customers of their appointment.' } };
    expect(registerProblems([{ ...notes, activities: [recorded] }])).toEqual([]);
  });

  it('fails duplicate rule, activity and store ids across modules', () => {
    const twin: ModuleRegister = { ...notes, module: 'twin' };
    expect(registerProblems([notes, twin])).toEqual([
      'activity "notes" is declared by both notes and twin',
      'retention rule "notes.old" is declared twice (notes, twin)',
      'store "notes.files" is declared twice (notes, twin)',
    ]);
  });

  it('names record kinds that two ports both return (one CSV file each)', () => {
    expect(duplicateKinds([{ kind: 'bookings', module: 'booking' }, { kind: 'mails', module: 'outbox' }])).toEqual([]);
    expect(duplicateKinds([{ kind: 'bookings', module: 'booking' }, { kind: 'bookings', module: 'agenda' }])).toEqual(['record kind "bookings" is returned by both booking and agenda']);
  });
});
