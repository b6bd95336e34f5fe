import { defineErrors } from '../../platform/http/errors.js';

export const customerErrors = defineErrors({
  CUSTOMER_NOT_FOUND: {
    status: 404,
    fr: 'Ce client n’existe pas ou ses données ont été effacées.',
    en: 'This customer does not exist or their data was erased.',
  },
  EMAIL_TAKEN: {
    status: 409,
    field: 'email',
    fr: 'Un autre client utilise déjà cette adresse e-mail.',
    en: 'Another customer already uses this e-mail address.',
  },
  CUSTOMER_CHANGED: {
    status: 409,
    fr: 'Ce client a été modifié entre-temps (par une réservation ou un autre onglet). Vérifiez ses coordonnées puis enregistrez à nouveau.',
    en: 'This customer was changed meanwhile (by a booking or another tab). Check their details, then save again.',
  },
});
