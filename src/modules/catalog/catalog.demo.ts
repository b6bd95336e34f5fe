import { DateTime } from 'luxon';
import type { Service } from './catalog.model.js';
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
    // Offered only at the sessions the owner schedules; a customer may book up to 4 places (with a friend, a parent…).
    scheduling: 'sessions',
    maxPlacesPerBooking: 4,
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

/** The workshop's demo sessions: Wednesdays at 14:00 and Saturdays at 10:00 for the next six weeks. */
const DEMO_SESSION_WEEKS = 6;
const demoSessionTimes = [
  { weekday: 3, time: '14:00' },
  { weekday: 6, time: '10:00' },
];

/**
 * Schedules the workshop's sessions in the coming weeks, counted from the clock at seed time:
 * 6 places, at least 3 booked two days before or the session is cancelled.
 */
async function seedDemoSessions(catalog: CatalogService, service: Service): Promise<number> {
  const today = DateTime.fromISO(catalog.sessions.today());
  let added = 0;
  // From three days on: every session is beyond the service's notice, and every decision time (two days before) still to come.
  for (let day = 3; day < 3 + DEMO_SESSION_WEEKS * 7; day++) {
    const date = today.plus({ days: day });
    const slot = demoSessionTimes.find((s) => s.weekday === date.weekday);
    if (!slot) continue;
    const decision = date.minus({ days: 2 });
    await catalog.sessions.schedule(
      service,
      { date: date.toISODate(), time: slot.time, places: '6', minParticipants: '3', decisionDate: decision.toISODate(), decisionTime: slot.time },
      'fr',
    );
    added++;
  }
  return added;
}

/** Adds the demo services that are missing (by slug), the workshop's sessions with it, and, when none are set, the demo opening hours. */
export async function seedDemoCatalog(catalog: CatalogService): Promise<{ servicesAdded: number; openingHoursSet: boolean; sessionsAdded: number }> {
  const existing = new Set((await catalog.listServices({ activeOnly: false })).map((s) => s.slug));
  let servicesAdded = 0;
  let sessionsAdded = 0;
  for (const service of demoServices) {
    if (existing.has(service.slug)) continue;
    const created = await catalog.createService(service);
    servicesAdded++;
    if (created.scheduling === 'sessions') sessionsAdded += await seedDemoSessions(catalog, created);
  }
  const openingHoursSet = (await catalog.openingHours()).length === 0;
  if (openingHoursSet) await catalog.replaceOpeningHours(demoOpeningHours);
  return { servicesAdded, openingHoursSet, sessionsAdded };
}
