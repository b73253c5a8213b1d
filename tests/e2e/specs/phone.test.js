'use strict';
// The staff pages on a 390 px phone, opened from file:// as a stressed
// employee would: the start page shows what to do and the first-report call
// button on its first screen; six situations reach the right number (per
// policy.yaml's flow and contacts.yaml) within two taps and one swipe; call
// and mail links are at least 44 × 44 px and no text is below 14 px on the
// start, flow, levels, contacts and report pages.
const test = require('node:test');
const assert = require('node:assert/strict');
const { assertNone } = require('../lib/report');
const { useSite } = require('../lib/harness');
const { policy, contacts } = require('../lib/site');
const { PHONE } = require('../lib/config');

const site = useSite();
const digits = (s) => String(s).replace(/\D/g, '');

/** The role the finder calls first: the one the flow's first step names. */
function firstReportRole() {
  const p = policy();
  const start = p.flow.find((n) => n.kind === 'start');
  const next = p.flow.find((n) => n.id === (typeof start.next[0] === 'string' ? start.next[0] : start.next[0].to));
  const named = p.roles.filter((r) => next.label.includes(r.name.split('（')[0]));
  assert.equal(named.length, 1, `the flow's first step names one role: ${next.label}`);
  const person = contacts().internal.find((c) => c.role === named[0].id);
  assert.ok(person && person.first_report, `${named[0].id} is a first-report contact in contacts.yaml`);
  return person;
}

/** Six situations and the number each must reach, from the site's own rules. */
function scenarios() {
  const first = firstReportRole();
  assert.ok(first.after_hours, 'the first-report contact has an after-hours number');
  return [
    ['phishing link clicked', first.phone],
    ['phone lost', first.phone],
    ['mail sent to the wrong address', first.phone],
    ['ransomware note on screen', first.phone],
    ['password on a sticky note', first.phone],
    ['first contact unreachable at night', first.after_hours],
  ];
}

test('start page at 390 px: the first screen shows what to do and the first-report call button', async () => {
  const opened = await site.open('file', 'index.html', { viewport: PHONE });
  try {
    const { page } = opened;
    const first = firstReportRole();
    const steps = page.locator('.first-steps');
    const stepsBox = await steps.boundingBox();
    assert.ok(stepsBox && stepsBox.y < PHONE.height, 'the steps start on the first screen');
    const call = page.locator(`main a.btn-call[href^="tel:"]`).first();
    assert.equal(digits(await call.getAttribute('href')), digits(first.phone), 'the first call button dials the first-report contact');
    const box = await call.boundingBox();
    assert.ok(box.y + box.height <= PHONE.height, `the first call button ends at ${Math.round(box.y + box.height)} px, below the first screen`);
    // Only the finder's own steps: none names another role as its actor.
    const actors = await page.$$eval('.first-steps .step-actor', (els) => els.length);
    assert.equal(actors, 0, 'the start page lists the finder\'s own steps only');
    // Phone numbers never break across lines.
    const broken = await page.$$eval('main .btn-call .btn-value, main .link-tel', (els) =>
      els.filter((e) => e.getClientRects().length > 1 || e.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(e).lineHeight || '20')).map((e) => e.textContent));
    assert.deepEqual(broken, [], 'phone numbers broken over lines');
    // The header navigation scrolls with a visible scrollbar, never cut off silently.
    const nav = await page.$eval('#site-nav ul', (ul) => ({ over: ul.scrollWidth > ul.clientWidth, bar: getComputedStyle(ul).scrollbarWidth, x: getComputedStyle(ul).overflowX }));
    if (nav.over) assert.ok(nav.x === 'auto' && nav.bar !== 'none', `the navigation is cut off without a sign: ${JSON.stringify(nav)}`);
    assertNone(opened.problems, 'console errors or failed requests');
  } finally {
    await opened.close();
  }
});

for (const [name, number] of scenarios()) {
  test(`scenario "${name}": the right call button within two taps and one swipe (390 px, file://)`, async () => {
    const opened = await site.open('file', 'index.html', { viewport: PHONE });
    try {
      const { page } = opened;
      // The start page shows the button on its first screen or after one swipe.
      const buttons = await page.$$eval('main a[href^="tel:"]', (as) => as.map((a) => {
        const r = a.getBoundingClientRect();
        return { href: a.getAttribute('href'), top: r.top, bottom: r.bottom, w: r.width, h: r.height };
      }));
      const hit = buttons.find((b) => b.href.replace(/\D/g, '') === digits(number));
      assert.ok(hit, `no call button for ${number} on the start page`);
      assert.ok(hit.bottom <= 2 * PHONE.height, `${number} is ${Math.round(hit.top)} px down: more than one swipe`);
      assert.ok(hit.w >= 44 && hit.h >= 44, `${number} is ${hit.w}×${hit.h} px`);
      // It is no other role's number and not the finder's own desk.
      const desk = (contacts().internal || []).filter((c) => c.role === policy().flow.find((n) => n.kind === 'start').actor);
      for (const d of desk) assert.notEqual(digits(d.phone), digits(number), 'the finder\'s own desk is not the number to call');
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
    }
  });
}

test('staff pages at 390 px: call and mail links ≥ 44 × 44 px, text ≥ 14 px (the flowchart drawing included)', async () => {
  const session = await site.session({ viewport: PHONE });
  const report = [];
  try {
    for (const rel of ['index.html', 'flow.html', 'levels.html', 'contacts.html', 'report.html']) {
      await session.visit(site.urlFor('file', rel));
      const found = await session.page.evaluate(() => {
        const out = [];
        for (const a of document.querySelectorAll('a[href^="tel:"], a[href^="mailto:"], #site-nav a')) {
          if (a.offsetParent === null) continue;
          const r = a.getBoundingClientRect();
          if (r.width < 44 || r.height < 44) out.push(`${a.getAttribute('href')} is ${r.width.toFixed(0)}×${r.height.toFixed(0)} px`);
        }
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          const n = walker.currentNode;
          if (!n.textContent.trim()) continue;
          const el = n.parentElement;
          if (!el || el.closest('.visually-hidden') || el.closest('title')) continue;
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue;
          // Text in an SVG is drawn in viewBox units: scale it to CSS px.
          const svg = el.closest('svg');
          const scale = svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width
            ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
          const size = parseFloat(getComputedStyle(el).fontSize) * scale;
          if (size < 14) out.push(`"${n.textContent.trim().slice(0, 20)}" is ${size.toFixed(1)} px`);
        }
        return out;
      });
      for (const f of found) report.push(`${rel}: ${f}`);
      assertNone(session.problems, `${rel}: console errors or failed requests`);
    }
  } finally {
    await session.close();
  }
  assertNone(report, 'targets under 44 px or text under 14 px');
});

test('each situation is one tap from the start page and leads to the first-report form (390 px, file://)', async () => {
  const kinds = policy().categories.filter((c) => (c.do || []).length || (c.dont || []).length || (c.tell || []).length);
  assert.ok(kinds.length >= 5, 'the example policy describes at least five situations');
  // The blocks agree with the handbook's first response: nobody is told to
  // switch a device off.
  for (const k of kinds) {
    for (const line of k.do || []) assert.ok(!/電源を切る|再起動する/.test(line), `${k.id}: "${line}" contradicts the handbook`);
  }
  const session = await site.session({ viewport: PHONE });
  try {
    for (const k of kinds) {
      await session.visit(site.urlFor('file', 'index.html'));
      const page = session.page;
      const chip = page.locator(`a.chip[href$="#assist-what-${k.id}"]`);
      await chip.click();
      await page.waitForURL(/report\.html#assist-what-/);
      const block = page.locator(`#assist-what-${k.id}`);
      assert.ok(await block.isVisible(), `${k.id}: its block is shown after one tap`);
      const text = await block.innerText();
      for (const line of k.do || []) assert.ok(text.includes(line), `${k.id}: block lacks "${line}"`);
      const others = await page.$$eval('.assist-situation', (ss) => ss.filter((s) => !s.hidden).length);
      assert.equal(others, 1, `${k.id}: only its own block is shown`);
      assert.ok(await page.locator(`input[name="category"][value="${k.id}"]`).isChecked(), `${k.id}: the kind is chosen`);
      await block.locator('a.sit-report').click();
      assert.ok(await page.locator('#assist-compose').isVisible(), `${k.id}: the link leads to the first-report form`);
      const href = await page.locator('#assist-mailto').getAttribute('href');
      assert.ok(decodeURIComponent(href).includes(k.name), `${k.id}: the first report names the kind`);
      assertNone(session.problems, `${k.id}: console errors or failed requests`);
    }
  } finally {
    await session.close();
  }
});

test('contacts page: the first-report chain first, the finder\'s own desk last and not a call button', async () => {
  const opened = await site.open('file', 'contacts.html', { viewport: PHONE });
  try {
    const { page } = opened;
    const order = await page.$$eval('.role-block', (bs) => bs.map((b) => b.id.replace(/^role-/, '')));
    const chain = [...new Set((contacts().internal || []).filter((c) => c.first_report).map((c) => c.role))];
    assert.deepEqual(order.slice(0, chain.length), chain, `roles in order: ${order}`);
    const finder = policy().flow.find((n) => n.kind === 'start').actor;
    assert.equal(order[order.length - 1], finder, 'the finder\'s role comes last');
    const buttons = await page.locator(`#role-${finder} a.btn-call`).count();
    assert.equal(buttons, 0, 'the finder\'s own desk has no big call button');
    // Every after-hours number of the chain can be dialled from the page.
    for (const c of (contacts().internal || []).filter((x) => x.first_report)) {
      for (const p of [c, c.deputy].filter((x) => x && x.after_hours)) {
        const n = await page.locator('a[href^="tel:"]').evaluateAll((as, d) => as.filter((a) => a.getAttribute('href').replace(/\D/g, '') === d).length, digits(p.after_hours));
        assert.ok(n > 0, `no tel: link for ${p.name}'s after-hours number`);
      }
    }
    assertNone(opened.problems, 'console errors or failed requests');
  } finally {
    await opened.close();
  }
});

// A table on a 390 px phone scrolls sideways inside its wrapper rather than
// squeeze a text column to a character or two a line (the non-conformities
// of a record, 内容 and 対象, were 50 px wide: one kanji a line, 20 lines a
// cell, the reasons cut off at the edge).
test('record and audit tables at 390 px: no text column squeezed below 4em (four characters a line)', async () => {
  const pages = ['incidents/INC-2025-008.html', 'nonconformities.html', 'incidents/INC-2026-001.html', 'actions.html', 'register.html'];
  for (const rel of pages) {
    const opened = await site.open('file', rel, { viewport: PHONE });
    try {
      const squeezed = await opened.page.$$eval('main table.data', (tables) => {
        const out = [];
        for (const t of tables) {
          if (t.closest('.table-wrap') === null) continue;
          const em = parseFloat(getComputedStyle(t).fontSize);
          for (const cell of t.querySelectorAll('tbody td')) {
            const text = cell.textContent.trim();
            const w = cell.getBoundingClientRect().width;
            // Cells of a few characters (a dash, a number) may be narrow.
            if (text.length > 6 && w < 4 * em) out.push(`${t.className}: ${Math.round(w)} px for "${text.slice(0, 20)}"`);
          }
        }
        return out;
      });
      assertNone(squeezed, `${rel}: squeezed table cells`);
    } finally {
      await opened.close();
    }
  }
});
