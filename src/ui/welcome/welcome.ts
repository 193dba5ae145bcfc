/** Entry of the first-run page. */
import { openStore } from '../../store/open-store';
import { localisePage } from '../shared/localise-page';
import { startWelcomePage } from './welcome-page';

localisePage(document);
startWelcomePage({ openStore });
