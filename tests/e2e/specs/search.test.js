'use strict';
// Site search, from disk and from a web server: typing a Japanese word, a
// query without hits, and a shared search.html?q= link.
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

function assertRansomwareFirst(hrefs) {
  const id = ransomwareIncident().id;
  assert.ok(hrefs.length > 0, 'no search results');
  assert.ok(
    hrefs[0].endsWith(`/incidents/${id}.html`),
    `the first result is ${hrefs[0]}, expected the ransomware incident ${id}; all: ${hrefs.slice(0, 5).join(', ')}`,
  );
}

for (const mode of MODES) {
  test(`typing ${RANSOMWARE} shows the ransomware incident first (${mode})`, async () => {
    const opened = await site.open(mode, 'search.html');
    try {
      const { page } = opened;
      await page.locator('#search-input').fill(RANSOMWARE);
      await waitForResults(page);
      assertRansomwareFirst(await resultHrefs(page));
      // The result link must open the page it names.
      await page.locator(RESULT_LINKS).first().click();
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
      assertRansomwareFirst(await resultHrefs(page));
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
      assertRansomwareFirst(await resultHrefs(page));
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
    }
  });
}
