import { defineErrors, defineFieldMessages } from '../../platform/http/errors.js';

const N = '\u00a0';

export const adminErrors = defineErrors({
  INVALID_CREDENTIALS: {
    status: 401,
    fr: 'Adresse e-mail ou mot de passe incorrect.',
    en: 'Wrong e-mail address or password.',
  },
  EMAIL_TAKEN: {
    status: 409,
    field: 'email',
    fr: 'Un compte existe déjà avec cette adresse e-mail.',
    en: 'An account already exists with this e-mail address.',
  },
  SETUP_LINK_INVALID: {
    status: 404,
    fr: `Ce lien d’installation n’est plus valable${N}: il a déjà servi ou a expiré. Redémarrez le serveur pour en obtenir un nouveau, ou utilisez «${N}npx wservices admin create${N}».`,
    en: 'This setup link is no longer valid: it was used or has expired. Restart the server to get a new one, or use "npx wservices admin create".',
  },
  OWNER_ONLY: {
    status: 403,
    fr: `Cette page est réservée au responsable${N}: votre compte d’équipe n’y a pas accès. Demandez-lui si vous en avez besoin.`,
    en: 'This page is for the owner only: your team account cannot open it. Ask the owner if you need it.',
  },
  INVITATION_INVALID: {
    status: 404,
    fr: `Ce lien d’invitation n’est plus valable${N}: il a déjà servi, a été annulé ou a expiré (il vaut 48${N}heures). Demandez une nouvelle invitation au responsable.`,
    en: 'This invitation link is no longer valid: it was used, cancelled or has expired (it lasts 48 hours). Ask the owner for a new invitation.',
  },
  RESET_LINK_INVALID: {
    status: 404,
    fr: `Ce lien de réinitialisation n’est plus valable${N}: il a déjà servi ou a expiré (il vaut une heure). Demandez-en un nouveau depuis la page de connexion.`,
    en: 'This reset link is no longer valid: it was used or has expired (it lasts one hour). Ask for a new one from the login page.',
  },
  ALREADY_MEMBER: {
    status: 409,
    field: 'email',
    fr: 'Cette adresse e-mail a déjà un compte dans l’équipe.',
    en: 'This e-mail address already has an account in the team.',
  },
  MEMBER_NOT_FOUND: {
    status: 404,
    fr: 'Ce membre n’existe pas ou a déjà été retiré de l’équipe.',
    en: 'This member does not exist or was already removed from the team.',
  },
  INVITATION_NOT_FOUND: {
    status: 404,
    fr: 'Cette invitation n’existe pas ou a déjà été acceptée ou annulée.',
    en: 'This invitation does not exist or was already accepted or cancelled.',
  },
  LAST_OWNER: {
    status: 409,
    fr: `Impossible de retirer le dernier responsable${N}: invitez d’abord un autre responsable, qui pourra ensuite vous retirer.`,
    en: 'The last owner cannot be removed: invite another owner first, who can then remove you.',
  },
  LOGIN_CODE_EXPIRED: {
    status: 401,
    fr: `Votre connexion a expiré ou a reçu trop de codes erronés${N}: saisissez de nouveau votre mot de passe.`,
    en: 'Your login has expired or received too many wrong codes: enter your password again.',
  },
  CODES_LOCKED: {
    status: 429,
    fr: `Trop de codes erronés pour ce compte${N}: patientez 15${N}minutes avant de réessayer, ou demandez au responsable de vous aider.`,
    en: 'Too many wrong codes for this account: wait 15 minutes before trying again, or ask the owner for help.',
  },
  TWO_FACTOR_REQUIRED: {
    status: 409,
    fr: `Le responsable exige la double authentification pour toute l’équipe${N}: vous ne pouvez pas la désactiver.`,
    en: 'The owner requires two-factor authentication for the whole team: you cannot turn it off.',
  },
  TWO_FACTOR_NOT_ENROLLING: {
    status: 409,
    fr: 'La double authentification est déjà activée sur votre compte.',
    en: 'Two-factor authentication is already on for your account.',
  },
});

/** The sentences beside a field that a schema cannot check by itself. */
export const adminFieldMessages = defineFieldMessages({
  WRONG_CURRENT_PASSWORD: {
    field: 'currentPassword',
    fr: 'Ce n’est pas votre mot de passe actuel.',
    en: 'This is not your current password.',
  },
  WRONG_PASSWORD: {
    field: 'password',
    fr: 'Mot de passe incorrect.',
    en: 'Wrong password.',
  },
  WRONG_CODE: {
    field: 'code',
    fr: `Ce code n’est pas valable${N}: il est erroné, a expiré ou a déjà servi. Saisissez le code affiché maintenant par votre application, ou un code de secours.`,
    en: 'This code is not valid: it is wrong, has expired or was already used. Enter the code your app shows now, or a recovery code.',
  },
  WRONG_ENROLMENT_CODE: {
    field: 'code',
    fr: `Ce code ne correspond pas${N}: vérifiez que l’heure de votre téléphone est juste et saisissez le code affiché maintenant.`,
    en: 'This code does not match: check that your phone’s clock is right and enter the code shown now.',
  },
});
