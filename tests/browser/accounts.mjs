// accounts.mjs - the logged-in areas, reached as people reach them: a coordinator opens the
// set-up link and chooses a passphrase; an organization applies with the /endorse form; the
// coordinator approves it by clicking and gets an invitation link; an editor opens it and
// chooses a login and a passphrase. Each step is one check; each area's pages are then
// checked like the public ones.

import { guardedContext, clickAndLoad } from './browser.mjs';
import { makeVisitor, checkPage } from './pages.mjs';

const COORDINATOR = 'coord-browser';
const EDITOR = 'editor-browser';
const PASSPHRASE = 'lantern orchard velvet 2718';
const APPLICANT = 'Atelier Passerelle Essai';

// Sends the welcome form (set-up or invitation) and waits for the area's home.
async function welcome(page, link, login, area) {
  await page.goto(link);
  if (login)
    await page.locator('#login').fill(login);
  await page.locator('#passphrase').fill(PASSPHRASE);
  await page.locator('#passphrase2').fill(PASSPHRASE);
  await clickAndLoad(page, page.locator('form.account-form button[type=submit]'));
  if (new URL(page.url()).pathname !== area)
    throw new Error(`the welcome form led to ${page.url()}, wanted ${area}`);
}

function pathOf(address) {
  const u = new URL(address);
  return u.pathname + u.search;
}

// A context of its own for a person, with a page; the caller closes it.
async function personPage(run) {
  const context = await guardedContext(run.browser, run.log);
  context.setDefaultTimeout(15000);
  return { context, page: await context.newPage() };
}

// The coordinator's pages: set-up link, then every page of the area. Gives the logged-in
// coordinator {context, page}, or null when setting up failed.
export async function checkCoordinator(run, server, ids) {
  const { report } = run;
  let link = '';
  if (!(await report.check('coordinator add prints a set-up link', () => {
    link = server.addCoordinator(COORDINATOR);
  })))
    return null;
  // The welcome page, before the link is used (a visit does not use it up).
  const visitor = await makeVisitor(run.browser, run.log);
  await checkPage(run, visitor, { name: 'welcome-coordinator', path: pathOf(link) });
  await visitor.close();

  const coordinator = await personPage(run);
  if (!(await report.check('coordinator: set-up link → passphrase → /coordinate',
    () => welcome(coordinator.page, link, null, '/coordinate')))) {
    await coordinator.context.close();
    return null;
  }
  const area = await makeVisitor(run.browser, run.log, await coordinator.context.storageState());
  const pages = [
    { name: 'coordinate', path: '/coordinate' },
    { name: 'coordinate-organizations', path: '/coordinate/organizations' },
    { name: 'coordinate-stale', path: '/coordinate/stale' },
    { name: 'coordinate-reports', path: '/coordinate/reports' },
    { name: 'coordinate-organization', path: `/coordinate/organizations/${ids.first}` },
    { name: 'account-passphrase', path: '/account/passphrase' },
  ];
  for (const spec of pages)
    await checkPage(run, area, spec);
  await area.close();
  return coordinator;
}

// Applies with the /endorse form, as an organization would. Gives nothing; throws.
async function apply(run) {
  const applicant = await personPage(run);
  try {
    const page = applicant.page;
    await page.goto(`${run.base}/endorse?lang=en`);
    await page.locator('form.endorse-form input[name=name]').fill(APPLICANT);
    await page.locator('form.endorse-form input[name=categories][value=advocacy]').check();
    await page.locator('form.endorse-form input[name=commitment][value=status-for-all]').check();
    await page.locator('#contact_name').fill('Rosa Essai');
    await page.locator('#contact_email').fill('rosa@example.org');
    await clickAndLoad(page, page.locator('form.endorse-form button[type=submit]').last());
    if (!page.url().includes('/endorse?done=1'))
      throw new Error(`the application led to ${page.url()}`);
  } finally {
    await applicant.context.close();
  }
}

// The coordinator opens the application from the queue and approves it; gives the link.
async function approve(coordinator) {
  const page = coordinator.page;
  await page.goto(new URL('/coordinate?lang=en', page.url()).href);
  await clickAndLoad(page, page.locator('table.coord-table a', { hasText: APPLICANT }));
  const approving = page.locator('input[name=action][value=approve]');
  const form = page.locator('form.coord-action', { has: approving });
  await clickAndLoad(page, form.locator('button[type=submit]'));
  const link = (await page.locator('.coord-invitation code').innerText()).trim();
  if (!/\/account\/welcome\?token=/.test(link))
    throw new Error(`no invitation link after approving: "${link}"`);
  return { link, application: new URL(page.url()).pathname };
}

// An application, its approval, the invitation and the editors' pages.
export async function checkEditor(run, coordinator) {
  const { report } = run;
  if (!(await report.check('endorse form: an application is sent by clicking', () => apply(run))))
    return;
  let invitation = null;
  const approved = 'coordinator: application opened from the queue and approved';
  if (!(await report.check(approved, async () => {
    invitation = await approve(coordinator);
  })))
    return;
  const coordState = await coordinator.context.storageState();
  const coordArea = await makeVisitor(run.browser, run.log, coordState);
  await checkPage(run, coordArea, { name: 'coordinate-application', path: invitation.application });
  await coordArea.close();

  const visitor = await makeVisitor(run.browser, run.log);
  await checkPage(run, visitor, { name: 'welcome-editor', path: pathOf(invitation.link) });
  await visitor.close();

  const editor = await personPage(run);
  try {
    if (!(await report.check('editor: invitation link → login and passphrase → /edit',
      () => welcome(editor.page, invitation.link, EDITOR, '/edit'))))
      return;
    const area = await makeVisitor(run.browser, run.log, await editor.context.storageState());
    for (const spec of [
      { name: 'edit', path: '/edit' },
      { name: 'edit-organization', path: '/edit/organization' },
      { name: 'edit-history', path: '/edit/history' },
      { name: 'edit-tokens', path: '/edit/tokens' },
    ])
      await checkPage(run, area, spec);
    await area.close();
  } finally {
    await editor.context.close();
  }
}
