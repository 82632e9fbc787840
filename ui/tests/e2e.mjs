// Browser tests of the foedus UI in headless Chromium (Debian's), driven by
// playwright-core. Each page is opened, used as an analyst would, checked, and
// photographed into docs/screenshots/.
//
//   FOEDUS_URL=http://127.0.0.1:8080 node ui/tests/e2e.mjs
//
// FOEDUS_URL      the running server (default http://127.0.0.1:8080)
// SCREENSHOTS     where to save the screenshots (default docs/screenshots)
// CHROMIUM        the browser (default /usr/bin/chromium)
// FOEDUS_TOKEN, FOEDUS_EDITOR_TOKEN, FOEDUS_REVIEWER_TOKEN
//                 an admin's, an editor's and a reviewer's API token, for the
//                 writes and the review flow (tests/browser.rs creates them)
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, existsSync, rmSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  console.error('e2e: playwright-core is not installed: run `npm ci` in ui/');
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
  // Each obligation with its article; identifiers as links, not JSON.
  assert.match(await page.textContent('table.obligations td.article'), /art V/);
  assert.doesNotMatch(await page.textContent('.sidecol'), /\{"/);
  // Each party's treaty actions: a captioned table per party, dates as row headers.
  await page.waitForSelector('#treaty-actions table.actions caption');
  const captions = await page.locator('#treaty-actions table.actions caption').allTextContents();
  assert.deepEqual(captions.map((c) => c.trim()), ['United States of America (USA)', 'Japan (JPN)']);
  const japan = await page.textContent('#treaty-actions table.actions >> nth=1');
  assert.match(japan, /domestic approval/);
  assert.match(japan, /National Diet/);
  assert.match(japan, /1960-06-19/);
  assert.ok(await page.locator('#treaty-actions th[scope="row"]').count() >= 6);
  assert.match(await page.textContent('ul.ids'), /TIAS 4509|TIAS\s+4509/);
  const atop = page.locator('.sidecol a[href^="/agreements/atop-"]').first();
  assert.match(await atop.getAttribute('href'), /source=atop/);
  // A citation in plain text and BibTeX, naming the sources.
  const cite = await page.textContent('section.citation');
  assert.match(cite, /@misc\{foedus-us-japan-security-treaty-1960,/);
  assert.match(cite, /Leeds/, 'ATOP is cited');
  // The documents attached (none here), and no attach form without a token.
  await page.waitForSelector('#documents h2 .muted');
  assert.match(await page.textContent('#documents'), /No documents attached/);
  assert.equal(await page.locator('#documents form#attach').count(), 0);
  await shot('agreement');
  // Status on a past date.
  await page.fill('#at-form input[name=at]', '1959-01-01');
  await page.click('#at-form button');
  await page.waitForURL(/at=1959-01-01/);
  await page.waitForSelector('.status-line:has-text("1959-01-01")');
  assert.match(await page.textContent('.page-head'), /not yet signed|not signed/);
  noErrors();
});

test('agreements: who must defend Japan, under which clauses', async () => {
  await page.goto(`${BASE}/agreements?obligation=defense&owed_to=JPN`);
  await page.waitForSelector('table.agreements tbody tr');
  const ids = await page.locator('table.agreements tbody tr td:first-child .small').allInnerTexts();
  assert.ok(ids.includes('us-japan-security-treaty-1960'), ids.join(', '));
  // Every agreement listed has a defense obligation owed to Japan (checked against the API).
  for (const id of ids.slice(0, 8)) {
    const d = await (await page.request.get(`${BASE}/api/v1/agreements/${id}`)).json();
    assert.ok(d.obligations.some((o) => o.kind === 'defense' && o.beneficiary.abbrev === 'JPN'), id);
  }
  assert.match(await page.textContent('details.counts'), /in force|terminated/);
  assert.match(await page.inputValue('input[name=owed_to]'), /JPN/);
  await page.click(`a[href="/agreements/us-japan-security-treaty-1960"]`);
  await page.waitForSelector('table.obligations td.article');
  assert.match(await page.textContent('table.obligations'), /art V/);
  noErrors();
});

test('state page: commitments over time, partners on the map, place in the network', async () => {
  await page.goto(`${BASE}/states/ROK?on=2015-06-01`);
  await page.waitForSelector('svg.worldmap path.land');
  assert.ok(await page.locator('svg.worldmap path.land.defense').count() >= 1, 'a defense partner is on the map');
  assert.ok(await page.locator('svg.worldmap path.land.self').count() === 1, 'the state itself is on the map');
  // The map as a table, opened by keyboard: the same partners, each with the tie the map colours.
  const api2015 = await (await page.request.get(`${BASE}/api/v1/states/ROK?on=2015-06-01`)).json();
  await page.focus('#map-table summary');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#map-table', 'open'), '');
  const listed = await page.locator('#map-table tbody tr').evaluateAll((rows) => rows.map((r) => [r.dataset.abbrev, r.dataset.tie]));
  assert.deepEqual(listed.map(([a]) => a).sort(), api2015.partners.map((p) => p.state.abbrev).sort());
  const onMap = await page.locator('svg.worldmap path.land[data-abbrev]:not([data-abbrev=""])').evaluateAll((ps) => ps.map((p) => [p.dataset.abbrev, p.getAttribute('class').replace('land ', '')]));
  assert.ok(onMap.length >= 1);
  const tie = new Map(listed);
  for (const [abbrev, cls] of onMap) assert.equal(tie.get(abbrev), cls, `${abbrev}: the table's tie is the map's colour`);
  assert.match(await page.textContent('#map-table tbody'), /defense ties/);
  assert.ok(await page.locator('table.commitments tbody tr').count() >= 3);
  await page.waitForSelector('#place table.kv');
  assert.match(await page.textContent('#place'), /ties \(partners\)/);
  assert.ok(await page.locator('#years canvas').count() >= 1);
  await shot('state');
  noErrors();
});

test('state page: its track record in the wars and disputes on record', async () => {
  await page.goto(`${BASE}/states/FRN`);
  await page.waitForSelector('#track-record table.track');
  const t = await (await page.request.get(`${BASE}/api/v1/states/FRN/track-record`)).json();
  const text = await page.textContent('#track-record');
  const a = t.as_obligor.all;
  assert.ok(text.includes(`${a.honoured} honoured, ${a.violated} violated, ${a.not_triggered} not triggered, ${a.undetermined} undetermined`), text.slice(0, 300));
  const shown = await page.locator('#track-record table.track >> nth=0').locator('tbody tr').count();
  assert.equal(shown, Math.min(100, t.as_obligor.cases.length));
  assert.ok(await page.locator('#track-record a[href^="/agreements/atop-"]').count() >= 1, 'each case links its agreement');
  noErrors();
});

test('state page: what changed in South Korea\'s commitments between 1991 and now', async () => {
  await page.goto(`${BASE}/states/ROK?on=2024-01-01&compare=1991-01-01`);
  await page.waitForSelector('#compare');
  const [then, now] = await Promise.all(['1991-01-01', '2024-01-01'].map(async (on) => (await page.request.get(`${BASE}/api/v1/states/ROK?on=${on}`)).json()));
  const text = await page.textContent('#compare');
  const head = await page.textContent('#compare p');
  assert.match(head, new RegExp(`${then.partners.length}\\s*partners on 1991-01-01`));
  assert.match(head, new RegExp(`${now.partners.length}\\s*partners on 2024-01-01`));
  const gained = now.partners.filter((p) => !then.partners.some((q) => q.state.abbrev === p.state.abbrev)).length;
  assert.match(await page.textContent('#compare h3:has-text("Partners gained")'), new RegExp(String(gained)));
  assert.ok(await page.locator('#compare a[href^="/agreements/"]').count() >= 1, 'the agreements that changed are linked');
  assert.equal(await page.inputValue('#on-form input[name=compare]'), '1991-01-01');
  await shot('state-compare');
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
  assert.match(await page.textContent('#summary h2'), /1950/);
  assert.match(page.url(), /year=1950/);
  noErrors();
});

test('network: Play steps the years, each drawn, by keyboard; Pause stops it', async () => {
  await page.goto(`${BASE}/network?year=1990`);
  await page.waitForSelector('#cy[data-ready="true"][data-year="1990"]');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
  await page.focus('#play');
  await page.keyboard.press('Space');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true');
  await page.waitForSelector('#cy[data-ready="true"][data-year="1992"]');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
  await page.waitForSelector('#cy[data-ready="true"]');
  const year = Number(await page.getAttribute('#cy', 'data-year'));
  assert.ok(year >= 1992, `played to ${year}`);
  await page.waitForTimeout(1000);
  assert.equal(Number(await page.getAttribute('#cy', 'data-year')), year, 'paused: the year stays');
  // The drawing, the summary, the slider and the address follow the year.
  assert.equal(await page.inputValue('#year'), String(year));
  assert.match(page.url(), new RegExp(`year=${year}`));
  assert.match(await page.textContent('#summary h2'), new RegExp(String(year)));
  const net = await (await page.request.get(`${BASE}/api/v1/network/${year}?ties=defense`)).json();
  assert.equal(Number(await page.textContent('#tie-count')), net.summary.ties);
  const drawn = await page.evaluate(() => document.querySelector('#net-table table')?.dataset.name);
  assert.equal(drawn, `network ${year}`);
  noErrors();
});

test('network: legend, find a state and its neighbourhood, a table view', async () => {
  await page.goto(`${BASE}/network?year=2000`);
  await page.waitForSelector('#cy[data-ready="true"][data-year="2000"]');
  assert.match(await page.textContent('#legend'), /defense/);
  await page.fill('#find input[name=focus]', 'JPN');
  await page.click('#find button');
  await page.waitForSelector('#neighbours:not([hidden]) #neighbour-list li');
  assert.match(await page.textContent('#neighbours h2'), /Japan in 2000/);
  assert.match(await page.textContent('#neighbour-list'), /United States/);
  assert.match(page.url(), /focus=JPN/);
  const n = await page.locator('#neighbour-list li').count();
  const net = await (await page.request.get(`${BASE}/api/v1/network/2000?ties=defense`)).json();
  const jpn = net.nodes.find((x) => x.abbrev === 'JPN');
  assert.equal(n, jpn.degree, 'every tie of Japan is listed');
  await page.click('#net-table summary');
  assert.ok(await page.locator('#net-table table tbody tr').count() > 50);
  noErrors();
});

test('trends: charts of agreements in force', async () => {
  await page.goto(`${BASE}/trends`);
  await page.waitForSelector('#c-family canvas');
  await page.waitForSelector('#c-kind canvas');
  await page.waitForSelector('#c-dca canvas');
  // The stacked layers add up to the agreements in force, year by year.
  const t = await (await page.request.get(`${BASE}/api/v1/trends`)).json();
  for (let i = 0; i < t.years.length; i++) {
    const sum = Object.values(t.by_main_family).reduce((n, v) => n + v[i], 0);
    assert.equal(sum, t.total[i], `layers in ${t.years[i]}`);
  }
  const meta = await (await page.request.get(`${BASE}/api/v1/meta`)).json();
  assert.ok(t.total[t.total.length - 1] <= meta.agreements);
  assert.equal(await page.getAttribute('#c-family', 'data-total'), String(t.total[t.total.length - 1]));
  await page.click('#t-family summary');
  assert.ok(await page.locator('#t-family table tbody tr').count() >= 10, 'a table view of the chart');
  // Each chart downloads as PNG and as SVG: the SVG a well-formed document with every series.
  assert.equal(await page.locator('.chart-tools button.svg').count(), 3);
  const [svgFile] = await Promise.all([page.waitForEvent('download'), page.click('#c-family + .chart-tools button.svg')]);
  assert.equal(svgFile.suggestedFilename(), 'c-family.svg');
  const svg = readFileSync(await svgFile.path(), 'utf8');
  assert.match(svg, /^<svg[\s>]/);
  assert.match(svg, /xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.equal(await page.evaluate((text) => new DOMParser().parseFromString(text, 'image/svg+xml').getElementsByTagName('parsererror').length, svg), 0, 'the SVG parses');
  const families = Object.keys(t.by_main_family).filter((k) => t.by_main_family[k].some((x) => x > 0));
  assert.ok(families.length >= 3);
  for (const k of families) assert.ok(svg.includes(`>${k.replace(/_/g, ' ')}<`), `the SVG names the series ${k}`);
  assert.ok((svg.match(/<path/g) || []).length >= families.length, 'the series are drawn');
  const [pngFile] = await Promise.all([page.waitForEvent('download'), page.click('#c-kind + .chart-tools button.png')]);
  assert.equal(pngFile.suggestedFilename(), 'c-kind.png');
  assert.deepEqual([...readFileSync(await pngFile.path()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
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
  // Japan's notice deadlines (the GSOMIA with South Korea): the list, its links and the ICS follow the filters.
  await page.check('input[name=kind][value=non_renewal_deadline]');
  await page.fill('#cf input[name=party]', 'JPN');
  await page.click('#cf button');
  await page.waitForURL(/kind=non_renewal_deadline/);
  await page.waitForSelector('ul.cal li');
  const kinds = await page.locator('ul.cal li .badge[class*="cal-"]').evaluateAll((els) => [...new Set(els.map((e) => e.className))]);
  assert.deepEqual(kinds, ['badge cal-non_renewal_deadline']);
  assert.ok(await page.locator('ul.cal li a[href^="/agreements/"]').count() >= 1, 'each date links to its agreement');
  const href = await page.getAttribute('#ics', 'href');
  assert.match(href, /kind=non_renewal_deadline/);
  assert.match(href, /party=JPN/);
  const feed = await (await page.request.get(`${BASE}${href}`)).text();
  const shown = await page.locator('ul.cal li').count();
  assert.equal((feed.match(/BEGIN:VEVENT/g) || []).length, shown, 'the ICS holds the dates shown');
  noErrors();
});

test('scenarios: casus foederis and a cascade simulation', async () => {
  await page.goto(`${BASE}/scenarios`);
  await page.click('#run-casus');
  await page.waitForSelector('.result-casus table.findings tbody tr');
  const casus = await page.textContent('.result-casus');
  assert.match(casus, /United States of America/);
  assert.match(casus, /triggered/);
  // "Not triggered" and "stay out" are folded; what is bound to act is not.
  for (const el of await page.locator('.result-casus details.findings-group').all()) {
    assert.equal(await el.getAttribute('open'), null);
  }
  assert.ok(await page.locator('.result-casus details.findings-group').count() >= 1);
  const actVerdicts = await page.locator('.result-casus > .table-wrap').first().locator('.badge').allInnerTexts();
  assert.ok(!actVerdicts.includes('not triggered'), 'no “not triggered” row among those bound to act');
  await shot('casus');
  await page.fill('#sim input[name=runs]', '1000');
  await page.click('#run-sim');
  await page.waitForSelector('#simout[data-done="true"]');
  assert.match(page.url(), /runs=1000/, 'the simulation is in the address');
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

test('data: a dyad-year panel 1946–2016 with ATOP variables, columns shown, downloaded from the API', async () => {
  await page.goto(`${BASE}/data`);
  await page.waitForSelector('#cols table.preview');
  await page.fill('#df input[name=from]', '1946');
  await page.fill('#df input[name=to]', '2016');
  await page.check('#df input[name=add][value=atop]');
  await page.check('#df input[name=format][value=csv]');
  await page.click('#df button[type=submit]');
  await page.waitForSelector('#df[data-ready="true"]');
  await page.waitForSelector('#cols table.preview');
  const head = await page.locator('#cols table.preview thead th').allInnerTexts();
  assert.ok(head.some((h) => /ccode1/i.test(h)) && head.some((h) => /atop/i.test(h)), head.join(','));
  const href = await page.getAttribute('#download', 'href');
  assert.match(href, /^\/api\/v1\/panels\/dyad-year\?/);
  assert.match(href, /from=1946/);
  assert.match(href, /add=atop/);
  assert.match(page.url(), /from=1946/);
  // The download is the API's streamed CSV: its header is the preview's.
  const res = await page.request.get(`${BASE}${href.replace('from=1946', 'from=2016')}`);
  assert.equal(res.status(), 200);
  const first = (await res.text()).split(/\r?\n/)[0].split(',');
  assert.deepEqual(first.map((c) => c.toUpperCase()), head.map((c) => c.replace(/[▲▼↕]/g, '').trim().toUpperCase()));
  await shot('data');
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

// Every page, as an analyst first opens it: how long until it answers input, then
// axe-core (WCAG 2.1 A and AA rules) at desktop and phone widths, and at 390×844
// no sideways scrolling of the page itself.
const PAGES = [
  ['home', '/', '.stat .n'],
  ['agreements', '/agreements?party=USA&in_force=today', 'table.agreements tbody tr'],
  ['agreement', '/agreements/us-japan-security-treaty-1960', 'table.obligations tbody tr'],
  ['states', '/states?q=korea', 'table.states tbody tr'],
  ['state', '/states/ROK?on=2015-06-01', '#place table.kv'],
  ['network', '/network?year=2000', '#cy[data-ready="true"]'],
  ['trends', '/trends', '#c-family canvas'],
  ['calendar', '/calendar?from=2025-01-01&to=2030-12-31', 'ul.cal li'],
  ['scenarios', '/scenarios?attacker=PRK&target=ROK&date=2015-06-01&place=home&provoked=no&requested=yes', '.result-casus table.findings tbody tr'],
  ['data', '/data?panel=dyad-year&from=1946&to=2016&add=atop', '#cols table.preview'],
  ['api', '/api/v1/docs', 'section.op'],
];

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// axe-core's serious and critical violations on the page, one line each.
async function axeViolations() {
  // Evaluated through the debugging protocol, so the page's CSP (script-src 'self') stays as served.
  if (!await page.evaluate(() => typeof window.axe === 'object')) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}${v.nodes[0]?.failureSummary ? ` — ${v.nodes[0].failureSummary.replace(/\s+/g, ' ').slice(0, 200)}` : ''})`);
  });
  return found;
}

async function open(path, ready) {
  const started = Date.now();
  await page.goto(`${BASE}${path}`);
  if (!path.startsWith('/api/')) await page.waitForSelector('body[data-ready="true"]');
  const tti = path.startsWith('/api/') ? null : await page.evaluate(() => window.__foedusReady.ms);
  await page.waitForSelector(ready);
  return { tti, wall: Date.now() - started };
}

test('every page: time to interactive on the registry, and no serious or critical axe-core violation', async () => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const failures = [];
  for (const [name, path, ready] of PAGES) {
    const { tti, wall } = await open(path, ready);
    if (tti !== null) console.log(`# time to interactive: ${name} ${tti} ms (content shown ${wall} ms after navigation)`);
    for (const v of await axeViolations()) failures.push(`${name} (1400 px): ${v}`);
  }
  assert.deepEqual(failures, [], 'axe-core found serious or critical violations');
  noErrors();
});

test('every page at 390×844: no sideways scrolling, folded navigation, and no serious axe-core violation', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  const failures = [];
  try {
    for (const [name, path, ready] of PAGES) {
      await open(path, ready);
      await page.waitForTimeout(100);
      const { scroll, view } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
      if (scroll > view) {
        const culprits = await page.evaluate((w) => [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > w + 1 && !e.closest('.table-wrap, .suggest'))
          .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`), view);
        failures.push(`${name}: the page is ${scroll} px wide on a ${view} px screen (${culprits.join(', ')})`);
      }
      for (const v of await axeViolations()) failures.push(`${name} (390 px): ${v}`);
      await page.screenshot({ path: join(SHOTS, `phone-${name}.png`), fullPage: false });
    }
    // The navigation is folded behind the Menu button, and opens.
    await page.goto(`${BASE}/`);
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.isVisible('#site-nav a[href="/network"]'), false, 'the navigation is folded');
    await page.click('#menu-toggle');
    assert.equal(await page.getAttribute('#menu-toggle', 'aria-expanded'), 'true');
    await page.click('#site-nav a[href="/network"]');
    await page.waitForSelector('#cy[data-ready="true"]');
    assert.equal(await page.isVisible('#site-nav a[href="/network"]'), false, 'the navigation folds again');
  } finally {
    await page.setViewportSize({ width: 1400, height: 900 });
  }
  assert.deepEqual(failures, [], 'pages at 390 px');
  noErrors();
});

test('header search suggestions are reached by keyboard', async () => {
  await page.goto(`${BASE}/`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.focus('#global-q');
  await page.keyboard.type('security treaty japan');
  await page.waitForSelector('#suggest a.sg[href^="/agreements/"]');
  assert.equal(await page.getAttribute('#global-q', 'aria-expanded'), 'true');
  const target = await page.getAttribute('#suggest [role=option]:not([aria-disabled])', 'href');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getAttribute('#global-q', 'aria-activedescendant'), await page.getAttribute(`#suggest [href="${target}"]`, 'id'));
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === target);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.isHidden('#suggest'), true);
  noErrors();
});

test('tables sort by a column and export what is shown as CSV', async () => {
  await page.goto(`${BASE}/states?q=korea`);
  await page.waitForSelector('table.states th button.sort');
  const names = async () => page.locator('table.states tbody tr td:first-child').allInnerTexts();
  await page.click('table.states th:first-child button.sort');
  const asc = await names();
  assert.deepEqual(asc, [...asc].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })));
  await page.click('table.states th:first-child button.sort');
  assert.deepEqual(await names(), [...asc].reverse());
  assert.equal(await page.getAttribute('table.states th:first-child', 'aria-sort'), 'descending');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.table-tools button.csv')]);
  const csv = readFileSync(await download.path(), 'utf8').trim().split(/\r\n/);
  assert.match(csv[0], /^State,Abbrev\.,COW/);
  assert.equal(csv.length - 1, asc.length, 'one CSV line per row shown');
  assert.match(csv[1], new RegExp(`^"?${asc[asc.length - 1]}`));
  noErrors();
});

// Last, as it writes: a token holder adds events to a record from its page.
test('writes: no write control without a token; with one, the engine\'s rejection beside the form, then an event added', async () => {
  const token = process.env.FOEDUS_TOKEN;
  assert.ok(token, 'the test runner passes a token (FOEDUS_TOKEN)');
  const list = await (await page.request.get(`${BASE}/api/v1/agreements?source=starter&limit=50`)).json();
  const id = list.items.find((a) => a.id !== 'us-japan-security-treaty-1960' && a.status === 'in_force').id;
  await page.goto(`${BASE}/agreements/${id}`);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.locator('#add-event').count(), 0, 'no write control without a token');
  await page.fill('#signin input[name=token]', token);
  await page.click('#signin button');
  await page.waitForSelector('#add-event');
  // Ending a suspension that never began: the engine says which rule.
  await page.fill('#add-event input[name=date]', '2025-01-01');
  await page.selectOption('#add-event select[name=kind]', 'suspension_end');
  await page.click('#add-event button');
  await page.waitForSelector('#err-form:not(:empty)');
  assert.match(await page.textContent('#err-form'), /VCLT|suspen/i);
  // A date that is not one: beside the date.
  await page.fill('#add-event input[name=date]', '2025-13-45');
  await page.selectOption('#add-event select[name=kind]', 'suspension');
  await page.click('#add-event button');
  await page.waitForSelector('.field-error:not(:empty)');
  // A suspension is accepted, and the history shows it.
  await page.fill('#add-event input[name=date]', '2025-01-01');
  await page.click('#add-event button');
  await page.waitForSelector('details.edit');
  assert.match(await page.textContent('details.edit summary'), /e2e/);
  await page.click('#signout');
  await page.waitForSelector('#signin');
  noErrors();
});

// At desktop and phone widths: axe-core's serious and critical violations and,
// at 390 px, sideways scrolling of the page shown now.
async function checkShown(name) {
  const failures = [];
  for (const width of [1400, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.waitForTimeout(100);
    if (width === 390) {
      const { scroll, view } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
      if (scroll > view) failures.push(`${name}: the page is ${scroll} px wide on a ${view} px screen`);
    }
    for (const v of await axeViolations()) failures.push(`${name} (${width} px): ${v}`);
  }
  await page.setViewportSize({ width: 1400, height: 900 });
  assert.deepEqual(failures, [], `${name}: accessible and no sideways scroll`);
}

async function signInWith(token) {
  await page.waitForSelector('#signin');
  await page.fill('#signin input[name=token]', token);
  await page.click('#signin button');
}

// Issue 17's review flow in the browser: an editor edits a record (the API's
// rejections beside their fields, a stale version explained), the change is a
// draft; a reviewer approves it on the Drafts page; the history names both.
test('review: an editor drafts a change, a reviewer approves it, the history shows both', async () => {
  const admin = process.env.FOEDUS_TOKEN;
  const editor = process.env.FOEDUS_EDITOR_TOKEN;
  const reviewer = process.env.FOEDUS_REVIEWER_TOKEN;
  assert.ok(admin && editor && reviewer, 'the test runner passes an admin, an editor and a reviewer token');
  const list = await (await page.request.get(`${BASE}/api/v1/agreements?source=starter&limit=50`)).json();
  const ids = list.items.filter((a) => a.id !== 'us-japan-security-treaty-1960' && a.status === 'in_force').map((a) => a.id);
  const [id, other] = [ids[1], ids[2]];
  assert.ok(id && other, ids.join(', '));
  // Without a token: no Drafts link, no edit control, and the edit page only asks for a token.
  await page.goto(`${BASE}/agreements/${id}`);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.isVisible('#nav-drafts'), false, 'no Drafts link without a token');
  assert.equal(await page.locator('#edit-record').count(), 0, 'no edit control without a token');
  await page.goto(`${BASE}/agreements/${id}/edit`);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.locator('#record-form').count(), 0, 'no record form without a token');
  await signInWith('not-a-token');
  await page.waitForSelector('#err-token:not(:empty)');
  assert.match(await page.textContent('#err-token'), /unknown or revoked/);
  await signInWith(editor);
  await page.waitForSelector('#record-form');
  assert.equal(await page.isVisible('#nav-drafts'), true, 'the Drafts link once signed in');
  assert.match(await page.textContent('.signed-in'), /e2e-editor.*editor/);
  assert.equal(await page.inputValue('#f-id'), id);
  const title = await page.inputValue('#f-title');
  const events = await page.inputValue('#f-events');
  await checkShown('record editor');
  await shot('record-edit');
  // Someone else saves a change meanwhile: saving would overwrite it, so it is refused and explained.
  const meanwhile = await page.request.post(`${BASE}/api/v1/agreements/${id}/events`, {
    headers: { Authorization: `Bearer ${admin}` }, data: { date: '2025-06-01', kind: 'suspension' },
  });
  assert.ok(meanwhile.ok(), `the admin's write: ${meanwhile.status()} ${await meanwhile.text()}`);
  await page.fill('#f-title', `${title} (revised)`);
  await page.click('#record-form button');
  await page.waitForSelector('#outcome .error-box');
  assert.match(await page.textContent('#outcome'), /changed since you opened it/);
  await page.click('#reload-record');
  await page.waitForFunction((old) => document.querySelector('#f-events')?.value !== old, events);
  assert.match(await page.inputValue('#f-events'), /2025-06-01/, 'the reloaded record holds the other change');
  // The engine's rejection beside the field it names: an event on a day that does not exist.
  const withBad = JSON.parse(await page.inputValue('#f-events'));
  const good = JSON.stringify(withBad, null, 2);
  withBad.push({ date: '2025-02-30', kind: 'renewal' });
  await page.fill('#f-events', JSON.stringify(withBad, null, 2));
  await page.click('#record-form button');
  await page.waitForSelector('#err-events:not(:empty)');
  assert.equal(await page.textContent('#err-form'), '', 'the error is beside its field, not at the form');
  assert.equal(await page.getAttribute('#f-events', 'aria-invalid'), 'true');
  // The change itself: a draft awaiting review, nothing published.
  await page.fill('#f-events', good);
  await page.fill('#f-title', `${title} (revised)`);
  await page.click('#record-form button');
  await page.waitForSelector('#outcome .draft-box');
  assert.match(await page.textContent('#outcome .draft-box'), /awaits review/);
  const published = await (await page.request.get(`${BASE}/api/v1/agreements/${id}`)).json();
  assert.equal(published.record.title, title, 'a draft is not published');
  // The agreement's page tells that a change awaits review.
  await page.click(`#outcome a[href="/agreements/${id}"]`);
  await page.waitForSelector('#record-drafts:has-text("e2e-editor")');
  assert.match(await page.textContent('#record-drafts'), /Awaiting review: draft \d+ by e2e-editor/);
  // A new record: a party that is no state is named beside the parties.
  await page.goto(`${BASE}/agreements/new`);
  await page.waitForSelector('#record-form');
  await page.fill('#f-id', 'e2e-draft-pact-2025');
  await page.fill('#f-title', 'Defence Cooperation Agreement (browser test)');
  await page.fill('#f-parties', '[{"state": "Atlantis"}, {"state": "JPN"}]');
  await page.click('#record-form button');
  await page.waitForSelector('#err-parties:not(:empty)');
  assert.match(await page.textContent('#err-parties'), /Atlantis/);
  await page.fill('#f-parties', '[{"state": "AUL"}, {"state": "JPN"}]');
  await page.click('#record-form button');
  await page.waitForSelector('#outcome .draft-box');
  assert.equal((await page.request.get(`${BASE}/api/v1/agreements/e2e-draft-pact-2025`)).status(), 404, 'a drafted record is not published');
  // The editor's Drafts page: the draft with its diff, and no Approve (an editor does not review).
  await page.click('#nav-drafts');
  await page.waitForSelector('article.draft');
  const mine = page.locator('article.draft', { has: page.locator(`a[href="/agreements/${id}"]`) });
  assert.equal(await mine.count(), 1);
  assert.match(await mine.textContent(), /e2e-editor/);
  assert.match(await mine.locator('table.diff').textContent(), /\(revised\)/);
  assert.equal(await mine.locator('button.approve').count(), 0);
  await page.click('#signout');
  await page.waitForSelector('#signin');
  assert.equal(await page.isVisible('#nav-drafts'), false);
  // The reviewer's own draft (of another record) shows no Approve: four eyes.
  const own = await page.request.post(`${BASE}/api/v1/agreements/${other}/events`, {
    headers: { Authorization: `Bearer ${reviewer}` }, data: { date: '2025-07-01', kind: 'suspension' },
  });
  assert.equal(own.status(), 202, await own.text());
  const ownId = (await own.json()).id;
  await signInWith(reviewer);
  await page.waitForSelector(`article.draft[data-draft="${ownId}"]`);
  const ownCard = page.locator(`article.draft[data-draft="${ownId}"]`);
  await shot('drafts');
  assert.equal(await ownCard.locator('button.approve').count(), 0, 'no Approve for one\'s own draft');
  assert.match(await ownCard.textContent(), /Your own draft/);
  // Rejecting needs a reason, said beside it; with one, the draft is rejected and kept.
  await ownCard.locator('form.reject button').click();
  await page.waitForSelector(`#err-reason-${ownId}:not(:empty)`);
  await checkShown('drafts');
  await ownCard.locator('textarea[name=reason]').fill('withdrawn: drafted by the test');
  await ownCard.locator('form.reject button').click();
  await page.waitForSelector('#review-outcome .ok-box');
  assert.equal(await page.locator(`article.draft[data-draft="${ownId}"]`).count(), 0, 'a rejected draft leaves the pending list');
  // Approve the editor's draft: published, both names in the history.
  await page.locator('article.draft', { has: page.locator(`a[href="/agreements/${id}"]`) }).locator('button.approve').click();
  await page.waitForSelector('#review-outcome .ok-box:has-text("approved")');
  const outcome = await page.textContent('#review-outcome');
  assert.match(outcome, /e2e-editor/);
  assert.match(outcome, /e2e-reviewer/);
  await page.click(`#review-outcome a[href="/agreements/${id}"]`);
  await page.waitForSelector('details.edit');
  assert.match(await page.textContent('h1'), /\(revised\)/);
  const history = await page.locator('details.edit summary').allTextContents();
  assert.ok(history.some((h) => /e2e-editor/.test(h) && /approved by\s+e2e-reviewer/.test(h)), history.join(' | '));
  // Reviewed drafts stay listed, with the reviewer and the reason.
  await page.goto(`${BASE}/drafts?status=all`);
  await page.waitForSelector(`article.draft[data-draft="${ownId}"]`);
  assert.match(await page.textContent(`article.draft[data-draft="${ownId}"]`), /rejected by e2e-reviewer.*withdrawn: drafted by the test/s);
  await page.click('#signout');
  await page.waitForSelector('#signin');
  noErrors();
});
