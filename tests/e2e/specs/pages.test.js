'use strict';
// Every generated page opens cleanly, from disk and from a web server: no
// console error, no uncaught exception, no failed request.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { assertNone } = require('../lib/report');
const { useSite, MODES } = require('../lib/harness');
const { htmlPages, pageTypes } = require('../lib/site');
const { settle } = require('../lib/browser');
const { tags } = require('../lib/links');

const site = useSite();

test('the site has a page of every type', () => {
  const types = pageTypes(site.siteDir);
  const missing = Object.entries(types)
    .filter(([, rel]) => !rel || !fs.existsSync(path.join(site.siteDir, rel)))
    .map(([type, rel]) => `${type} (${rel || 'no page in its folder'})`);
  assertNone(missing, 'missing pages');
});

test('every page declares an icon, so browsers do not request a missing /favicon.ico', () => {
  const without = htmlPages(site.siteDir).filter((rel) => {
    const html = fs.readFileSync(path.join(site.siteDir, rel), 'utf8');
    return ![...tags(html)].some((t) => t.name === 'link' && /(^|\s)icon(\s|$)/i.test(t.attrs.rel || '') && t.attrs.href);
  });
  assertNone(without, 'pages without <link rel="icon" href="…"> (Chromium then requests /favicon.ico and logs a 404)');
});

for (const mode of MODES) {
  test(`every page loads without console errors or failed requests (${mode})`, async () => {
    const pages = htmlPages(site.siteDir);
    assert.ok(pages.length > 0, 'the site has no HTML page');
    const report = [];
    const session = await site.session();
    try {
      for (const rel of pages) {
        await session.visit(site.urlFor(mode, rel));
        await settle(session.page);
        for (const p of session.problems) report.push(`${rel}: ${p}`);
      }
    } finally {
      await session.close();
    }
    assertNone(report, 'console errors or failed requests');
  });
}
