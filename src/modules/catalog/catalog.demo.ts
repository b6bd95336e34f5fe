import type { CatalogService } from './catalog.service.js';
import type { ServiceForm } from './catalog.schemas.js';

/** The demo catalog of W Services, seeded on first start and by `npx wservices demo seed`. */
export const demoServices: ServiceForm[] = [
  {
    slug: 'diagnostic-informatique',
    nameFr: 'Diagnostic informatique',
    nameEn: 'Computer check-up',
    descriptionFr:
      'Votre ordinateur est lent, affiche des erreurs ou refuse de démarrer\u00a0? Apportez-le\u00a0: nous cherchons la cause avec vous et vous remettons un diagnostic clair, avec un devis si une réparation est nécessaire.',
    descriptionEn:
      'Is your computer slow, showing errors or refusing to start? Bring it in: we find the cause with you and give you a clear diagnosis, with a quote if a repair is needed.',
    durationMinutes: 60,
    price: 4900,
    vatRate: 2000,
    capacity: 1,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 15,
    minNoticeMinutes: 120,
    horizonDays: 60,
    slotStepMinutes: 30,
    requiredFields: ['lastName', 'firstName', 'country', 'phone'],
    withdrawalPolicy: 'applies',
    location: 'business',
    active: true,
    position: 1,
  },
  {
    slug: 'installation-a-domicile',
    nameFr: 'Installation à domicile',
    nameEn: 'Home setup',
    descriptionFr:
      'Nous venons chez vous installer et configurer votre matériel\u00a0: ordinateur, imprimante, box internet, réseau Wi-Fi, sauvegardes. L’adresse d’intervention est demandée à la réservation.',
    descriptionEn:
      'We come to your home to install and set up your equipment: computer, printer, internet box, Wi-Fi network, backups. The address is asked for when booking.',
    durationMinutes: 90,
    price: 8900,
    vatRate: 2000,
    capacity: 1,
    bufferBeforeMinutes: 30,
    bufferAfterMinutes: 30,
    minNoticeMinutes: 24 * 60,
    horizonDays: 90,
    slotStepMinutes: 30,
    requiredFields: ['lastName', 'firstName', 'country', 'phone', 'address'],
    withdrawalPolicy: 'applies',
    location: 'customer_address',
    active: true,
    position: 2,
  },
  {
    slug: 'atelier-numerique',
    nameFr: 'Atelier numérique en petit groupe',
    nameEn: 'Small-group digital workshop',
    descriptionFr:
      'Deux heures pour prendre en main son smartphone, ses courriels et les démarches en ligne, à six personnes au plus. Venez avec votre appareil.',
    descriptionEn: 'Two hours to get to grips with your smartphone, e-mail and online paperwork, six people at most. Bring your device.',
    durationMinutes: 120,
    price: 3500,
    vatRate: 2000,
    capacity: 6,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 24 * 60,
    horizonDays: 90,
    slotStepMinutes: 120,
    requiredFields: ['lastName', 'firstName', 'country', 'phone'],
    withdrawalPolicy: 'dated_leisure',
    location: 'business',
    active: true,
    position: 3,
  },
  {
    slug: 'appel-decouverte',
    nameFr: 'Appel découverte',
    nameEn: 'Discovery call',
    descriptionFr: 'Vingt minutes au téléphone pour nous décrire votre besoin et savoir comment nous pouvons vous aider. Gratuit et sans engagement.',
    descriptionEn: 'Twenty minutes on the phone to tell us what you need and learn how we can help. Free, no commitment.',
    durationMinutes: 20,
    price: 0,
    vatRate: 2000,
    capacity: 1,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 10,
    minNoticeMinutes: 60,
    horizonDays: 30,
    slotStepMinutes: 30,
    requiredFields: ['lastName', 'firstName', 'country', 'phone'],
    withdrawalPolicy: 'applies',
    location: 'phone',
    active: true,
    position: 4,
  },
];

/** Monday to Friday 09:00–12:30 and 14:00–18:30, Saturday 09:00–13:00. */
export const demoOpeningHours = [
  ...[1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, opensAt: '09:00', closesAt: '12:30' },
    { weekday, opensAt: '14:00', closesAt: '18:30' },
  ]),
  { weekday: 6, opensAt: '09:00', closesAt: '13:00' },
];

/** Adds the demo services that are missing (by slug) and, when none are set, the demo opening hours. */
export async function seedDemoCatalog(catalog: CatalogService): Promise<{ servicesAdded: number; openingHoursSet: boolean }> {
  const existing = new Set((await catalog.listServices({ activeOnly: false })).map((s) => s.slug));
  let servicesAdded = 0;
  for (const service of demoServices) {
    if (existing.has(service.slug)) continue;
    await catalog.createService(service);
    servicesAdded++;
  }
  const openingHoursSet = (await catalog.openingHours()).length === 0;
  if (openingHoursSet) await catalog.replaceOpeningHours(demoOpeningHours);
  return { servicesAdded, openingHoursSet };
}
