/** Entry of the popup page (index.html): everything lives in popup-app.ts, which tests import directly. */
import { localisePage } from '../shared/localise-page';
import { startPopup } from './popup-app';

localisePage(document);
startPopup({ search: window.location.search });
