/** Paths one app links to on another (Pagamenti → Area Clienti): named once, so a rename breaks the build, not a link. */

/** Area Clienti's public page about automatic renewal: the seed's "sezione dedicata". */
export const RENEWAL_INFO_PATH = '/rinnovo-automatico';
