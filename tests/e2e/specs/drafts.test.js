'use strict';
// Notification drafts appear only in a build for an audience that hides
// nothing, so this spec builds the auditor site of the example itself (the
// rest of the suite uses the default, staff build) and checks the record
// page that has the most drafts: valid HTML, no serious axe finding at 390
// px, no sideways scrolling, opened from file://, missing items visible.
const test = require('node:test');
const { before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const config = require('../lib/config');
const { launchBrowser, makeUrlFor, openPage } = require('../lib/browser');
const { seriousViolations, formatViolations } = require('../lib/axe');
const { validate, formatErrors } = require('../lib/vnu');
const { assertNone } = require('../lib/report');
const { PHONE } = config;

const TODAY = process.env.ISMSBOOK_TODAY || '2026-11-22';
/** The ransomware record: every rule with a draft applies to it. */
const RECORD = 'incidents/INC-2025-006.html';

const ctx = {};

before(async () => {
  ctx.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ismsbook-drafts-'));
  const out = path.join(ctx.dir, 'site');
  const bin = process.env.ISMSBOOK_BIN || path.join(config.REPO_ROOT, 'target', 'release', 'ismsbook');
  const [cmd, args] = fs.existsSync(bin) ? [bin, []] : ['cargo', ['run', '--quiet', '--release', '--']];
  const run = spawnSync(
    cmd,
    [...args, 'build', '--content', config.CONTENT_DIR, '--out', out, '--today', TODAY, '--audience', 'auditor'],
    { cwd: config.REPO_ROOT, encoding: 'utf8' },
  );
  assert.equal(run.status, 0, `the auditor build failed:\n${run.stderr}`);
  ctx.site = out;
  ctx.browser = await launchBrowser();
  ctx.urlFor = makeUrlFor(out, 'http://127.0.0.1:9');
});

after(async () => {
  if (ctx.browser) await ctx.browser.close();
  if (ctx.dir) fs.rmSync(ctx.dir, { recursive: true, force: true });
});

test('the record page with drafts is valid HTML', () => {
  const errors = validate([path.join(ctx.site, RECORD)]);
  assertNone(formatErrors(errors, ctx.site), 'Nu HTML Checker errors');
});

test('drafts at 390 px from file://: visible, marked where missing, no sideways scroll, no serious axe finding', async () => {
  const opened = await openPage(ctx.browser, ctx.urlFor('file', RECORD), { viewport: PHONE });
  try {
    const { page } = opened;
    const drafts = page.locator('section#drafts article.draft');
    assert.ok((await drafts.count()) >= 3, 'the ransomware record has the PPC, IPA and police drafts');
    assert.ok(await page.locator('#draft-ppc_leak').isVisible(), 'the PPC draft is shown');
    const missing = page.locator('#draft-ppc_leak mark.draft-missing');
    assert.ok((await missing.count()) > 0, 'the example record leaves some PPC items empty');
    assert.ok(await missing.first().isVisible(), 'a missing item is visible');
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    assert.ok(widths.scroll <= widths.client, `the page scrolls sideways: ${widths.scroll} px in ${widths.client} px`);
    // Before axe: axe's own stylesheet fetches are refused under file://
    // by the page's CSP (the rest of the suite runs axe over http).
    assertNone(opened.problems, 'console errors or failed requests');
    const violations = await seriousViolations(page);
    assertNone(formatViolations(violations), 'serious axe violations');
  } finally {
    await opened.close();
  }
});
