'use strict';
// The record page printed on A4 is the incident report: nothing wider than
// the paper; in Chromium's own PDF (read back with the independent PDF
// parser pypdf) every page carries the record id and "page / pages", no page
// is blank, the report's sections come in the template's order with the
// prepared/approved block, and navigation stays off paper.
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

test('the record page in print emulation fits A4 width', async () => {
  const rel = pageTypes(site.siteDir).incident;
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

/** The report's headings, in the order of the report template. */
const REPORT_HEADINGS = [
  '1. 概要', '2. 日時', '3. 発生事象', '4. 対応経過', '5. 想定される原因',
  '6. 被害を受けたシステムの状況', '7. システム構成・運用状況', '8. 社外への届出', '9. 再発防止策',
];

// One page per record: printed, incidents/<id>.html is the incident report
// (reports/<id>.html is gone).
test("the record page's PDF is the report: id and page number on every page, sections in the template's order, sign-off block, no navigation, no blank page", async () => {
  const rel = pageTypes(site.siteDir).incident;
  const id = path.basename(rel, '.html');
  assert.ok(!fs.existsSync(path.join(site.siteDir, 'reports')), 'reports/ is no longer built');
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
    // pypdf puts spaces between the letters of bold text: compare without.
    const squash = (text) => text.replace(/\s+/g, '');
    const all = squash(pages.join('\n'));
    assert.ok(all.includes('事故報告書'), 'the printout says it is the incident report');
    let at = 0;
    for (const h of [...REPORT_HEADINGS, '作成・承認']) {
      const found = all.indexOf(squash(h), at);
      assert.ok(found >= 0, `"${h}" missing from the printout or out of the report template's order`);
      at = found;
    }
    for (const cell of ['作成', '承認', '役割', '氏名', '日付', '署名・印']) {
      assert.ok(all.includes(squash(cell)), `the prepared/approved block lacks "${cell}"`);
    }
    // Navigation and screen-only parts stay off paper.
    for (const screenOnly of ['報告フロー', '前の記録', '次の記録', '印刷（A4）すると', 'サイト内を検索']) {
      assert.ok(!all.includes(squash(screenOnly)), `"${screenOnly}" is printed`);
    }
    // A heading is never the last thing on a page: it goes with its table or text.
    pages.slice(0, -1).forEach((text, i) => {
      const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.includes(`${i + 1} / ${pages.length}`) && !l.startsWith(id));
      const last = squash(lines[lines.length - 1] || '');
      assert.ok(!REPORT_HEADINGS.map(squash).includes(last), `page ${i + 1} ends with the heading "${last}"`);
    });
  } finally {
    await opened.close();
  }
});

test('on screen the record page shows none of the print-only report parts', async () => {
  const rel = pageTypes(site.siteDir).incident;
  const opened = await site.open('http', rel, { viewport: { width: 1280, height: 900 } });
  try {
    const text = await opened.page.evaluate(() => document.body.innerText);
    for (const printOnly of ['1. 概要', '9. 再発防止策', '作成・承認', '元データ', '署名・印']) {
      assert.ok(!text.includes(printOnly), `"${printOnly}" shows on screen`);
    }
    for (const screen of ['何が起きたか', '是正処置', '印刷（A4）すると']) {
      assert.ok(text.includes(screen), `"${screen}" missing on screen`);
    }
  } finally {
    await opened.close();
  }
});
