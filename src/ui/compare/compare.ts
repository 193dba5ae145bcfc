/** Entry of the compare page (index.html): the logic is in compare-app.ts, which tests import with a fake store. */
import { openStore } from '../../store/open-store';
import { startCompare } from './compare-app';

void startCompare(window.location.search, { openStore });
