/**
 * The background (Chrome: MV3 service worker; Firefox: event page). It checks page texts against the corpus
 * in IndexedDB, keeps per-tab results in storage.session, draws the toolbar badge and relays the popup's
 * requests to content scripts. It may be stopped whenever idle: see register.ts and store-access.ts.
 */
import { registerBackground } from './register';

registerBackground();
