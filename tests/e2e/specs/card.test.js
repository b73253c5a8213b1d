'use strict';
// card.html prints as two A4 pages in Chromium (the poster, then the
// wallet card), and both QR codes decode with zbarimg (an independent
// reader) to site.yaml's base_url + report.html.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const YAML = require('yaml');
const config = require('../lib/config');
const { useSite, MODES } = require('../lib/harness');
const { assertNone } = require('../lib/report');
const { PHONE } = config;

const site = useSite();

function expectedUrl() {
  const s = YAML.parse(fs.readFileSync(path.join(config.CONTENT_DIR, 'site.yaml'), 'utf8'));
  assert.ok(s.base_url, 'the example site.yaml sets base_url');
  return `${String(s.base_url).replace(/\/?$/, '/')}report.html`;
}

/** The MediaBox of every page of a PDF, as [width, height] in points
 *  (Chromium gives each page its own box and the page tree none). */
function pdfPages(pdf) {
  const boxes = pdf.toString('latin1').match(/\/MediaBox\s*\[[^\]]+\]/g) || [];
  return boxes.map((b) => {
    const n = b.replace(/^[^[]*\[/, '').replace(']', '').trim().split(/\s+/).map(Number);
    return [n[2] - n[0], n[3] - n[1]];
  });
}

test('card.html prints to exactly two A4 pages: the poster and the wallet card', async () => {
  const opened = await site.open('file', 'card.html');
  try {
    const pdf = await opened.page.pdf({ format: 'A4', preferCSSPageSize: true });
    const pages = pdfPages(pdf);
    const count = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
    assert.equal(count, 2, `the card prints to ${count} pages`);
    assert.equal(pages.length, 2, `page boxes: ${JSON.stringify(pages)}`);
    for (const [w, h] of pages) {
      // A4 is 595.28 × 841.89 pt; Chromium rounds to whole pixels.
      assert.ok(Math.abs(w - 595.3) < 2 && Math.abs(h - 841.9) < 2, `page is ${w}×${h} pt, not A4`);
    }
    assertNone(opened.problems, 'console errors or failed requests');
  } finally {
    await opened.close();
  }
});

for (const mode of MODES) {
  test(`the card's QR codes decode to base_url + report.html (${mode})`, async () => {
    const zbar = spawnSync('zbarimg', ['--version'], { encoding: 'utf8' });
    assert.ok(!zbar.error, 'zbarimg is missing: apt-get install zbar-tools (scripts/test.sh does it)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ismsbook-qr-'));
    const opened = await site.open(mode, 'card.html', { viewport: PHONE });
    try {
      const codes = opened.page.locator('svg.qr');
      assert.equal(await codes.count(), 2, 'a QR code on the poster and on the card');
      for (let i = 0; i < 2; i += 1) {
        const file = path.join(dir, `qr-${i}.png`);
        await codes.nth(i).screenshot({ path: file });
        const run = spawnSync('zbarimg', ['-q', '--raw', file], { encoding: 'utf8' });
        assert.equal(run.stdout.trim(), expectedUrl(), `QR ${i} decodes to ${run.stdout.trim()} (${run.stderr.trim()})`);
      }
      const overflow = await opened.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `card.html scrolls sideways by ${overflow} px at 390 px`);
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
