/**
 * Every listener of the background, registered synchronously when the worker starts (MV3: listeners added
 * later miss the event that woke the worker). Listeners return promises that never reject, except the
 * message listener's answers, which reject on purpose to tell the sender why.
 */
import browser from 'webextension-polyfill';
import { onCommand } from './commands';
import { migrateSettings } from '../shared/settings';
import { onInstalled, onTabRemoved, onTabUpdated, requestPersistence } from './lifecycle';
import { handleMessage } from './message-router';
import { onSessionChanged } from './results-cache';
import { watchSettings } from './settings-cache';
import { syncSites, watchSiteGrants } from './site-access';

export function registerBackground(): void {
  browser.runtime.onMessage.addListener(handleMessage);
  // A change of the site lists (here, or from another browser through storage.sync) re-registers the content script.
  watchSettings(() => void syncSites());
  browser.storage.onChanged.addListener(onSessionChanged);
  watchSiteGrants();
  browser.runtime.onInstalled.addListener((details) => {
    void onInstalled(details);
    // Settings of an older shape are saved again as the current one (and so reach storage.sync); the
    // registration is made (install) or renewed (update, reload: grants and settings survive them).
    void migrateSettings()
      .catch(() => false)
      .then(() => syncSites());
  });
  browser.runtime.onStartup.addListener(() => {
    void requestPersistence();
    void syncSites();
  });
  // Every worker start too: cheap when nothing changed (one read of the registration and the settings),
  // and it repairs a registration lost or refused earlier. Serialised with the calls above (serialSync).
  void syncSites();
  browser.tabs.onUpdated.addListener((tabId, changeInfo, tab) => {
    void onTabUpdated(tabId, changeInfo, tab);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    void onTabRemoved(tabId);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    void onCommand(command, tab);
  });
}
