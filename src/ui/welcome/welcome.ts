/** Entry of the first-run page. */
import { openStore } from '../../store/open-store';
import { startWelcomePage } from './welcome-page';

startWelcomePage({ openStore });
