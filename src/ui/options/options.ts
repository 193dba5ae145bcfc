/** Entry of the options page (manifest `options_ui`). */
import { openStore } from '../../store/open-store';
import { startOptionsPage } from './options-page';

void startOptionsPage({ openStore });
