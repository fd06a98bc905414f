// path.mjs - what a support worker does, by clicking only: search from the home page, narrow
// with the filters and then a facet link, open a listing, come back, pick two listings and
// make the referral sheet with its text-message version. Run with JavaScript on and off.

import { clickAndLoad } from './browser.mjs';

const WORD = 'clinique';
const CATEGORY = 'health';
// A result's name links to its page: in .result-name, or in the result's heading.
const RESULT_LINK = ':is(.result-name, article.result h2) a';

async function resultCount(page) {
  const text = await page.locator('.count strong').first().innerText();
  const count = Number.parseInt(text.replace(/[^0-9]/g, ''), 10);
  if (!Number.isFinite(count))
    throw new Error(`the result count "${text}" is not a number`);
  return count;
}

// The number a facet link shows (the last run of digits in its text), or -1.
function facetNumber(text) {
  const runs = text.match(/[0-9]+/g);
  return runs ? Number(runs[runs.length - 1]) : -1;
}

// The facet link to follow: one that keeps at least two listings (two are needed for the
// referral sheet) and narrows the results, or else the first that keeps two.
async function chooseFacet(page, current) {
  const links = page.locator('nav.facets a');
  const total = await links.count();
  if (total === 0)
    throw new Error('no link in nav.facets');
  let fallback = -1;
  for (let i = 0; i < total; i++) {
    const n = facetNumber(await links.nth(i).innerText());
    if (n >= 2 && n < current)
      return links.nth(i);
    if (n >= 2 && fallback < 0)
      fallback = i;
  }
  if (fallback < 0)
    throw new Error('no facet link keeps two listings or more');
  return links.nth(fallback);
}

// The filters are either folded on the results page (details.filters) or on a page of
// their own, reached by the link .filters-link a.
async function openFilters(page) {
  const folded = page.locator('details.filters summary');
  if (await folded.count() > 0)
    await folded.first().click();
  else
    await clickAndLoad(page, page.locator('.filters-link a').first());
}

export async function checkPath(run, context, mode) {
  const { report, base } = run;
  const page = await context.newPage();
  const step = (what, fn) => report.check(`path (${mode}): ${what}`, fn);
  const counts = {};
  let chosen = [];

  const steps = [
    ['home → search box → results', async () => {
      await page.goto(`${base}/?lang=en`);
      await page.locator('form.search-form input[name=q]').fill(WORD);
      await clickAndLoad(page, page.locator('form.search-form button[type=submit]').first());
      if (!/\/search\?/.test(page.url()) || !page.url().includes(`q=${WORD}`))
        throw new Error(`the search led to ${page.url()}`);
      counts.search = await resultCount(page);
      if (counts.search < 2)
        throw new Error(`"${WORD}" found ${counts.search} organizations, wanted 2 or more`);
    }],
    ['filters → a category → apply: results narrowed', async () => {
      await openFilters(page);
      await page.locator(`input[name=category][value=${CATEGORY}]`).check();
      const form = page.locator('form', { has: page.locator('input[name=category]') });
      await clickAndLoad(page, form.locator('.actions button[type=submit]'));
      if (!page.url().includes(`category=${CATEGORY}`))
        throw new Error(`the filters led to ${page.url()}`);
      counts.filtered = await resultCount(page);
      const chips = await page.locator('.chips li').count();
      if (!(counts.filtered < counts.search || chips > 0))
        throw new Error(`still ${counts.filtered} results and no filter chip`);
    }],
    ['a facet link narrows the results', async () => {
      const link = await chooseFacet(page, counts.filtered);
      await clickAndLoad(page, link);
      counts.facet = await resultCount(page);
      if (counts.facet < 2 || counts.facet > counts.filtered)
        throw new Error(`${counts.facet} results after the facet link, had ${counts.filtered}`);
    }],
    ['first result → its page with its name in <h1>', async () => {
      const first = page.locator(RESULT_LINK).first();
      const name = (await first.innerText()).trim();
      await clickAndLoad(page, first);
      const h1 = (await page.locator('h1').first().innerText()).trim();
      if (!/\/organizations\//.test(page.url()) || !h1.includes(name))
        throw new Error(`at ${page.url()} the <h1> is "${h1}", wanted "${name}"`);
    }],
    ['back → two listings ticked → referral sheet lists both', async () => {
      await page.goBack({ waitUntil: 'load' });
      const boxes = page.locator('#referral-form input[name=ids]');
      if (await boxes.count() < 2)
        throw new Error('fewer than two "Add to the referral sheet" boxes in #referral-form');
      chosen = [];
      for (let i = 0; i < 2; i++) {
        const id = await boxes.nth(i).getAttribute('value');
        const link = page.locator(`${RESULT_LINK}[href*="${id}"]`).first();
        const name = (await link.innerText()).trim();
        await boxes.nth(i).check();
        chosen.push({ id, name });
      }
      await clickAndLoad(page, page.locator('#referral-submit'));
      if (!/\/referral\?/.test(page.url()))
        throw new Error(`the referral form led to ${page.url()}`);
      const items = page.locator('.referral-item');
      if (await items.count() !== 2)
        throw new Error(`${await items.count()} .referral-item, wanted 2`);
      const sheet = await page.locator('main').innerText();
      for (const { name } of chosen)
        if (!sheet.includes(name))
          throw new Error(`the sheet does not name "${name}"`);
    }],
    ['the text-message version names both and has no link', async () => {
      const sms = await page.locator('#sms-text').inputValue();
      for (const { name } of chosen)
        if (!sms.includes(name))
          throw new Error(`#sms-text does not name "${name}": ${sms}`);
      if (/http/i.test(sms))
        throw new Error(`#sms-text contains "http": ${sms}`);
    }],
  ];

  // Each step needs the one before: after a failure the rest are reported as not run.
  let failedAt = null;
  for (const [what, fn] of steps) {
    if (failedAt) {
      report.fail(`path (${mode}): ${what}`, `not run: "${failedAt}" failed`);
      continue;
    }
    if (!(await step(what, fn)))
      failedAt = what;
  }
  await page.close();
}
