// browser.mjs - Debian's chromium, driven by playwright-core, kept on the loopback address.
// Every browser context made here records each request its pages make; a request to any
// host other than 127.0.0.1 is aborted before it leaves and kept as a failure.

import { chromium } from 'playwright-core';

// Debian's chromium; SD_CHROMIUM names another build of it.
export const CHROMIUM = process.env.SD_CHROMIUM || '/usr/bin/chromium';

// Flags that stop chromium's own traffic: updates, sync, metrics, safe browsing, hints...
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-default-apps',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
  '--no-pings',
  '--metrics-recording-only',
  '--safebrowsing-disable-auto-update',
  '--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication,' +
    'CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,' +
    'NetworkTimeServiceQuerying',
  '--dns-prefetch-disable',
  '--password-store=basic',
  '--use-mock-keychain',
];

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: QUIET_FLAGS });
}

function isLoopback(url) {
  try {
    const u = new URL(url);
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:')
      return true;
    return u.hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

// One log for the whole run: every request seen and those that were stopped.
export function makeRequestLog() {
  return { seen: 0, outside: [] };
}

// A context whose every request is recorded and routed: only 127.0.0.1 is let through.
export async function guardedContext(browser, log, options = {}) {
  const context = await browser.newContext({ locale: 'en-CA', ...options });
  context.on('request', (request) => {
    log.seen += 1;
    if (!isLoopback(request.url()))
      log.outside.push(request.url());
  });
  await context.route('**/*', async (route) => {
    if (isLoopback(route.request().url()))
      await route.continue();
    else
      await route.abort('blockedbyclient');
  });
  return context;
}

// Clicks and waits until the page the click leads to has loaded.
export async function clickAndLoad(page, locator) {
  const before = page.url();
  await locator.click();
  await page.waitForURL((url) => url.href !== before, { waitUntil: 'load' });
}
