'use strict';
// Search as staff use it, on a 390 px phone: queries typed the way staff
// type them find guidance (handbook, report page, flow, contacts,
// templates, levels) before past incident records, the first result is on
// the first screen whatever the facet chips take, and a record is still
// found first by its id or its exact title. The facet chips fold away on a
// phone and still filter when opened.
const test = require('node:test');
const assert = require('node:assert/strict');
const { assertNone } = require('../lib/report');
const { useSite, MODES } = require('../lib/harness');
const { ransomwareIncident } = require('../lib/site');
const { PHONE, DESKTOP } = require('../lib/config');

const site = useSite();

/** Queries as staff type them (issue 18). */
const STAFF_QUERIES = ['メール 開いた', 'スマホ なくした', '誤送信', 'ウイルス', 'パスワード'];
const RECORD = /\/(incidents|drills)\/[^/]+\.html/;

async function results(page) {
  await page.locator('#search-results a[href]').first().waitFor({ state: 'visible', timeout: 10000 });
  return page.$$eval('#search-results .search-result', (items) => items.map((li) => {
    const a = li.querySelector('a[href]');
    const box = li.getBoundingClientRect();
    return { href: a.href, top: box.top, bottom: box.bottom };
  }));
}

for (const mode of MODES) {
  for (const q of STAFF_QUERIES) {
    test(`「${q}」 at 390 px: guidance before records, the first result on the first screen (${mode})`, async () => {
      const opened = await site.open(mode, `search.html?q=${encodeURIComponent(q)}`, { viewport: PHONE });
      try {
        const { page } = opened;
        const list = await results(page);
        assert.ok(list.length > 0, `${q}: no results`);
        assert.ok(!RECORD.test(list[0].href), `${q}: the first result is a record: ${list[0].href}`);
        const firstRecord = list.findIndex((r) => RECORD.test(r.href));
        if (firstRecord >= 0) {
          const guidanceAfter = list.slice(firstRecord).filter((r) => !RECORD.test(r.href));
          assert.deepEqual(guidanceAfter.map((r) => r.href), [], `${q}: guidance listed after a record`);
        }
        assert.ok(list[0].bottom <= PHONE.height,
          `${q}: the first result ends at ${Math.round(list[0].bottom)} px, below the first screen (${PHONE.height} px)`);
        assert.equal(await page.locator('#search-results .search-expanded').count(), 0,
          `${q}: a Japanese query on a Japanese site is searched as written, with nothing added`);
        assertNone(opened.problems, 'console errors or failed requests');
      } finally {
        await opened.close();
      }
    });
  }

  test(`a record is found first by its id and by its exact title (${mode})`, async () => {
    const incident = ransomwareIncident();
    for (const q of [incident.id, incident.title]) {
      const opened = await site.open(mode, `search.html?q=${encodeURIComponent(q)}`, { viewport: PHONE });
      try {
        const list = await results(opened.page);
        assert.ok(list[0].href.endsWith(`/incidents/${incident.id}.html`), `${q}: first result ${list[0].href}`);
        assertNone(opened.problems, 'console errors or failed requests');
      } finally {
        await opened.close();
      }
    }
  });
}

// Staff type English words on the Japanese site. Each also searches the
// Japanese words for it (a built-in glossary), finds what they find, and
// the page says which words it added; what the word as written finds
// comes first.
const ENGLISH = [
  ['ransomware', 'ランサムウェア'],
  ['phishing', 'フィッシング'],
  ['password', 'パスワード'],
  ['virus', 'ウイルス'],
  ['USB', 'USBメモリ'],
  ['laptop stolen', 'パソコン 盗難'],
];

async function hrefsFor(mode, q) {
  const opened = await site.open(mode, `search.html?q=${encodeURIComponent(q)}`, { viewport: PHONE });
  try {
    const list = await results(opened.page);
    const note = opened.page.locator('#search-results .search-expanded');
    const said = (await note.count()) > 0 ? await note.innerText() : '';
    const count = Number((await opened.page.locator('#search-results .search-count').innerText()).replace(/[^0-9]/g, ''));
    assertNone(opened.problems, 'console errors or failed requests');
    return { hrefs: list.map((r) => r.href), said, first: list[0], count };
  } finally {
    await opened.close();
  }
}

for (const mode of MODES) {
  test(`English words on the Japanese site find what the Japanese words find, and say so (${mode})`, async () => {
    for (const [english, japanese] of ENGLISH) {
      const en = await hrefsFor(mode, english);
      const ja = await hrefsFor(mode, japanese);
      assert.ok(en.count >= ja.count, `${english}: ${en.count} results, ${japanese} alone finds ${ja.count}`);
      assert.match(en.said, new RegExp(`「${japanese.split(' ')[0]}`), `${english}: the page does not say what it added: "${en.said}"`);
      assert.ok(en.first.bottom <= PHONE.height, `${english}: the first result is below the first screen`);
    }
    const ransomware = await hrefsFor(mode, 'Ransomware');
    assert.ok(ransomware.hrefs.some((h) => h.endsWith(`/incidents/${ransomwareIncident().id}.html`)),
      'Ransomware does not find the ransomware incident');
  });
}

test('facet chips: folded at 390 px, still filter when opened; open at 1280 px (file)', async () => {
  const q = 'パスワード';
  const phone = await site.open('file', `search.html?q=${encodeURIComponent(q)}`, { viewport: PHONE });
  try {
    const { page } = phone;
    await results(page);
    const chip = page.locator('#search-facets .search-facet-kind .search-facet-value').filter({ hasText: 'インシデント' });
    assert.equal(await chip.isVisible(), false, 'facet chips shown unfolded on a phone');
    await page.locator('#search-facets summary').click();
    await chip.click();
    await page.waitForFunction(() => {
      const first = document.querySelector('#search-results .search-result a[href]');
      return first && /\/incidents\//.test(first.href);
    }, null, { timeout: 5000 });
    assert.equal(await chip.getAttribute('aria-pressed'), 'true');
    assertNone(phone.problems, 'console errors or failed requests');
  } finally {
    await phone.close();
  }
  const desk = await site.open('file', `search.html?q=${encodeURIComponent(q)}`, { viewport: DESKTOP });
  try {
    await results(desk.page);
    assert.ok(await desk.page.locator('#search-facets .search-facet-value').first().isVisible(), 'facet chips folded on a wide screen');
  } finally {
    await desk.close();
  }
});

// A phone's keyboard leaves a word in hiragana until it is converted; a
// panicked person searches 「ういるす」 as typed. When the query finds
// nothing as written, its hiragana is read as katakana, and the page says
// so. A query that finds nothing at all still leads to reporting.
test('「ういるす」 finds what 「ウイルス」 finds, and says so (file)', async () => {
  const opened = await site.open('file', `search.html?q=${encodeURIComponent('ういるす')}`, { viewport: PHONE });
  try {
    const { page } = opened;
    const list = await results(page);
    assert.ok(list.length > 0, 'ういるす: no results');
    assert.ok(!RECORD.test(list[0].href), `the first result is a record: ${list[0].href}`);
    const note = await page.locator('#search-results .search-kana').innerText();
    assert.match(note, /ウイルス/);
    assertNone(opened.problems, 'console errors or failed requests');
  } finally {
    await opened.close();
  }
});

test('a query that finds nothing offers the report page and the contacts (file)', async () => {
  const q = 'zzqqxx';
  const opened = await site.open('file', `search.html?q=${encodeURIComponent(q)}`, { viewport: PHONE });
  try {
    const { page } = opened;
    await page.locator('#search-results .search-empty').waitFor({ state: 'visible', timeout: 10000 });
    const help = page.locator('#search-help');
    assert.equal(await help.isVisible(), true, 'no help under an empty result');
    const hrefs = await help.locator('a[href]').evaluateAll((as) => as.map((a) => a.href));
    assert.ok(hrefs.some((h) => h.endsWith('/report.html')), `no link to the report page: ${hrefs}`);
    assert.ok(hrefs.some((h) => h.endsWith('/contacts.html')), `no link to the contacts: ${hrefs}`);
    const box = await help.boundingBox();
    assert.ok(box.y + box.height <= PHONE.height, 'the help is below the first screen');
    assertNone(opened.problems, 'console errors or failed requests');
  } finally {
    await opened.close();
  }
});
