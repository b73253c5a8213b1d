'use strict';
// A generated register for the specs that need more records than the
// example has (examples/gen_corpus.rs, built by the repository's release or
// debug binary, or `ISMSBOOK_BIN`), and the walk through a paged list.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const config = require('./config');

const TODAY = process.env.ISMSBOOK_TODAY || '2026-11-22';
/** The most rows a page of a paged list holds (src/render/pages/paging.rs). */
const PAGE_ROWS = 500;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: config.REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
}

/** A tool of the repository: its release or debug build, else cargo. */
function tool(example) {
  const rel = example ? path.join('examples', example) : 'ismsbook';
  for (const profile of ['release', 'debug']) {
    const p = path.join(config.REPO_ROOT, 'target', profile, rel);
    if (fs.existsSync(p)) return [p, []];
  }
  return ['cargo', ['run', '--quiet', '--release', ...(example ? ['--example', example] : []), '--']];
}

/** Generates a corpus of `records` records and builds its site; returns the site's folder. */
function buildCorpusSite(records, name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ismsbook-${name}-`));
  const content = path.join(dir, 'content');
  const [gen, genArgs] = tool('gen_corpus');
  run(gen, [...genArgs, String(records), content, '--today', TODAY]);
  const [bin, binArgs] = process.env.ISMSBOOK_BIN ? [process.env.ISMSBOOK_BIN, []] : tool(null);
  run(bin, [...binArgs, 'build', '--content', content, '--out', path.join(dir, 'site'), '--today', TODAY, '-q']);
  return path.join(dir, 'site');
}

/**
 * Walks a paged list from its first page by the "next" links, checking on
 * each page the pager's numbered links and "previous"; returns the rows in
 * page order and the number of pages.
 */
async function walk(page, firstUrl, rowsOf, { nav = 'nav.pager', navs = 2 } = {}) {
  const all = [];
  let url = firstUrl;
  let pages = 0;
  let previousUrl = null;
  while (url) {
    await page.goto(url);
    pages++;
    const rows = await rowsOf(page);
    assert.ok(rows.length <= PAGE_ROWS, `${url} holds ${rows.length} rows (more than ${PAGE_ROWS})`);
    all.push(rows);
    const pager = await page.$$eval(nav, (found) =>
      found.map((n) => ({
        current: (n.querySelector('[aria-current="page"]') || {}).textContent,
        currentHref: (n.querySelector('[aria-current="page"]') || {}).href,
        numbers: [...n.querySelectorAll('li a:not([rel])')].map((a) => a.href),
        prev: (n.querySelector('a[rel="prev"]') || {}).href || null,
        next: (n.querySelector('a[rel="next"]') || {}).href || null,
      })),
    );
    if (pager.length === 0) return { rows: all, pages };
    assert.equal(pager.length, navs, `${url}: ${navs} pager(s) expected`);
    assert.equal(pager[0].current, String(pages), `${url}: the pager marks the wrong page as current`);
    assert.equal(pager[0].currentHref, url, `${url}: the current page's number does not link to itself`);
    // A long list's pager links its ends, the pages near this one and every
    // tenth (render::pages::paging); previous and next always.
    assert.ok(pager[0].numbers.length <= 12 + 40, `${url}: the pager links ${pager[0].numbers.length} pages`);
    assert.equal(pager[0].prev, previousUrl, `${url}: "previous" does not lead back`);
    if (navs === 2) assert.deepEqual(pager[0], pager[1], `${url}: the two pagers differ`);
    previousUrl = url;
    url = pager[0].next;
  }
  return { rows: all, pages };
}

module.exports = { PAGE_ROWS, buildCorpusSite, tool, walk };
