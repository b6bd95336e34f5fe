import { describe, expect, it } from 'vitest';
import { frenchTypography, slugFrom } from './typography.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('French typography of the owner’s texts', () => {
  it('puts a non-breaking space before : ; ! ? and inside « »', () => {
    expect(frenchTypography('Attention: fragile!')).toBe(`Attention${NBSP}: fragile${NNBSP}!`);
    expect(frenchTypography('Une question ? Oui ; bien sûr !')).toBe(`Une question${NNBSP}? Oui${NNBSP}; bien sûr${NNBSP}!`);
    expect(frenchTypography('«Bonjour» et « là »')).toBe(`«${NBSP}Bonjour${NBSP}» et «${NBSP}là${NBSP}»`);
    expect(frenchTypography('Vraiment ?!')).toBe(`Vraiment${NNBSP}?!`);
    expect(frenchTypography('Tél: 01 23 45 67 89\nNote:\nfin')).toBe(`Tél${NBSP}: 01 23 45 67 89\nNote${NBSP}:\nfin`);
  });

  it('leaves times, addresses and what is already right alone, and changes nothing the second time', () => {
    const untouched = ['Ouvert à 14:30.', 'Voir https://www.exemple.fr/page?id=1&x=2 ou mailto:a@b.fr', `Déjà${NBSP}: bien`, `Oui${NNBSP}!`, 'Un smiley :-)'];
    for (const text of untouched) expect(frenchTypography(text), text).toBe(text);
    for (const text of ['Attention: fragile!', '«Bonjour»', 'Quoi ?! Non ;']) expect(frenchTypography(frenchTypography(text))).toBe(frenchTypography(text));
  });
});

describe('a service’s address identifier from its name', () => {
  it('drops accents and everything but letters and digits', () => {
    expect(slugFrom('Réparation d’écran')).toBe('reparation-d-ecran');
    expect(slugFrom('  Œuvre & Cœur — été 2026 !')).toBe('oeuvre-coeur-ete-2026');
    expect(slugFrom('!!!')).toBe('');
    const long = slugFrom('Installation complète de votre matériel informatique à domicile, avec mise en réseau et sauvegardes');
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});
