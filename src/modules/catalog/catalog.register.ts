import type { ModuleRegister } from '../../platform/privacy-register.js';

/** The catalog holds what the business offers: no personal data. */
export const catalogRegister: ModuleRegister = {
  module: 'catalog',
  activities: [],
  tables: [
    {
      table: 'services',
      personal: {},
      nonPersonal: [
        'id',
        'slug',
        'name_fr',
        'name_en',
        'description_fr',
        'description_en',
        'duration_minutes',
        'price_cents',
        'currency',
        'vat_rate_bp',
        'capacity',
        'buffer_before_minutes',
        'buffer_after_minutes',
        'min_notice_minutes',
        'horizon_days',
        'slot_step_minutes',
        'required_fields',
        'withdrawal_policy',
        // The place of a service and the owner's meeting link (the same for every customer).
        'location',
        'online_url',
        'active',
        'position',
        'scheduling',
        'max_places_per_booking',
        'reminder_hours_before',
        'cancellation_cutoff_hours',
        'payment_options',
        'deposit_percent',
        'created_at',
        'updated_at',
      ],
    },
    // A session is a date, a time and a number of places: who booked it is in bookings, not here.
    {
      table: 'sessions',
      personal: {},
      nonPersonal: ['id', 'service_id', 'starts_at', 'ends_at', 'places', 'min_participants', 'decision_at', 'status', 'cancelled_at', 'created_at', 'updated_at'],
    },
    { table: 'opening_hours', personal: {}, nonPersonal: ['id', 'weekday', 'opens_at', 'closes_at'] },
    // A closure's label is the owner's note shown in the back office only ("Congés d’hiver"); the form asks for no names.
    { table: 'closures', personal: {}, nonPersonal: ['id', 'starts_at', 'ends_at', 'label', 'created_at'] },
  ],
};
