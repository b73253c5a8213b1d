'use strict';
// The incident page and its print-ready report, printed on A4: nothing
// wider than the paper; in Chromium's own PDF, every page carries the
// record id and "page / pages", and no page is blank (read back with the
// independent PDF parser pypdf).
const test = require('node:test');
const assert = require('node:assert/strict');
const { assertNone } = require('../lib/report');
const { useSite } = require('../lib/harness');
const { pageTypes } = require('../lib/site');
const { A4_WIDTH_PX } = require('../lib/config');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

/** The text of each page of a PDF, by pypdf. */
function pdfPages(pdf) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ismsbook-pdf-')), 'page.pdf');
  fs.writeFileSync(file, pdf);
  const script = 'import json, sys, pypdf\n'
    + 'print(json.dumps([p.extract_text() or "" for p in pypdf.PdfReader(sys.argv[1]).pages]))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
}

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

for (const type of ['incident', 'report']) {
  test(`the ${type} page's PDF has the record id and page number on every page and no blank page`, async () => {
    const rel = pageTypes(site.siteDir)[type];
    const id = path.basename(rel, '.html');
    const opened = await site.open('http', rel, { viewport: { width: A4_WIDTH_PX, height: 1123 }, media: 'print' });
    try {
      const pdf = await opened.page.pdf({ format: 'A4', preferCSSPageSize: true });
      const pages = pdfPages(pdf);
      assert.ok(pages.length >= 2, `${rel}: expected several pages, got ${pages.length}`);
      pages.forEach((text, i) => {
        const number = `${i + 1} / ${pages.length}`;
        assert.ok(text.includes(id), `${rel} page ${i + 1}: no record id ${id}`);
        assert.ok(text.includes(number), `${rel} page ${i + 1}: no page number "${number}"`);
        const body = text.split(id).join('').split(number).join('').trim();
        assert.ok(body.length > 40, `${rel} page ${i + 1} is blank but for the margins: ${JSON.stringify(body)}`);
      });
    } finally {
      await opened.close();
    }
  });
}
