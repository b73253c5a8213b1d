'use strict';
// The notification compliance page in pages, tried on a generated register
// of 3,000 records (examples/gen_corpus.rs) with JavaScript off and from
// file://: following the pager from compliance.html reaches every case (a
// record under a rule) exactly once, as many as the rule list counts, at
// most 500 a page; every page carries the same totals; each rule of the
// list leads to the page where its records start. Nu HTML Checker and axe
// (1280 and 390 px) on the pages.
const test = require('node:test');
const assert = require('node:assert/strict');
const config = require('../lib/config');
const { assertNone } = require('../lib/report');
const { useSite } = require('../lib/harness');
const { validate, formatErrors } = require('../lib/vnu');
const { seriousViolations, formatViolations } = require('../lib/axe');
const { settle } = require('../lib/browser');
const { PAGE_ROWS, buildCorpusSite, walk } = require('../lib/corpus');
const fs = require('node:fs');
const path = require('node:path');

const RECORDS = 3000;

let built;
const corpus = useSite(() => {
  built = built || buildCorpusSite(RECORDS, 'compliance');
  return built;
});

test('compliance pages through every case of every rule once, each rule linked where it starts', async () => {
  const opened = await corpus.open('file', 'compliance.html', { javaScriptEnabled: false });
  try {
    const { page } = opened;
    const toc = await page.$$eval('nav.toc li', (lis) =>
      lis.map((li) => ({ href: li.querySelector('a').href, count: Number(li.querySelector('.muted').textContent.replace(/\D/g, '')) })),
    );
    const total = toc.reduce((n, r) => n + r.count, 0);
    assert.ok(total > PAGE_ROWS, `only ${total} cases: too few to test paging`);
    const totals = await page.locator('.kpis').innerText();
    // A case: the rule's section and the record of its first line.
    const casesOf = (p) =>
      p.$$eval('section.rule', (ss) =>
        ss.flatMap((s) => [...s.querySelectorAll('tbody tr')].filter((tr) => tr.querySelector('td[rowspan]')).map((tr) => `${s.id}|${tr.dataset.record}`)),
      );
    const { rows, pages } = await walk(page, page.url(), casesOf);
    const flat = rows.flat();
    assert.equal(flat.length, total, 'the pages do not hold every case the rule list counts');
    assert.equal(new Set(flat).size, flat.length, 'a case is listed twice');
    assert.equal(pages, Math.ceil(total / PAGE_ROWS));
    for (const r of toc) {
      const rule = r.href.split('#')[1];
      assert.equal(flat.filter((c) => c.startsWith(`${rule}|`)).length, r.count, `${rule}: count`);
      await page.goto(r.href);
      assert.equal(await page.locator(`section#${rule}`).count(), 1, `${r.href} does not hold the rule's section`);
      assert.equal(await page.locator('.kpis').innerText(), totals, `${r.href}: other totals`);
      const first = await casesOf(page);
      if (r.count > 0) assert.ok(first.some((c) => c.startsWith(`${rule}|`)), `${r.href} is not where the rule's records start`);
    }
    assertNone(opened.problems, 'console errors or failed requests');
  } finally {
    await opened.close();
  }
});

test('the compliance pages are valid HTML, and axe finds nothing serious on them at 1280 and 390 px', async () => {
  const dir = corpus.siteDir;
  const rels = ['compliance.html'].concat(fs.readdirSync(path.join(dir, 'compliance')).map((f) => `compliance/${f}`));
  assert.ok(rels.length > 1, 'compliance.html is not paged');
  assertNone(formatErrors(validate(rels.map((r) => path.join(dir, r))), dir), 'HTML errors');
  const report = [];
  for (const viewport of [config.DESKTOP, config.PHONE]) {
    const session = await corpus.session({ viewport });
    try {
      for (const rel of rels.slice(0, 2)) {
        await session.visit(corpus.urlFor('http', rel));
        await settle(session.page);
        for (const line of formatViolations(await seriousViolations(session.page))) {
          report.push(`${rel} (${viewport.width} px): ${line}`);
        }
        const { scroll, client } = await session.page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        if (scroll > client) report.push(`${rel} is ${scroll} px wide on a ${client} px screen`);
        assertNone(session.problems, `${rel}: console errors or failed requests`);
      }
    } finally {
      await session.close();
    }
  }
  assertNone(report, 'accessibility or layout problems');
});
