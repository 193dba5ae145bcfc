/** Entry of the options page (manifest `options_ui`). */
import { openPageStore } from '../shared/open-page-store';
import { localisePage } from '../shared/localise-page';
import { startOptionsPage } from './options-page';

localisePage(document);
void startOptionsPage({ openStore: openPageStore });
