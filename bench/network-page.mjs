// Times the network page for the year 2000: from navigation (a fresh browser
// profile each run, nothing cached) until the graph is drawn and the page
// answers input (the page sets data-ready on the graph when it is interactive).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../ui/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const BASE = process.env.FOEDUS_URL || 'http://127.0.0.1:8080';
const runs = Number(process.env.RUNS || 7);
const times = [];
const layouts = [];
for (let i = 0; i < runs; i++) {
  const profile = mkdtempSync(join(tmpdir(), 'foedus-bench-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  const t0 = Date.now();
  await page.goto(`${BASE}/network?year=2000`);
  await page.waitForSelector('#cy[data-ready="true"][data-year="2000"]');
  // Interactive: the main thread answers (a frame is painted after the layout).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  const ms = Date.now() - t0;
  times.push(ms);
  await page.waitForSelector('#cy[data-layout="done"]');
  const laid = Date.now() - t0;
  layouts.push(laid);
  const ties = await page.textContent('#tie-count');
  console.log(`run ${i + 1}: interactive ${ms} ms, force-directed layout in place ${laid} ms (ties drawn: ${ties})`);
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
const summary = (xs) => { xs.sort((a, b) => a - b); return `median ${xs[Math.floor(xs.length / 2)]} ms (min ${xs[0]}, max ${xs[xs.length - 1]})`; };
console.log(`interactive: ${summary(times)}; layout in place: ${summary(layouts)}; ${runs} runs`);
