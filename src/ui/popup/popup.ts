/** Entry of the popup page (index.html): everything lives in popup-app.ts, which tests import directly. */
import { startPopup } from './popup-app';

startPopup({ search: window.location.search });
