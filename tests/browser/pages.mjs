// pages.mjs - the checks made on every page in every interface language: the status, <html
// lang> and dir, no axe-core violation of WCAG 2.0/2.1 A and AA, and full-page screenshots
// at a phone's and a desktop's width with no horizontal overflow at either.
//
// A "visitor" is a pair of browser contexts sharing the same cookies: `plain` sees the page
// as served, under its Content-Security-Policy; `axe` bypasses that policy, only so that
// axe-core's script can be added to the page (the policy allows no inline script).

import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { guardedContext } from './browser.mjs';

export const LANGUAGES = ['fr', 'en', 'es', 'ar'];
const WIDTHS = [360, 1280];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const TIMEOUT_MS = 15000;

export function withLang(address, lang) {
  return address + (address.includes('?') ? '&' : '?') + 'lang=' + lang;
}

// The folder is kept: each run writes over the files of the pages it checks.
export function prepareScreenshots(dir) {
  mkdirSync(dir, { recursive: true });
}

// One page of each context per language, so that the languages are checked side by side.
export async function makeVisitor(browser, log, storageState) {
  const shared = storageState ? { storageState } : {};
  const plain = await guardedContext(browser, log, shared);
  const axe = await guardedContext(browser, log, { ...shared, bypassCSP: true });
  for (const context of [plain, axe])
    context.setDefaultTimeout(TIMEOUT_MS);
  const visitor = { plain, axe, pages: {} };
  for (const lang of LANGUAGES)
    visitor.pages[lang] = { plain: await plain.newPage(), axe: await axe.newPage() };
  visitor.close = async () => {
    await plain.close();
    await axe.close();
  };
  return visitor;
}

export function loadAxe(nodeModules) {
  return readFileSync(path.join(nodeModules, 'axe-core', 'axe.min.js'), 'utf8');
}

function describeViolations(violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`${v.id} (${v.impact}): ${v.help}`);
    for (const node of v.nodes.slice(0, 8)) {
      lines.push(`  at ${node.target.join(' ')}`);
      const why = [...node.any, ...node.all, ...node.none].map((c) => c.message).filter(Boolean);
      if (why.length > 0)
        lines.push(`     ${why[0]}`);
    }
    if (v.nodes.length > 8)
      lines.push(`  … and ${v.nodes.length - 8} more`);
  }
  return lines.join('\n');
}

// Opens the page: spec.open(page, address) when the page needs more than a visit (a form
// sent empty), else a plain visit. Gives the main response's status.
async function openPage(page, spec, address) {
  const response = spec.open ? await spec.open(page, address) : await page.goto(address);
  if (!response)
    throw new Error(`no response for ${address}`);
  return response.status();
}

async function checkLanguage(page, lang) {
  const { htmlLang, dir } = await page.evaluate(() => ({
    htmlLang: document.documentElement.getAttribute('lang'),
    dir: document.documentElement.getAttribute('dir'),
  }));
  const wanted = lang === 'ar' ? 'rtl' : 'ltr';
  if (htmlLang !== lang || dir !== wanted)
    throw new Error(`<html lang="${htmlLang}" dir="${dir}">, ` +
      `wanted lang="${lang}" dir="${wanted}"`);
}

async function runAxe(page, axeSource) {
  if (!(await page.evaluate(() => typeof window.axe === 'object')))
    await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations'],
  }), AXE_TAGS);
  if (result.violations.length > 0)
    throw new Error(describeViolations(result.violations));
}

async function checkWidth(page, file, width) {
  await page.setViewportSize({ width, height: 800 });
  await page.screenshot({ path: file, fullPage: true });
  const size = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  if (size.scroll > size.client)
    throw new Error(`scrollWidth ${size.scroll} > clientWidth ${size.client}: the page is wider ` +
      `than the window (${path.basename(file)})`);
}

async function checkInLanguage(run, pages, spec, lang, report) {
  const address = withLang(run.base + spec.path, lang);
  const label = `${spec.name} [${lang}]`;
  const wantedStatus = spec.status || 200;

  const first = `${label} answers ${wantedStatus}, <html lang dir> right, axe finds nothing`;
  await report.check(first, async () => {
    const status = await openPage(pages.axe, spec, address);
    if (status !== wantedStatus)
      throw new Error(`status ${status}, wanted ${wantedStatus} (${spec.path})`);
    await checkLanguage(pages.axe, lang);
    await runAxe(pages.axe, run.axeSource);
  });

  const opened = await report.check(`${label} opens under the page's own CSP`, async () => {
    await pages.plain.setViewportSize({ width: WIDTHS[0], height: 800 });
    const status = await openPage(pages.plain, spec, address);
    if (status !== wantedStatus)
      throw new Error(`status ${status}, wanted ${wantedStatus} (${spec.path})`);
    if (spec.expect)
      await spec.expect(pages.plain);
  });
  if (!opened)
    return;
  for (const width of WIDTHS) {
    const file = path.join(run.screenshots, `${spec.name}-${lang}-${width}.png`);
    await report.check(`${label} at ${width} px: no horizontal overflow`,
      () => checkWidth(pages.plain, file, width));
  }
}

// spec: {name, path (from the server's root), status (default 200), open?, expect?}.
// expect(page) runs on the page as served, after it opened, and throws what is wrong.
// The four languages are checked side by side; their lines are printed in order.
export async function checkPage(run, visitor, spec) {
  const buffers = LANGUAGES.map(() => run.report.buffer());
  await Promise.all(LANGUAGES.map((lang, i) =>
    checkInLanguage(run, visitor.pages[lang], spec, lang, buffers[i])));
  buffers.forEach(run.report.flush);
}
