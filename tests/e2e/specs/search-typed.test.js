'use strict';
// What staff type into the search box that is not what the pages write
// (users8's findings): one kanji of a compound, an id without its hyphens,
// without its leading zeros or with the Japanese keyboard's ー, and a
// reading in romaji, which search cannot convert: the page then says what
// to try instead. On a 390 px phone, from file:// (the zip) and http.
const test = require('node:test');
const assert = require('node:assert/strict');
const { assertNone } = require('../lib/report');
const { useSite, MODES } = require('../lib/harness');
const { ransomwareIncident, incidentRecords } = require('../lib/site');
const { PHONE } = require('../lib/config');

const site = useSite();

async function hrefs(page) {
  await page.locator('#search-results a[href]').first().waitFor({ state: 'visible', timeout: 10000 });
  return page.$$eval('#search-results .search-result a.search-title', (as) => as.map((a) => a.href));
}

async function search(mode, q, check) {
  const opened = await site.open(mode, `search.html?q=${encodeURIComponent(q)}`, { viewport: PHONE });
  try {
    await check(opened.page);
    assertNone(opened.problems, 'console errors or failed requests');
  } finally {
    await opened.close();
  }
}

/** `INC-2026-001` as a Japanese keyboard in full-width mode types it. */
function typedOnAJapaneseKeyboard(id) {
  return Array.from(id).map((c) => (c === '-' ? 'ー' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join('');
}

for (const mode of MODES) {
  test(`one kanji of a title's compound finds the record (${mode})`, async () => {
    // 窃 appears in the example only inside 情報窃取型.
    const record = incidentRecords().find((r) => String(r.title).includes('窃'));
    assert.ok(record, 'the example has a record titled with 窃');
    await search(mode, '窃', async (page) => {
      const list = await hrefs(page);
      assert.ok(list[0].endsWith(`/incidents/${record.id}.html`), `窃: first ${list[0]}`);
      const mark = await page.locator('#search-results .search-title mark').first().innerText();
      assert.equal(mark, '窃', 'the kanji is marked in the title');
    });
  });

  test(`an id typed without hyphens, zeros or with ー finds its record first (${mode})`, async () => {
    const { id } = ransomwareIncident();
    const unpadded = id.replace(/-0+(?=\d)/g, '-');
    const queries = [id.replace(/-/g, ''), id.toLowerCase(), typedOnAJapaneseKeyboard(id)];
    if (unpadded !== id) queries.push(unpadded);
    for (const q of queries) {
      await search(mode, q, async (page) => {
        const list = await hrefs(page);
        assert.ok(list[0].endsWith(`/incidents/${id}.html`), `${q}: first ${list[0]}`);
      });
    }
  });
}

test('a reading in romaji finds nothing, and the page says what to try (file)', async () => {
  await search('file', 'uirusu', async (page) => {
    await page.locator('#search-results .search-empty').waitFor({ state: 'visible', timeout: 10000 });
    const tips = await page.locator('#search-results .search-tips').innerText();
    assert.match(tips, /ローマ字/, 'the tips say romaji is not converted');
    assert.match(tips, /カタカナ/, 'the tips say what to type instead');
    const help = page.locator('#search-help');
    assert.equal(await help.isVisible(), true, 'the links to report and contacts are still there');
    const box = await help.boundingBox();
    assert.ok(box.y + box.height <= PHONE.height, `the help ends at ${Math.round(box.y + box.height)} px, below the first screen`);
  });
});
