/** Entry of the first-run page. */
import { openPageStore } from '../shared/open-page-store';
import { localisePage } from '../shared/localise-page';
import { startWelcomePage } from './welcome-page';

localisePage(document);
startWelcomePage({ openStore: openPageStore });
