/** Where the owner's language choice is remembered (localStorage key; cookie warta_locale). */
export const LOCALE_KEY = 'warta.locale'
