// locate.mjs - the optional "use my device location" button (client-web/static/app.js):
// with JavaScript on and a position granted, it puts the position in the near= field
// rounded to two decimals and sends nothing by itself; the search then carries only that
// rounded value. With JavaScript off the button stays hidden.

const PRECISE = { latitude: 45.523456, longitude: -73.581234 };

export async function checkDeviceLocation(run, guardedContext) {
  const { report } = run;
  const context = await guardedContext(run.browser, run.log, {
    geolocation: PRECISE, permissions: ['geolocation'] });
  const page = await context.newPage();
  const sent = [];
  page.on('request', (request) => {
    if (!request.url().includes('/static/'))
      sent.push(request.url());
  });
  await report.check('device location: the near field gets the position rounded to 0.01°', async () => {
    await page.goto(`${run.base}/?lang=en`);
    const before = sent.length;
    await page.locator('button.locate').click();
    await page.waitForFunction(() => document.getElementById('near').value !== '');
    const value = await page.locator('#near').inputValue();
    if (value !== '45.52,-73.58')
      throw new Error(`near= is "${value}", wanted "45.52,-73.58"`);
    if (sent.length !== before)
      throw new Error(`the button itself sent ${sent.slice(before).join(', ')}`);
    await Promise.all([page.waitForURL(/\/search\?/), page.locator('form[role=search] button[type=submit]').first().click()]);
    const url = decodeURIComponent(page.url());
    if (url.includes('45.5234') || url.includes('73.5812') || !url.includes('near=45.52,-73.58'))
      throw new Error(`the search sent ${url}`);
  });
  await context.close();
  const off = await guardedContext(run.browser, run.log, { javaScriptEnabled: false });
  const plain = await off.newPage();
  await report.check('device location: without JavaScript the button stays hidden', async () => {
    await plain.goto(`${run.base}/?lang=en`);
    if (await plain.locator('button.locate').isVisible())
      throw new Error('the button shows without JavaScript');
  });
  await off.close();
}
