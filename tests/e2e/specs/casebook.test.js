'use strict';
// The case book (the `training` build): its index, a case page and the
// printable booklet are valid HTML (vnu), pass axe, fit a 390 px phone, work
// from file:// and over http (links, search over the cases only), and the
// booklet prints every case on a sheet of its own.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const config = require('../lib/config');
const { assertNone } = require('../lib/report');
const { useSite, MODES } = require('../lib/harness');
const { validate, formatErrors } = require('../lib/vnu');
const { seriousViolations, formatViolations } = require('../lib/axe');
const { settle, screenshot } = require('../lib/browser');
const { checkLinks } = require('../lib/links');
const { incidentRecords } = require('../lib/site');

const TODAY = process.env.ISMSBOOK_TODAY || '2026-11-22';

/** Builds the example's case book once, with the binary the suite uses. */
function buildCaseBook() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ismsbook-casebook-'));
  const release = path.join(config.REPO_ROOT, 'target', 'release', 'ismsbook');
  const bin = process.env.ISMSBOOK_BIN || (fs.existsSync(release) ? release : null);
  const [cmd, args] = bin ? [bin, []] : ['cargo', ['run', '--quiet', '--release', '--']];
  const run = spawnSync(
    cmd,
    [...args, 'build', '--content', config.CONTENT_DIR, '--out', path.join(out, 'site'), '--today', TODAY, '--audience', 'training', '-q'],
    { cwd: config.REPO_ROOT, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`the case book did not build:\n${run.stderr}`);
  return path.join(out, 'site');
}

let built;
const site = useSite(() => {
  built = built || buildCaseBook();
  return built;
});

/** Closed records that are not restricted: the cases. */
function closedCount() {
  return incidentRecords().filter((r) => r.status === 'closed' && r.visibility !== 'restricted').length;
}

const PAGES = { index: 'index.html', case: 'cases/case-001.html', booklet: 'cases/booklet.html' };

test('the case book pages are valid HTML and every link resolves', (t) => {
  const files = Object.values(PAGES).map((rel) => path.join(site.siteDir, rel));
  for (const f of files) assert.ok(fs.existsSync(f), `${f} was not built`);
  assertNone(formatErrors(validate(files), site.siteDir), 'HTML errors');
  const links = checkLinks(site.siteDir);
  t.diagnostic(`${links.checked} references on ${links.pages} pages`);
  assertNone(links.problems, 'broken links');
});

test('axe finds no serious violations and nothing is wider than a 390 px phone', async () => {
  const report = [];
  for (const viewport of [config.DESKTOP, config.PHONE]) {
    const session = await site.session({ viewport });
    try {
      for (const [kind, rel] of Object.entries(PAGES)) {
        await session.visit(site.urlFor('http', rel));
        await settle(session.page);
        for (const line of formatViolations(await seriousViolations(session.page))) {
          report.push(`${rel} (${viewport.width} px): ${line}`);
        }
        const { scroll, client } = await session.page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        if (scroll > client) report.push(`${rel} is ${scroll} px wide on a ${client} px screen`);
        if (viewport === config.PHONE) await screenshot(session.page, `casebook-${kind}-phone`);
        assertNone(session.problems, `${rel}: console errors or failed requests`);
      }
    } finally {
      await session.close();
    }
  }
  assertNone(report, 'accessibility and width');
});

for (const mode of MODES) {
  test(`from the index a reader opens a case, and search finds cases only (${mode})`, async () => {
    const opened = await site.open(mode, 'index.html');
    try {
      const { page } = opened;
      const links = page.locator('#all-cases ~ ul.case-list a');
      assert.equal(await links.count(), closedCount(), 'one entry per closed record');
      await links.first().click();
      await page.waitForLoadState('load');
      assert.match(page.url(), /\/cases\/case-\d{3}\.html$/);
      assert.ok(await page.locator('h1 .case-number').isVisible(), 'the case has its number');
      // Search: a word of the example's cases; every result is a case.
      await page.goto(site.urlFor(mode, `search.html?q=${encodeURIComponent('パスワード')}`));
      const results = page.locator('#search-results a[href]');
      await results.first().waitFor({ state: 'visible', timeout: 10000 });
      const hrefs = await results.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(hrefs.length > 0);
      for (const h of hrefs) assert.match(h, /cases\/case-\d{3}\.html$/, `a search result that is no case: ${h}`);
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
    }
  });
}

test('the booklet prints each case on a sheet of its own, within A4 width', async () => {
  const opened = await site.open('file', PAGES.booklet, {
    viewport: { width: config.A4_WIDTH_PX, height: 1123 },
    media: 'print',
  });
  try {
    const { page } = opened;
    const breaks = await page.$$eval('.booklet-case', (els) => els.map((e) => getComputedStyle(e).breakBefore));
    assert.equal(breaks.length, closedCount());
    assert.ok(breaks.every((b) => b === 'page'), `break-before: ${breaks.join(', ')}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= config.A4_WIDTH_PX, `the printed booklet is ${width} px wide`);
    // Three cases, as a trainer would print them: cover + one sheet or more each.
    const pdf = await page.pdf({ format: 'A4', pageRanges: '' });
    const sheets = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(sheets >= closedCount() + 1, `${sheets} printed pages for ${closedCount()} cases`);
    assertNone(opened.problems, 'console errors or failed requests');
  } finally {
    await opened.close();
  }
});
