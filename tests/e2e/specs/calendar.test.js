'use strict';
// The deadline calendar: reached from the dashboard, readable on a 390 px
// phone without sideways scrolling, complete with JavaScript off, and the
// record page's link to its own .ics file.
const test = require('node:test');
const assert = require('node:assert/strict');
const { assertNone } = require('../lib/report');
const { useSite, MODES } = require('../lib/harness');
const { PHONE } = require('../lib/config');

const site = useSite();

for (const mode of MODES) {
  test(`the calendar page is linked from the dashboard and fits a 390 px phone (${mode})`, async () => {
    // JavaScript off: the page is a plain table.
    const opened = await site.open(mode, 'dashboard.html', { viewport: PHONE, javaScriptEnabled: false });
    try {
      const { page } = opened;
      await page.locator('a[href="calendar.html"]').first().click();
      await page.waitForURL(/calendar\.html$/);
      const rows = await page.locator('table.calendar-table tbody tr').count();
      assert.ok(rows > 0, 'the example has open deadlines');
      const first = await page.locator('table.calendar-table tbody tr').first().getAttribute('class');
      assert.match(first, /overdue/, 'overdue deadlines come first');
      const ics = page.locator('a[href="calendar.ics"]');
      assert.equal(await ics.count(), 1, 'the page links calendar.ics');
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      assert.ok(widths.scroll <= widths.client, `the page scrolls sideways: ${widths.scroll} px content in ${widths.client} px`);
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
    }
  });
}

test('a record page with open deadlines links its own calendar file', async () => {
  // INC-2026-007 has an overdue corrective action in the example.
  const id = 'INC-2026-007';
  const opened = await site.open('file', `incidents/${id}.html`);
  try {
    const link = opened.page.locator(`a[href="../incidents/${id}.ics"]`);
    assert.equal(await link.count(), 1, 'one link to the record .ics');
    assertNone(opened.problems, 'console errors or failed requests');
  } finally {
    await opened.close();
  }
});
