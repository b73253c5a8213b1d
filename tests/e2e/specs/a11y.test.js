'use strict';
// Accessibility: axe-core on one page of every type, and a keyboard-only
// walk that must reach the search box, the register filters and links.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { assertNone } = require('../lib/report');
const { useSite } = require('../lib/harness');
const { pageTypes } = require('../lib/site');
const { seriousViolations, formatViolations } = require('../lib/axe');
const { settle } = require('../lib/browser');
const { PHONE, DESKTOP } = require('../lib/config');

const site = useSite();

test('axe finds no serious or critical violations on any page type', async (t) => {
  const report = [];
  for (const viewport of [DESKTOP, PHONE]) {
    const session = await site.session({ viewport });
    try {
      for (const [type, rel] of Object.entries(pageTypes(site.siteDir))) {
        if (!rel || !fs.existsSync(path.join(site.siteDir, rel))) continue; // pages.test.js reports it
        await session.visit(site.urlFor('http', rel));
        await settle(session.page);
        const violations = await seriousViolations(session.page);
        for (const line of formatViolations(violations)) report.push(`${rel} (${type}, ${viewport.width} px): ${line}`);
      }
    } finally {
      await session.close();
    }
  }
  t.diagnostic(`axe checked ${Object.keys(pageTypes(site.siteDir)).length} page types at ${DESKTOP.width} and ${PHONE.width} px`);
  assertNone(report, 'serious or critical axe violations');
});

test('axe finds no serious violations in search results', async () => {
  const opened = await site.open('http', `search.html?q=${encodeURIComponent('ランサムウェア')}`);
  try {
    await opened.page.locator('#search-results a[href]').first().waitFor({ timeout: 10000 });
    assertNone(formatViolations(await seriousViolations(opened.page)), 'serious or critical axe violations');
  } finally {
    await opened.close();
  }
});

/**
 * Presses Tab up to `limit` times and returns a description of each element
 * that got focus, in order.
 */
async function tabThrough(page, limit) {
  const seen = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return {
        tag: el.tagName.toLowerCase(),
        id: el.id || '',
        type: el.getAttribute('type') || '',
        href: el.getAttribute('href') || '',
        inHeader: !!el.closest('header'),
        visible: r.width > 0 && r.height > 0,
        // A focus indicator: an outline, or a box-shadow ring.
        indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
      };
    });
    if (focused) seen.push(focused);
  }
  return seen;
}

test('keyboard alone reaches the search box, every register filter and the incident links', async () => {
  const opened = await site.open('http', 'register.html');
  try {
    const { page } = opened;
    await settle(page);
    const rows = await page.locator('#register-table tbody tr').count();
    const seen = await tabThrough(page, 40 + rows * 2);
    const ids = new Set(seen.map((f) => f.id));
    const missing = ['filter-level', 'filter-category', 'filter-status', 'filter-year', 'filter-text'].filter(
      (id) => !ids.has(id),
    );
    assert.deepEqual(missing, [], `Tab never reached: ${missing.join(', ')}`);
    assert.ok(
      seen.some((f) => f.tag === 'input' && (f.type === 'search' || /search/.test(f.id))),
      'Tab never reached a search box',
    );
    assert.ok(seen.some((f) => f.tag === 'a' && /incidents\//.test(f.href)), 'Tab never reached an incident link');
    const hidden = seen.filter((f) => !f.visible).map((f) => f.id || `${f.tag} ${f.href}`);
    assertNone(hidden, 'focus landed on invisible elements');
    const unmarked = seen.filter((f) => !f.indicator).map((f) => f.id || `${f.tag} ${f.href}`);
    assertNone(unmarked, 'focused elements without a visible focus indicator');
  } finally {
    await opened.close();
  }
});

test('keyboard alone opens an incident from the register', async () => {
  const opened = await site.open('http', 'register.html');
  try {
    const { page } = opened;
    await settle(page);
    let reached = false;
    for (let i = 0; i < 200 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => /incidents\/[^/]+\.html$/.test(document.activeElement?.getAttribute('href') || ''));
    }
    assert.ok(reached, 'Tab never reached an incident link');
    await Promise.all([page.waitForURL(/incidents\/[^/]+\.html$/), page.keyboard.press('Enter')]);
  } finally {
    await opened.close();
  }
});

test('keyboard alone reaches the search box on the search page', async () => {
  const opened = await site.open('http', 'search.html');
  try {
    const seen = await tabThrough(opened.page, 40);
    assert.ok(seen.some((f) => f.id === 'search-input'), 'Tab never reached #search-input');
  } finally {
    await opened.close();
  }
});
