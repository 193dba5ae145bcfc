/** Keyboard commands (manifest `commands`): toggle highlights, step through passages. */
import type { Tabs } from 'webextension-polyfill';
import { sendToTab } from '../shared/send';
import { loadSettings, saveSettings } from '../shared/settings';
import { activeTabId } from './broadcast';

export async function onCommand(command: string, tab?: Tabs.Tab): Promise<void> {
  const tabId = typeof tab?.id === 'number' && tab.id >= 0 ? tab.id : await activeTabId();
  try {
    if (command === 'toggle-highlights') {
      // The setting is the truth (pages opened later follow it); the active tab is told at once.
      const settings = await loadSettings();
      const next = await saveSettings({ highlights: !settings.highlights });
      if (tabId !== null) await sendToTab(tabId, 'toggle-highlights', { visible: next.highlights });
    } else if (command === 'next-passage' || command === 'previous-passage') {
      if (tabId !== null) await sendToTab(tabId, 'step-passage', { direction: command === 'next-passage' ? 1 : -1 });
    }
  } catch {
    // No content script in that tab (a browser page, or one loaded before the install): nothing to do.
  }
}
