'use strict';
// Site search, from disk and from a web server: typing a Japanese word, a
// query without hits, and a shared search.html?q= link. Guidance comes
// before past records (issue 18): ランサムウェア lists a guidance page first
// and the ransomware incident after it, and its link opens the record.
const test = require('node:test');
const assert = require('node:assert/strict');
const { assertNone } = require('../lib/report');
const { useSite, MODES } = require('../lib/harness');
const { ransomwareIncident } = require('../lib/site');

const site = useSite();

const RANSOMWARE = 'ランサムウェア';
/** Letters that appear in no page of the example. */
const NO_HIT = 'zqxjvkw';
const RESULT_LINKS = '#search-results a[href]';

/** The result links in order, as absolute URLs. */
async function resultHrefs(page) {
  return page.$$eval(RESULT_LINKS, (as) => as.map((a) => a.href));
}

async function waitForResults(page) {
  await page.locator(RESULT_LINKS).first().waitFor({ state: 'visible', timeout: 10000 });
}

/** Guidance first, then the ransomware incident, first of the records. */
function assertGuidanceThenRansomware(hrefs) {
  const id = ransomwareIncident().id;
  const record = /\/(incidents|drills)\/[^/]+\.html$/;
  assert.ok(hrefs.length > 0, 'no search results');
  assert.ok(!record.test(hrefs[0]), `the first result is a record: ${hrefs[0]}`);
  const firstRecord = hrefs.find((h) => record.test(h));
  assert.ok(
    firstRecord && firstRecord.endsWith(`/incidents/${id}.html`),
    `the first record listed is ${firstRecord}, expected the ransomware incident ${id}; all: ${hrefs.join(', ')}`,
  );
}

for (const mode of MODES) {
  test(`typing ${RANSOMWARE} shows guidance, then the ransomware incident (${mode})`, async () => {
    const opened = await site.open(mode, 'search.html');
    try {
      const { page } = opened;
      await page.locator('#search-input').fill(RANSOMWARE);
      await waitForResults(page);
      assertGuidanceThenRansomware(await resultHrefs(page));
      // The result link must open the page it names.
      await page.locator(`#search-results a[href$="incidents/${ransomwareIncident().id}.html"]`).first().click();
      await page.waitForURL(`**/incidents/${ransomwareIncident().id}.html`);
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
    }
  });

  test(`a query without hits says so (${mode})`, async () => {
    const opened = await site.open(mode, 'search.html');
    try {
      const { page } = opened;
      await page.locator('#search-input').fill(NO_HIT);
      const results = page.locator('#search-results');
      await results.filter({ hasText: NO_HIT }).waitFor({ timeout: 10000 });
      assert.equal(await page.locator(RESULT_LINKS).count(), 0, 'a nonsense query listed results');
      const text = (await results.innerText()).trim();
      assert.ok(text.includes(NO_HIT), `the message does not repeat the query: "${text}"`);
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
    }
  });

  test(`search.html?q= shows the results for the query (${mode})`, async () => {
    const opened = await site.open(mode, `search.html?q=${encodeURIComponent(RANSOMWARE)}`);
    try {
      const { page } = opened;
      await waitForResults(page);
      assert.equal(await page.locator('#search-input').inputValue(), RANSOMWARE, 'the box does not show the query');
      assertGuidanceThenRansomware(await resultHrefs(page));
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
    }
  });

  test(`the search box on another page leads to the results (${mode})`, async () => {
    const opened = await site.open(mode, 'levels.html');
    try {
      const { page } = opened;
      const box = page.locator('header input[type="search"], form[role="search"] input').first();
      await box.fill(RANSOMWARE);
      await box.press('Enter');
      await page.waitForURL(/search\.html\?/);
      await waitForResults(page);
      assertGuidanceThenRansomware(await resultHrefs(page));
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
    }
  });
}
