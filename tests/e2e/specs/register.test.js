'use strict';
// The incident register: filters, sorting and the Japanese text filter give
// exactly the rows they should. Expected rows are computed from the values
// the rows' cells show (lib/register.js), and those values are checked once
// against the YAML records, so a wrong cell cannot hide a wrong filter.
const test = require('node:test');
const assert = require('node:assert/strict');
const { assertNone } = require('../lib/report');
const { useSite, MODES } = require('../lib/harness');
const { incidentRecords, policy, isoText, ransomwareIncident } = require('../lib/site');
const { readSiteTimezone } = require('../lib/time');
const { rowValues } = require('../lib/register');

const site = useSite();

const FILTERS = ['level', 'category', 'status', 'stage', 'year'];
const ROWS = '#register-table tbody tr';

/** Every row with the values its cells show, its text and whether it is shown. */
async function rowState(page) {
  const values = await rowValues(page, ROWS);
  const rows = await page.$$eval(ROWS, (trs) =>
    trs.map((tr) => ({
      id: tr.cells[0].textContent.trim(),
      // The detection time is the text of its cell (a local date and time,
      // or a date alone); the year is that time's.
      year: ((t) => (t ? t.textContent.slice(0, 4) : ''))(tr.querySelector('time')),
      detected: ((t) => (t ? t.textContent.replace(' ', 'T') : ''))(tr.querySelector('time')),
      text: tr.innerText,
      visible: tr.getClientRects().length > 0 && getComputedStyle(tr).visibility !== 'hidden',
    })),
  );
  return rows.map((r, i) => ({ ...r, ...values[i] }));
}

const ids = (rows) => rows.map((r) => r.id);
const shown = (rows) => ids(rows.filter((r) => r.visible));

/** The count line must state the number of rows shown. */
async function assertCount(page, n) {
  const text = await page.locator('#register-count').innerText();
  const numbers = (text.match(/\d+/g) || []).map(Number);
  assert.ok(numbers.includes(n), `#register-count says "${text}", expected ${n} rows`);
}

/** Selects a value in a filter, as a person would. */
async function choose(page, key, value) {
  await page.locator(`#filter-${key}`).selectOption(value);
}

async function typeFilter(page, text) {
  await page.locator('#filter-text').fill(text);
}

/**
 * Waits (up to 3 s: filters may debounce typing) until exactly the rows
 * `want` are shown, in that order, then asserts it.
 */
async function expectShown(page, want, label) {
  const deadline = Date.now() + 3000;
  let got = shown(await rowState(page));
  while (JSON.stringify(got) !== JSON.stringify(want) && Date.now() < deadline) {
    await page.waitForTimeout(50);
    got = shown(await rowState(page));
  }
  assert.deepEqual(got, want, label);
}

/** Record ids the default audience's register lists (restricted ones may be omitted). */
function expectedRecordIds() {
  const audiences = policy().audiences || {};
  const mode = (audiences[audiences.default || 'staff'] || {}).restricted || 'stub';
  return incidentRecords()
    .filter((r) => !(r.visibility === 'restricted' && mode === 'omit'))
    .map((r) => String(r.id))
    .sort();
}

test('the register rows carry the level, category, status, year and detection time of their records', async () => {
  const tz = readSiteTimezone();
  const opened = await site.open('http', 'register.html');
  try {
    const rows = await rowState(opened.page);
    assert.deepEqual(ids(rows).slice().sort(), expectedRecordIds(), 'the register does not list exactly the records');
    const byId = new Map(incidentRecords().map((r) => [String(r.id), r]));
    const wrong = [];
    for (const row of rows) {
      const rec = byId.get(row.id);
      // A restricted record shown as a stub keeps only the detection date.
      const full = tz.localKey(isoText(rec.detected_at));
      const detected = rec.visibility === 'restricted' ? full.slice(0, 10) : full;
      const want = {
        level: String(rec.level),
        category: String(rec.category),
        status: String(rec.status),
        year: detected.slice(0, 4),
        detected,
      };
      // The assessment stage, where the record shows it in full.
      if (rec.assessment && rec.assessment.stage && rec.visibility !== 'restricted') want.stage = String(rec.assessment.stage);
      for (const [k, v] of Object.entries(want)) {
        if (!String(row[k] ?? '').startsWith(v)) wrong.push(`${row.id}: ${k}="${row[k]}", record says ${v}`);
      }
    }
    assertNone(wrong, 'rows whose cells disagree with their record');
  } finally {
    await opened.close();
  }
});

test('with JavaScript off the register shows every record', async () => {
  const opened = await site.open('http', 'register.html', { javaScriptEnabled: false });
  try {
    const rows = await rowState(opened.page);
    assert.deepEqual(shown(rows).sort(), expectedRecordIds());
    assertNone(opened.problems, 'console errors or failed requests');
  } finally {
    await opened.close();
  }
});

test('the register offers its downloads, and each link fetches a file of its kind', async () => {
  const opened = await site.open('http', 'register.html');
  try {
    const { page } = opened;
    const links = await page.$$eval('.register-exports a', (as) =>
      as.map((a) => ({ href: a.getAttribute('href'), url: a.href, download: a.hasAttribute('download') })),
    );
    assert.deepEqual(
      links.map((l) => l.href),
      ['register.xlsx', 'register.csv', 'actions.csv', 'register.json'],
    );
    for (const l of links) {
      const res = await page.request.get(l.url);
      assert.equal(res.status(), 200, l.href);
      const body = await res.body();
      if (l.href.endsWith('.xlsx')) {
        // A zip (the workbook), starting with the local file header.
        assert.deepEqual([...body.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'register.xlsx is not a zip');
        assert.ok(l.download, 'the workbook link downloads');
      } else if (l.href.endsWith('.csv')) {
        assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${l.href} has no BOM`);
      } else {
        assert.equal(JSON.parse(body.toString('utf8')).format, 'ismsbook-register/1');
      }
    }
    assertNone(opened.problems, 'console errors or failed requests');
  } finally {
    await opened.close();
  }
});

for (const mode of MODES) {
  test(`each filter shows exactly the matching rows (${mode})`, async () => {
    const opened = await site.open(mode, 'register.html');
    try {
      const { page } = opened;
      const all = await rowState(page);
      assert.deepEqual(shown(all).sort(), ids(all).sort(), 'not every row is shown before filtering');
      await assertCount(page, all.length);
      for (const key of FILTERS) {
        const values = await page.$$eval(`#filter-${key} option`, (os) => os.map((o) => o.value).filter((v) => v !== ''));
        // A record with no assessment stage has none to filter by.
        const present = [...new Set(all.map((r) => r[key]))].filter((v) => v !== '');
        const unoffered = present.filter((v) => !values.includes(v));
        assert.deepEqual(unoffered, [], `#filter-${key} offers no option for values in the table`);
        for (const value of values) {
          await choose(page, key, value);
          const want = ids(all.filter((r) => r[key] === value));
          await expectShown(page, want, `#filter-${key} = ${value}`);
          await assertCount(page, want.length);
        }
        await choose(page, key, '');
        await expectShown(page, ids(all), `clearing #filter-${key} shows every row again`);
      }
      // Filters combine: the ransomware record's level and category together.
      const target = all.find((r) => r.id === String(ransomwareIncident().id));
      await choose(page, 'level', target.level);
      await choose(page, 'category', target.category);
      const want = ids(all.filter((r) => r.level === target.level && r.category === target.category));
      await expectShown(page, want, 'level and category together');
      assert.ok(want.includes(target.id));
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
    }
  });

  test(`the text filter works with Japanese input (${mode})`, async () => {
    const opened = await site.open(mode, 'register.html');
    try {
      const { page } = opened;
      const all = await rowState(page);
      const ransomware = String(ransomwareIncident().id);
      for (const query of ['ランサムウェア', 'メール']) {
        const want = ids(all.filter((r) => r.text.includes(query)));
        assert.ok(want.length > 0, `no row mentions ${query}: pick another query`);
        await typeFilter(page, query);
        await expectShown(page, want, `text filter "${query}"`);
        await assertCount(page, want.length);
        if (query === 'ランサムウェア') assert.ok(want.includes(ransomware), 'the ransomware record is not among the rows');
      }
      // Full-width input, as a Japanese IME often gives it, finds the same
      // record as its half-width id.
      const fullWidth = ransomware.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      await typeFilter(page, fullWidth);
      await expectShown(page, [ransomware], `text filter "${fullWidth}"`);
      await typeFilter(page, '');
      await expectShown(page, ids(all), 'clearing the text filter shows every row');
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
    }
  });

  test(`sorting by detection date orders the rows (${mode})`, async () => {
    const opened = await site.open(mode, 'register.html');
    try {
      const { page } = opened;
      const control = page.locator('#register-table thead [data-sort="detected"]').first();
      const order = async () => (await rowState(page)).filter((r) => r.visible).map((r) => r.detected);
      const ascending = (xs) => xs.every((x, i) => i === 0 || xs[i - 1] <= x);
      const descending = (xs) => xs.every((x, i) => i === 0 || xs[i - 1] >= x);
      await control.click();
      const first = await order();
      await control.click();
      const second = await order();
      assert.ok(first.length > 2, 'too few rows to judge sorting');
      assert.ok(
        (ascending(first) && descending(second)) || (descending(first) && ascending(second)),
        `two clicks did not give both orders:\n${first.join(' ')}\n${second.join(' ')}`,
      );
      assert.notDeepEqual(first, second);
      const sortState = await page
        .locator('#register-table thead th[aria-sort]')
        .evaluateAll((ths) => ths.map((th) => th.getAttribute('aria-sort')).filter((s) => s !== 'none'));
      assert.deepEqual(sortState.length, 1, 'the sorted column does not say so with aria-sort');
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
    }
  });
}
