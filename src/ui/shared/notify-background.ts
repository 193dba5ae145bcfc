/** Fire-and-forget notices from extension pages to the background. */
import type { BackgroundMessages } from '../../shared/messages';
import { sendToBackground } from '../../shared/send';

type Notice = 'corpus-changed' | 'settings-changed';

/**
 * Tells the background that something changed. A page keeps working when the background cannot be reached
 * (it is restarting, or the extension is being updated): the background also re-reads the store's
 * generation and the settings when it next starts, so a lost notice only delays the update.
 */
export async function notifyBackground(type: Notice): Promise<void> {
  try {
    await sendToBackground<Notice & keyof BackgroundMessages>(type, {});
  } catch {
    // Nothing to do: see above.
  }
}
