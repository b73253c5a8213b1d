'use strict';
// Tried as an auditor would: from the audit view (controls.html), one click
// reaches the list of every non-conformity with its recorded reason, and a
// second click the record it belongs to, whose #deviations section shows
// the same reason. Reasons are read from the example's YAML, not from the
// page under test; the page's counts must match its own rows.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { assertNone } = require('../lib/report');
const { useSite, MODES } = require('../lib/harness');
const { incidentRecords } = require('../lib/site');

const site = useSite();

/** The first line of each reason the example records in `deviations:`. */
function recordedReasons() {
  const out = [];
  for (const r of incidentRecords()) {
    for (const d of r.deviations || []) {
      out.push({ id: r.id, about: d.about, line: String(d.reason).trim().split('\n')[0].trim() });
    }
  }
  return out;
}

for (const mode of MODES) {
  test(`every non-conformity and its reason is two clicks from the audit view (${mode})`, async () => {
    const reasons = recordedReasons();
    assert.ok(reasons.length > 0, 'the example records no explained deviation');
    const opened = await site.open(mode, 'controls.html');
    try {
      const { page } = opened;
      // Click 1: the audit view's link to the non-conformities.
      await page.locator('.nonconformities-summary a').click();
      await page.waitForURL('**/nonconformities.html');
      const rows = await page.$$eval('table.deviations tbody tr', (trs) => trs.map((tr) => ({
        explained: tr.classList.contains('explained'),
        record: tr.querySelector('td a') ? tr.querySelector('td a').textContent.trim() : '',
        href: tr.querySelector('td a') ? tr.querySelector('td a').getAttribute('href') : '',
        reason: (tr.querySelector('.deviation-reason') || tr).innerText.trim(),
      })));
      assert.ok(rows.length >= reasons.length, `only ${rows.length} rows`);
      for (const r of rows) {
        assert.ok(r.record && r.href, 'a row without a link to its record');
        assert.ok(r.reason.length > 0, `${r.record}: no reason and no "no reason" flag`);
      }
      for (const want of reasons) {
        assert.ok(
          rows.some((r) => r.record === want.id && r.explained && r.reason.includes(want.line)),
          `${want.id} ${want.about}: its reason is not on the page`,
        );
      }
      // The counts on the page are those of its rows.
      const count = (name) => page.locator(`.kpi-value[data-count="${name}"]`).innerText();
      assert.equal(Number(await count('explained')), rows.filter((r) => r.explained).length);
      assert.equal(Number(await count('unexplained')), rows.filter((r) => !r.explained).length);
      // Click 2: the record, at its non-conformities, with the same reason.
      const want = reasons[0];
      const row = page.locator('table.deviations tbody tr.explained', { hasText: want.line }).first();
      await row.locator('td a').first().click();
      await page.waitForURL(`**/incidents/${want.id}.html#deviations`);
      const section = await page.locator('#deviations').innerText();
      assert.ok(section.includes(want.line), `${want.id}#deviations lacks the reason`);
      assert.equal(path.basename(new URL(page.url()).pathname), `${want.id}.html`);
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
    }
  });
}
