'use strict';
// `ismsbook serve` and a hostile web page open in the author's own browser
// while the preview runs. The page (here on http://localhost:<port>, another
// site than http://127.0.0.1:<preview port>) points `<script>` tags at the
// preview: the search shards (`self.ISMS_SEARCH.add(…)`) and the live-reload
// `version.js` call a global the page defines first, so a browser that ran
// them would hand the page the whole search index. The preview must refuse
// them (tests/serve_hostile.rs checks the headers; this checks Chromium).
//
//   node tests/e2e/run.js serve-hostile    # ISMSBOOK_BIN, else target/{release,debug}/ismsbook
const test = require('node:test');
const { before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { spawn } = require('node:child_process');
const config = require('../lib/config');
const { tool } = require('../lib/corpus');
const { launchBrowser } = require('../lib/browser');

const TODAY = process.env.ISMSBOOK_TODAY || '2026-11-22';

let preview;
let hostile;
let browser;

/** `serve --port 0` on the example; resolves with its origin once it prints it. */
function startPreview() {
  const [bin, binArgs] = process.env.ISMSBOOK_BIN ? [process.env.ISMSBOOK_BIN, []] : tool(null);
  const args = [...binArgs, 'serve', '--port', '0', '--today', TODAY, '--content', config.CONTENT_DIR, '-q'];
  const child = spawn(bin, args, { cwd: config.REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/(127\.0\.0\.1:\d+)\//);
      if (m) resolve({ child, origin: `http://${m[1]}` });
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before serving: ${out}`)));
  });
}

/** The hostile page, on localhost at a free port. */
function startHostile(target) {
  const page = `<!doctype html><meta charset="utf-8"><title>hostile</title>
<script>
self.ISMS_SEARCH = { q: [], add: function (n, d) { this.q.push([n, JSON.stringify(d).length]); } };
self.versions = [];
self.__ismsbookVersion = function (v) { self.versions.push(v); };
self.loaded = [];
</script>
<script src="${target}/search/meta.js" onload="loaded.push('meta')"></script>
<script src="${target}/search/t-0.js" onload="loaded.push('t-0')"></script>
<script src="${target}/search/d-0.js" onload="loaded.push('d-0')"></script>
<script src="${target}/__ismsbook/version.js?p=%2Findex.html&t=1" onload="loaded.push('version')"></script>
<script src="${target}/__ismsbook/livereload.js" onload="loaded.push('livereload')"></script>
<img src="${target}/static/favicon.svg" onload="loaded.push('img')">
`;
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://localhost:${server.address().port}` }));
  });
}

before(async () => {
  preview = await startPreview();
  hostile = await startHostile(preview.origin);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (hostile) hostile.server.close();
  if (preview) preview.child.kill();
});

test('a page of another site cannot read the preview through script tags', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${hostile.origin}/`, { waitUntil: 'load' });
  const got = await page.evaluate(() => ({
    shards: self.ISMS_SEARCH.q,
    versions: self.versions,
    loaded: self.loaded,
  }));
  await context.close();
  assert.deepEqual(got.shards, [], `the page received search shards: ${JSON.stringify(got)}`);
  assert.deepEqual(got.versions, [], `the page learnt page versions: ${JSON.stringify(got)}`);
  assert.deepEqual(got.loaded, [], `the page loaded the preview's files: ${JSON.stringify(got)}`);
});

test('the preview itself still searches, and a link from another site opens it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('requestfailed', (r) => problems.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.url()} ${r.status()}`));
  await page.goto(`${preview.origin}/search.html?q=${encodeURIComponent('ランサムウェア')}`);
  await page.locator('#search-results a[href]').first().waitFor({ state: 'visible', timeout: 15000 });
  assert.deepEqual(problems, [], 'requests of the preview itself failed');
  // Followed from the hostile page: a navigation, which the author sees.
  await page.goto(`${hostile.origin}/`, { waitUntil: 'load' });
  await page.evaluate((url) => {
    const a = document.createElement('a');
    a.href = url;
    a.textContent = 'preview';
    document.body.append(a);
  }, `${preview.origin}/index.html`);
  const [opened] = await Promise.all([
    page.waitForNavigation({ url: `${preview.origin}/index.html` }),
    page.click('text=preview'),
  ]);
  assert.equal(opened.status(), 200);
  await context.close();
});
