/** Entry of the options page (manifest `options_ui`). */
import { openStore } from '../../store/open-store';
import { localisePage } from '../shared/localise-page';
import { startOptionsPage } from './options-page';

localisePage(document);
void startOptionsPage({ openStore });
