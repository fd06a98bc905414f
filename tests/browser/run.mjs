// run.mjs - the browser tests: `node tests/browser/run.mjs path/to/solidarityd`.
//
// Starts the directory on a free loopback port with the fixtures loaded, then, in Debian's
// chromium (headless), checks every page in fr, en, es and ar (pages.mjs), the path from a
// search to a referral sheet by clicking with JavaScript on and off (path.mjs), and the
// coordinators' and editors' areas (accounts.mjs). Any request a page makes to a host other
// than 127.0.0.1 is stopped and fails the run. Screenshots go to tests/browser/screenshots/.
// Prints one line per check and "browser: N passed, N failed"; exits 1 if anything failed.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { launchBrowser, guardedContext, makeRequestLog, clickAndLoad } from './browser.mjs';
import { makeReport } from './report.mjs';
import { makeVisitor, checkPage, loadAxe, prepareScreenshots } from './pages.mjs';
import { checkPath } from './path.mjs';
import { checkDeviceLocation } from './locate.mjs';
import { checkCoordinator, checkEditor } from './accounts.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');

async function getJson(address) {
  const response = await fetch(address);
  if (!response.ok)
    throw new Error(`${address}: status ${response.status}`);
  return response.json();
}

// Organization ids the pages need: two results of a search from the API, and a listed
// organization with a confidential location, found in the demo fixture and confirmed by the
// API.
async function findIds(base) {
  const found = await getJson(`${base}/api/v1/search?q=clinique&per_page=2`);
  if (found.contents.length < 2)
    throw new Error('the search for "clinique" found fewer than two organizations');
  const demo = JSON.parse(readFileSync(path.join(REPO, 'fixtures', 'demo-services.json'), 'utf8'));
  let confidential = null;
  for (const org of demo.organizations) {
    if (!(org.locations || []).some((place) => place.confidential === true))
      continue;
    const listed = await getJson(`${base}/api/v1/organizations/${org.id}`).catch(() => null);
    if (listed && listed.locations.some((place) => place.confidential === true)) {
      confidential = org.id;
      break;
    }
  }
  return { first: found.contents[0].id, second: found.contents[1].id, confidential };
}

// The /endorse form sent empty (the browser's own checks turned off), to see its errors.
async function sendEmptyEndorsement(page, address) {
  await page.goto(address);
  await page.evaluate(() => { document.querySelector('form.endorse-form').noValidate = true; });
  const answer = page.waitForResponse((r) => r.request().method() === 'POST');
  await clickAndLoad(page, page.locator('form.endorse-form button[type=submit]').last());
  return answer;
}

async function expectVisible(page, selector) {
  if (!(await page.locator(selector).first().isVisible()))
    throw new Error(`${selector} is not shown`);
}

function publicPages(ids) {
  const pages = [
    { name: 'home', path: '/' },
    { name: 'search-all', path: '/search' },
    { name: 'search-word', path: '/search?q=clinique' },
    { name: 'search-filters', path: '/search?category=health&commitment=no-status-questions' },
    { name: 'search-filters-form', path: '/search/filters?q=clinique&category=health' },
    { name: 'search-nothing', path: '/search?q=zzzzqqqq' },
    { name: 'organization', path: `/organizations/${ids.first}` },
    { name: 'about', path: '/about' },
    { name: 'not-found', path: '/no-such-page', status: 404 },
    { name: 'endorse', path: '/endorse' },
    { name: 'endorse-errors', path: '/endorse', status: 400, open: sendEmptyEndorsement,
      expect: (page) => expectVisible(page, '#form-error') },
    { name: 'endorse-done', path: '/endorse?done=1' },
    { name: 'report', path: `/organizations/${ids.first}/report` },
    { name: 'login', path: '/login' },
    { name: 'referral', path: `/referral?ids=${ids.first},${ids.second}`,
      expect: async (page) => {
        await expectVisible(page, 'h1');
        const items = await page.locator('.referral-item').count();
        if (items !== 2)
          throw new Error(`${items} .referral-item, wanted 2`);
        await expectVisible(page, '#sms-text');
      } },
  ];
  if (ids.confidential) {
    const after = pages.findIndex((spec) => spec.name === 'organization') + 1;
    pages.splice(after, 0,
      { name: 'organization-confidential', path: `/organizations/${ids.confidential}` });
  }
  return pages;
}

async function checkEverything(run, server) {
  const { report } = run;
  let ids = null;
  if (!(await report.check('the API gives the organizations the pages need', async () => {
    ids = await findIds(run.base);
    if (!ids.confidential)
      throw new Error('no listed organization with a confidential location in the demo fixture');
  })) && !ids)
    return;

  const visitor = await makeVisitor(run.browser, run.log);
  for (const spec of publicPages(ids))
    await checkPage(run, visitor, spec);
  await visitor.close();

  const modes = [['JavaScript on', {}], ['JavaScript off', { javaScriptEnabled: false }]];
  for (const [mode, options] of modes) {
    const context = await guardedContext(run.browser, run.log, options);
    context.setDefaultTimeout(15000);
    await checkPath(run, context, mode);
    await context.close();
  }

  await checkDeviceLocation(run, guardedContext);

  const coordinator = await checkCoordinator(run, server, ids);
  if (coordinator) {
    await checkEditor(run, coordinator);
    await coordinator.context.close();
  }
}

async function main() {
  const bin = process.argv[2];
  if (!bin) {
    console.error('usage: node tests/browser/run.mjs path/to/solidarityd');
    return 2;
  }
  const report = makeReport();
  const log = makeRequestLog();
  const screenshots = path.join(HERE, 'screenshots');
  prepareScreenshots(screenshots);
  const started = Date.now();

  const server = await startServer(path.resolve(bin), REPO);
  let browser = null;
  try {
    browser = await launchBrowser();
    const run = { report, log, browser, base: server.base, screenshots,
      axeSource: loadAxe(path.join(HERE, 'node_modules')) };
    await checkEverything(run, server);
  } catch (err) {
    report.fail('the browser tests ran to the end', err && err.stack ? err.stack : err);
  } finally {
    if (browser)
      await browser.close();
    await server.stop();
  }

  if (log.outside.length === 0)
    report.ok(`no request left 127.0.0.1 (${log.seen} requests made by the pages)`);
  else
    report.fail('no request left 127.0.0.1', [...new Set(log.outside)].join('\n'));
  console.log(`browser: screenshots in ${path.relative(process.cwd(), screenshots) || '.'}/, ` +
    `${((Date.now() - started) / 1000).toFixed(1)} s`);
  return report.summary() ? 0 : 1;
}

process.exitCode = await main();
