// Browser tests of the foedus UI in headless Chromium (Debian's), driven by
// playwright-core. Each page is opened, used as an analyst would, checked, and
// photographed into docs/screenshots/.
//
//   FOEDUS_URL=http://127.0.0.1:8080 node ui/tests/e2e.mjs
//
// FOEDUS_URL      the running server (default http://127.0.0.1:8080)
// SCREENSHOTS     where to save the screenshots (default docs/screenshots)
// CHROMIUM        the browser (default /usr/bin/chromium)
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.FOEDUS_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const SHOTS = resolve(process.env.SCREENSHOTS || join(here, '../../docs/screenshots'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  console.error(`e2e: no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM`);
  process.exit(2);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  console.error('e2e: playwright-core is not installed: run `npm install` in ui/');
  process.exit(2);
}

mkdirSync(SHOTS, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'foedus-e2e-'));
let context;
let page;
const errors = [];

before(async () => {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(30000);
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    // A 4xx answer the page shows to the user (a bad scenario) is not a page error.
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) {
      errors.push(`${page.url()}: console: ${m.text()}`);
    }
  });
  // Nothing may be fetched from outside the server.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(BASE) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    errors.push(`fetched from outside: ${url}`);
    return route.abort();
  });
});

after(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
});

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

function noErrors() {
  const found = errors.splice(0);
  assert.deepEqual(found, [], 'the page reported errors');
}

test('home: counts, and search finds agreements and states', async () => {
  await page.goto(`${BASE}/`);
  await page.waitForSelector('.stat .n');
  const n = Number((await page.textContent('.stat .n')).replace(/[^0-9]/g, ''));
  assert.ok(n >= 36, `agreements counted: ${n}`);
  await page.fill('#home-q', 'Japan');
  await page.waitForSelector('#home-results a.result');
  const text = await page.textContent('#home-results');
  assert.match(text, /Japan/);
  assert.match(text, /Security|Cooperation/);
  await shot('home');
  noErrors();
});

test('header search suggests and opens an agreement', async () => {
  await page.fill('#global-q', 'security treaty japan');
  await page.waitForSelector('#suggest a.sg[href^="/agreements/"]');
  await page.click('#suggest a.sg[href^="/agreements/"]');
  await page.waitForSelector('h2:has-text("Directed obligations")');
  assert.match(page.url(), /\/agreements\//);
  noErrors();
});

test('agreements: filters, then open an agreement', async () => {
  await page.goto(`${BASE}/agreements?party=USA&in_force=today`);
  await page.waitForSelector('table.agreements tbody tr');
  const rows = await page.locator('table.agreements tbody tr').count();
  assert.ok(rows > 5, `rows: ${rows}`);
  assert.match(await page.textContent('.pager'), /agreements · status on/);
  await shot('agreements');
  await page.fill('input[name=q]', 'japan');
  await page.click('#filters button[type=submit]');
  await page.waitForURL(/q=japan/);
  await page.click('a[href="/agreements/us-japan-security-treaty-1960"]');
  await page.waitForSelector('table.obligations');
  noErrors();
});

test('agreement page: parties, directed obligations, conditions, timeline, next dates, sources', async () => {
  await page.goto(`${BASE}/agreements/us-japan-security-treaty-1960`);
  await page.waitForSelector('table.obligations tbody tr');
  const obligations = await page.textContent('table.obligations');
  assert.match(obligations, /United States of America/);
  assert.match(obligations, /defense/);
  assert.match(obligations, /only in home territory/);
  assert.ok(await page.locator('ol.timeline li').count() >= 3);
  assert.match(await page.textContent('ol.timeline'), /entered into force/);
  assert.match(await page.textContent('.page-head'), /in force/);
  assert.match(await page.textContent('.sidecol'), /Clauses/);
  assert.match(await page.textContent('.sidecol'), /Sources/);
  await shot('agreement');
  // Status on a past date.
  await page.fill('#at-form input[name=at]', '1959-01-01');
  await page.click('#at-form button');
  await page.waitForURL(/at=1959-01-01/);
  await page.waitForSelector('.status-line:has-text("1959-01-01")');
  assert.match(await page.textContent('.page-head'), /not yet signed|not signed/);
  noErrors();
});

test('state page: commitments over time, partners on the map, place in the network', async () => {
  await page.goto(`${BASE}/states/ROK?on=2015-06-01`);
  await page.waitForSelector('svg.worldmap path.land');
  assert.ok(await page.locator('svg.worldmap path.land.defense').count() >= 1, 'a defense partner is on the map');
  assert.ok(await page.locator('svg.worldmap path.land.self').count() === 1, 'the state itself is on the map');
  assert.ok(await page.locator('table.commitments tbody tr').count() >= 3);
  await page.waitForSelector('#place table.kv');
  assert.match(await page.textContent('#place'), /ties \(partners\)/);
  assert.ok(await page.locator('#years canvas').count() >= 1);
  await shot('state');
  noErrors();
});

test('network: the year slider redraws the network', async () => {
  const started = Date.now();
  await page.goto(`${BASE}/network?year=2000`);
  await page.waitForSelector('#cy[data-ready="true"][data-year="2000"]');
  const ready = Date.now() - started;
  console.log(`# network page for 2000 interactive ${ready} ms after navigation`);
  const ties2000 = Number(await page.textContent('#tie-count'));
  assert.ok(ties2000 > 1000 && ties2000 < 1300, `defense ties in 2000: ${ties2000}`);
  assert.ok(await page.locator('#blocs p').count() >= 2, 'blocs are listed');
  await page.waitForSelector('#cy[data-layout="done"]');
  console.log(`# network layout for 2000 done ${Date.now() - started} ms after navigation`);
  await shot('network');
  // Move the slider to 1950.
  await page.locator('#year').evaluate((el) => { el.value = '1950'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.waitForSelector('#cy[data-ready="true"][data-year="1950"]');
  const ties1950 = Number(await page.textContent('#tie-count'));
  assert.notEqual(ties1950, ties2000);
  assert.match(await page.textContent('#summary h3'), /1950/);
  assert.match(page.url(), /year=1950/);
  noErrors();
});

test('trends: charts of agreements in force', async () => {
  await page.goto(`${BASE}/trends`);
  await page.waitForSelector('#c-family canvas');
  await page.waitForSelector('#c-kind canvas');
  await page.waitForSelector('#c-dca canvas');
  await page.waitForTimeout(500);
  await shot('trends');
  noErrors();
});

test('calendar: dates ahead by month', async () => {
  await page.goto(`${BASE}/calendar?from=2025-01-01&to=2030-12-31`);
  await page.waitForSelector('ul.cal li');
  assert.ok(await page.locator('ul.cal li').count() >= 3);
  assert.match(await page.textContent('#out'), /renew|expir|notice|force/i);
  const ics = await page.getAttribute('a.button[href*="format=ics"]', 'href');
  assert.match(ics, /format=ics/);
  await shot('calendar');
  noErrors();
});

test('scenarios: casus foederis and a cascade simulation', async () => {
  await page.goto(`${BASE}/scenarios`);
  await page.click('#run-casus');
  await page.waitForSelector('.result-casus table.findings tbody tr');
  const casus = await page.textContent('.result-casus');
  assert.match(casus, /United States of America/);
  assert.match(casus, /triggered/);
  await shot('casus');
  await page.fill('#sim input[name=runs]', '1000');
  await page.click('#run-sim');
  await page.waitForSelector('#simout[data-done="true"]');
  assert.ok(await page.locator('#simout canvas').count() >= 2, 'the distributions are drawn');
  assert.match(await page.textContent('.result-sim'), /Coalition sizes/);
  await page.evaluate(() => document.querySelector('.result-sim').scrollIntoView({ block: 'start' }));
  await page.evaluate(() => window.scrollBy(0, -70));
  await shot('scenarios');
  // A bad scenario shows the API's message.
  await page.fill('#sc input[name=target]', 'PRK');
  await page.click('#run-casus');
  await page.waitForSelector('#casus .error-box');
  assert.match(await page.textContent('#casus .error-box'), /same state/);
  noErrors();
});

test('states list and the API page', async () => {
  await page.goto(`${BASE}/states?q=korea`);
  await page.waitForSelector('table.states tbody tr');
  assert.match(await page.textContent('table.states'), /South Korea/);
  await shot('states');
  await page.goto(`${BASE}/api/v1/docs`);
  await page.waitForSelector('section.op');
  assert.match(await page.textContent('main'), /casus-foederis/);
  await shot('api');
  noErrors();
});
