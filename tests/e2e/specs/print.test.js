'use strict';
// The incident page and its print-ready report, printed on A4: nothing
// wider than the paper.
const test = require('node:test');
const assert = require('node:assert/strict');
const { assertNone } = require('../lib/report');
const { useSite } = require('../lib/harness');
const { pageTypes } = require('../lib/site');
const { A4_WIDTH_PX } = require('../lib/config');

const site = useSite();

/** Elements sticking out to the right of the page, named for the report. */
function overflowing() {
  const doc = document.documentElement;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > doc.clientWidth + 1 && getComputedStyle(el).display !== 'none') {
      const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      wide.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} (right edge ${Math.round(r.right)} px)`);
    }
  }
  return { scroll: doc.scrollWidth, client: doc.clientWidth, wide };
}

for (const type of ['incident', 'report']) {
  test(`the ${type} page in print emulation fits A4 width`, async () => {
    const rel = pageTypes(site.siteDir)[type];
    const opened = await site.open('http', rel, { viewport: { width: A4_WIDTH_PX, height: 1123 }, media: 'print' });
    try {
      const { page } = opened;
      const sizes = await page.evaluate(overflowing);
      assertNone(sizes.wide, `${rel}: elements wider than A4 (${A4_WIDTH_PX} px)`);
      assert.ok(sizes.scroll <= sizes.client, `${rel} printed is ${sizes.scroll} px wide on ${sizes.client} px of A4`);
      // Chromium's own print path must also produce it on A4.
      const pdf = await page.pdf({ format: 'A4' });
      assert.ok(pdf.length > 1000, 'printing to PDF produced nothing');
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
    }
  });
}
