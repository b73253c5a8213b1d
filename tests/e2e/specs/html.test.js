'use strict';
// Every generated page is valid HTML (Nu HTML Checker) and every internal
// link and #anchor resolves.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { assertNone } = require('../lib/report');
const { siteDir } = require('../lib/config');
const { htmlPages } = require('../lib/site');
const { validate, formatErrors } = require('../lib/vnu');
const { checkLinks } = require('../lib/links');

test('the Nu HTML Checker reports no errors on any generated page', (t) => {
  const root = siteDir();
  const files = htmlPages(root).map((rel) => path.join(root, rel));
  assert.ok(files.length > 0, 'no HTML pages');
  const errors = formatErrors(validate(files), root);
  t.diagnostic(`vnu checked ${files.length} pages`);
  assertNone(errors, 'HTML errors');
});

test('every internal link and #anchor resolves, and no asset comes from outside', (t) => {
  const result = checkLinks(siteDir());
  t.diagnostic(`${result.checked} references on ${result.pages} pages`);
  assert.ok(result.checked > 0, 'no references found');
  assertNone(result.problems, 'broken links');
});
