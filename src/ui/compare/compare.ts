/** Entry of the compare page (index.html): the logic is in compare-app.ts, which tests import with a fake store. */
import { openStore } from '../../store/open-store';
import { localisePage } from '../shared/localise-page';
import { startCompare } from './compare-app';

localisePage(document);
void startCompare(window.location.search, { openStore });
