'use strict';
// A fresh `ismsbook init` site, as staff meet it on a 390 px phone the day
// it goes up: the everyday words they type when something has gone wrong
// (USB, スマホ, 漏洩 as the IME writes it, half- and full-width forms) find
// the handbook's guidance, from file:// and over http. Before, on the
// starter site, `USB`, `スマホ` and `漏洩` found nothing at all.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const config = require('../lib/config');
const { assertNone } = require('../lib/report');
const { useSite, MODES } = require('../lib/harness');
const { PHONE } = require('../lib/config');

/** `ismsbook init` then `ismsbook build`, with the binary the suite uses. */
function buildStarter() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ismsbook-starter-'));
  const release = path.join(config.REPO_ROOT, 'target', 'release', 'ismsbook');
  const bin = process.env.ISMSBOOK_BIN || (fs.existsSync(release) ? release : null);
  const [cmd, args] = bin ? [bin, []] : ['cargo', ['run', '--quiet', '--release', '--']];
  const content = path.join(dir, 'content');
  const out = path.join(dir, 'site');
  for (const step of [['init', content, '--lang', 'ja'], ['build', '--content', content, '--out', out, '-q']]) {
    const run = spawnSync(cmd, [...args, ...step], { cwd: config.REPO_ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`ismsbook ${step[0]} failed:\n${run.stderr}`);
  }
  return out;
}

let built;
const site = useSite(() => {
  built = built || buildStarter();
  return built;
});

const QUERIES = ['USB', 'ＵＳＢ', 'usbメモリ', 'スマホ', 'ｽﾏﾎ', '漏洩', '漏えい', 'なくした', 'パスワード', 'ウイルス', '誤送信'];
const RECORD = /\/(incidents|drills)\/[^/]+\.html/;

for (const mode of MODES) {
  test(`a fresh init site: staff's words find guidance at 390 px (${mode})`, async () => {
    const missing = [];
    for (const q of QUERIES) {
      const opened = await site.open(mode, `search.html?q=${encodeURIComponent(q)}`, { viewport: PHONE });
      try {
        const { page } = opened;
        await page.waitForFunction(() => {
          const box = document.querySelector('#search-results');
          return box && (box.querySelector('a[href]') || /見つかりません/.test(box.textContent));
        }, null, { timeout: 10000 });
        const hrefs = await page.$$eval('#search-results .search-result a[href]', (as) => as.map((a) => a.href));
        if (hrefs.length === 0) missing.push(`${q}: nothing found`);
        else if (RECORD.test(hrefs[0])) missing.push(`${q}: the first result is a record: ${hrefs[0]}`);
        assertNone(opened.problems, `${q}: console errors or failed requests`);
      } finally {
        await opened.close();
      }
    }
    assert.deepEqual(missing, []);
  });
}
