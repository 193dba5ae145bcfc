/**
 * Every listener of the background, registered synchronously when the worker starts (MV3: listeners added
 * later miss the event that woke the worker). Listeners return promises that never reject, except the
 * message listener's answers, which reject on purpose to tell the sender why.
 */
import browser from 'webextension-polyfill';
import { onCommand } from './commands';
import { onInstalled, onTabRemoved, onTabUpdated, requestPersistence } from './lifecycle';
import { handleMessage } from './message-router';
import { onSessionChanged } from './results-cache';
import { watchSettings } from './settings-cache';
import { syncSites, watchSiteGrants } from './site-access';

export function registerBackground(): void {
  browser.runtime.onMessage.addListener(handleMessage);
  watchSettings();
  browser.storage.onChanged.addListener(onSessionChanged);
  watchSiteGrants();
  browser.runtime.onInstalled.addListener((details) => {
    void onInstalled(details);
    // Per-site build: grants survive an update or a reload, the registration is renewed from them.
    void syncSites();
  });
  browser.runtime.onStartup.addListener(() => {
    void requestPersistence();
    void syncSites();
  });
  browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
    void onTabUpdated(tabId, changeInfo);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    void onTabRemoved(tabId);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    void onCommand(command, tab);
  });
}
