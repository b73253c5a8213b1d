'use strict';
// The report assistant (report.html), walked as a finder would: for every
// level of policy.yaml, and with "don't know" on every question, on a phone
// and a desktop, from file:// and over http. Expected results come from
// content/policy.yaml and contacts.yaml, never from the page.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawnSync } = require('node:child_process');
const config = require('../lib/config');
const YAML = require('yaml');
const { assertNone } = require('../lib/report');
const { useSite, MODES } = require('../lib/harness');
const { policy, contacts } = require('../lib/site');
const { PHONE, DESKTOP } = require('../lib/config');
const { seriousViolations, formatViolations } = require('../lib/axe');
const { validate, formatErrors } = require('../lib/vnu');
const { settle } = require('../lib/browser');

const site = useSite();
const PAGE = 'report.html';
/** The detection time typed into the form, in the site's timezone (+09:00). */
const DETECTED = '2026-11-22T13:05';

const digits = (s) => String(s).replace(/\D/g, '');

function minutes(duration) {
  const m = /^(\d+)([mhdw])$/.exec(String(duration));
  const unit = { m: 1, h: 60, d: 1440, w: 10080 }[m[2]];
  return Number(m[1]) * unit;
}

/** HH:MM of DETECTED plus `mins`, in the same (site) timezone. */
function clockAfter(mins) {
  const [d, t] = DETECTED.split('T');
  const [h, mi] = t.split(':').map(Number);
  const total = h * 60 + mi + mins;
  const hh = Math.floor((total % 1440) / 60);
  const mm = total % 60;
  return `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
}

const levels = () => [...policy().levels].sort((a, b) => a.level - b.level);
const roleName = (id) => policy().roles.find((r) => r.id === id).name;
const peopleFor = (role) => (contacts().internal || []).filter((c) => c.role === role);

/** Answers every question: `value(level, index)` → 'yes' | 'no' | 'unknown'. */
async function answerAll(page, value) {
  const qs = await page.$$eval('#assist-questions fieldset.q[data-level]', (fss) =>
    fss.map((fs) => ({ level: Number(fs.dataset.level), name: fs.querySelector('input').name })),
  );
  const seen = {};
  for (const q of qs) {
    seen[q.level] = (seen[q.level] || 0) + 1;
    const v = value(q.level, seen[q.level] - 1);
    await page.locator(`input[name="${q.name}"][value="${v}"]`).check();
  }
  return qs.length;
}

async function checkResult(page, want) {
  const lv = levels().find((l) => l.level === want);
  const outcome = await page.locator('#assist-outcome').innerText();
  assert.match(outcome, new RegExp(`レベル${want}`), `outcome: ${outcome}`);
  const shown = await page.$$eval('.assist-level', (ss) => ss.filter((s) => !s.hidden).map((s) => Number(s.dataset.level)));
  assert.deepEqual(shown, [want], 'exactly the level of the answers is shown');
  const block = page.locator(`#assist-level-${want}`);
  const text = await block.innerText();
  assert.ok(text.includes(roleName(lv.responsible)), `level ${want} names ${lv.responsible}`);
  // The deadline is the responsible role's, as a clock time from detection.
  const deadline = await block.locator('.assist-deadline').innerText();
  assert.ok(deadline.includes(roleName(lv.responsible)), `deadline labelled with the role: ${deadline}`);
  assert.ok(deadline.includes(clockAfter(minutes(lv.report_within))), `deadline ${deadline} is not ${clockAfter(minutes(lv.report_within))}`);
  // Every person of the role (and deputy) can be called from the block.
  const tels = await block.locator('a[href^="tel:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const p of peopleFor(lv.responsible)) {
    assert.ok(tels.some((h) => digits(h) === digits(p.phone)), `no tel: link for ${p.name}`);
    if (p.deputy && p.deputy.phone) {
      assert.ok(tels.some((h) => digits(h) === digits(p.deputy.phone)), `no tel: link for deputy ${p.deputy.name}`);
    }
  }
  // The first report: a mailto: to the role (and deputies), encoded.
  const href = await page.locator('#assist-mailto').getAttribute('href');
  assert.match(href, /^mailto:[\x21-\x7e]+$/, 'the mailto: link is ASCII only (UTF-8 percent-encoded)');
  const url = new URL(href);
  const to = decodeURIComponent(url.pathname).split(',');
  for (const p of peopleFor(lv.responsible)) {
    assert.ok(to.includes(p.email), `mail goes to ${p.email}: ${to}`);
    if (p.deputy && p.deputy.email) assert.ok(to.includes(p.deputy.email), `mail goes to deputy ${p.deputy.email}`);
  }
  const query = href.slice(href.indexOf('?') + 1);
  const params = Object.fromEntries(query.split('&').map((kv) => {
    const i = kv.indexOf('=');
    return [kv.slice(0, i), decodeURIComponent(kv.slice(i + 1))];
  }));
  assert.ok(params.subject.includes(`レベル${want}`), `subject: ${params.subject}`);
  assert.ok(params.body.includes(roleName(lv.responsible)), 'the body names the responsible role');
  assert.ok(params.body.includes(clockAfter(minutes(lv.report_within))), 'the body carries the deadline');
  assert.ok(params.body.includes('サーバ室の NAS'), 'the body carries what the finder wrote');
  assert.ok(!/[^\r]\n/.test(params.body), 'line breaks are CRLF (%0D%0A)');
  assert.ok(query.includes('%0D%0A'), 'line breaks are percent-encoded');
}

async function fillForm(page) {
  await page.locator('#assist-f-detected').fill(DETECTED);
  await page.locator('#assist-f-what').fill('サーバ室の NAS に「ファイルが暗号化されました」と表示された\n2行目 & 100% ?');
  await page.locator('#assist-f-reporter').fill('営業部 佐藤');
}

for (const mode of MODES) {
  for (const viewport of [PHONE, DESKTOP]) {
    test(`report assistant: every level and "don't know" (${mode}, ${viewport.width} px)`, async () => {
      const opened = await site.open(mode, PAGE, { viewport });
      try {
        const { page } = opened;
        await fillForm(page);
        const all = levels();
        for (const want of all.map((l) => l.level)) {
          // Higher levels: no; the wanted level: yes on its first question.
          await answerAll(page, (level, i) => (level > want ? 'no' : level === want && i === 0 ? 'yes' : 'no'));
          await checkResult(page, want);
        }
        // "Don't know" everywhere counts as the more severe answer.
        const n = await answerAll(page, () => 'unknown');
        assert.ok(n > 0, 'the page asks questions');
        await checkResult(page, all[all.length - 1].level);
        // No horizontal scrolling on a phone.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
        assertNone(opened.problems, 'console errors or failed requests');
      } finally {
        await opened.close();
      }
    });
  }
}

test('report assistant: questions come from policy.yaml', async () => {
  const opened = await site.open('file', PAGE);
  try {
    const legends = await opened.page.$$eval('#assist-questions fieldset.q[data-level] > legend', (ls) => ls.map((l) => l.textContent.trim()));
    const lowest = levels()[0].level;
    for (const l of levels().filter((x) => x.level !== lowest)) {
      for (const c of l.criteria) {
        const q = typeof c === 'string' ? c : c.question || c.text;
        assert.ok(legends.some((t) => t.includes(q)), `no question for "${q}"`);
      }
    }
  } finally {
    await opened.close();
  }
});

test('report assistant without JavaScript: a printable checklist', async () => {
  const session = await site.session({ viewport: PHONE, javaScriptEnabled: false });
  try {
    await session.visit(site.urlFor('file', PAGE));
    const page = session.page;
    for (const l of levels()) {
      const block = page.locator(`#assist-level-${l.level}`);
      assert.ok(await block.isVisible(), `level ${l.level} is shown`);
      const text = await block.innerText();
      assert.ok(text.includes(roleName(l.responsible)), `level ${l.level} names its role`);
      for (const p of peopleFor(l.responsible)) {
        const n = await block.locator(`a[href^="tel:"]`).evaluateAll((as, d) => as.filter((a) => a.getAttribute('href').replace(/\D/g, '') === d).length, digits(p.phone));
        assert.ok(n > 0, `level ${l.level}: ${p.name}'s phone`);
      }
    }
    assert.ok(await page.locator('#assist-questions fieldset.q').first().isVisible(), 'questions are shown');
    assert.ok(await page.locator('.assist-nojs').first().isVisible(), 'the rule of the checklist is written out');
    assert.ok(!(await page.locator('#assist-compose').isVisible()), 'the form that needs the script is hidden');
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    assert.ok(pdf.length > 1000, 'the checklist prints');
    assertNone(session.problems, 'console errors or failed requests');
  } finally {
    await session.close();
  }
});

test('report page: vnu 0 errors, axe 0 serious or critical (390 and 1280 px, answered)', async () => {
  const errors = validate([path.join(site.siteDir, PAGE)]);
  assertNone(formatErrors(errors, site.siteDir), 'Nu HTML Checker errors');
  const report = [];
  for (const viewport of [PHONE, DESKTOP]) {
    const opened = await site.open('http', PAGE, { viewport });
    try {
      await fillForm(opened.page);
      await answerAll(opened.page, () => 'unknown');
      await settle(opened.page);
      for (const line of formatViolations(await seriousViolations(opened.page))) report.push(`${viewport.width} px: ${line}`);
      // Every call or mail link and every answer is a thumb-sized target.
      const small = await opened.page.$$eval('main a[href^="tel:"], main a[href^="mailto:"], .answers label', (els) =>
        els.filter((e) => e.offsetParent !== null).map((e) => {
          const r = e.getBoundingClientRect();
          return { what: e.getAttribute('href') || e.textContent.trim(), w: r.width, h: r.height };
        }).filter((r) => r.w < 44 || r.h < 44));
      for (const s of small) report.push(`${viewport.width} px: ${s.what} is ${s.w.toFixed(0)}×${s.h.toFixed(0)} px`);
    } finally {
      await opened.close();
    }
  }
  assertNone(report, 'accessibility problems');
});

test('the report page is first in the header and linked from the start page', async () => {
  const opened = await site.open('file', 'index.html', { viewport: PHONE });
  try {
    const first = await opened.page.locator('#site-nav a').first().getAttribute('href');
    assert.match(first, /(^|\/)report\.html$/);
    assert.ok(await opened.page.locator('main a[href="report.html"]').first().isVisible(), 'the start page links the report page');
  } finally {
    await opened.close();
  }
});

/** The ismsbook binary: ISMSBOOK_BIN, else the newer of the release and debug builds. */
function binary() {
  if (process.env.ISMSBOOK_BIN) return process.env.ISMSBOOK_BIN;
  const candidates = ['release', 'debug']
    .map((p) => path.join(config.REPO_ROOT, 'target', p, 'ismsbook'))
    .filter((c) => fs.existsSync(c))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  assert.ok(candidates.length, 'no ismsbook binary under target/ (cargo build)');
  return candidates[0];
}

/** Text that YAML and Markdown could misread if the draft quoted it badly. */
const AWKWARD = {
  what: '  先頭の空白\n# 見出しではない\n- リスト: "引用" \'一重\' \\ バックスラッシュ\n---\nkey: value & 100% 😀',
  location: '本社: 3F #2 "サーバ室"',
  reporter: "営業部 O'Brien: 佐藤",
  systems: 'NAS-01、ファイルサーバ, "VPN"',
  data: '顧客名簿: 1,240人',
  done: 'LAN ケーブルを抜いた\n電源は切っていない',
};

test('the YAML draft of every level checks clean once the id is filled in (round trip through ismsbook check)', async () => {
  const bin = binary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ismsbook-draft-'));
  const content = path.join(dir, 'content');
  fs.cpSync(config.CONTENT_DIR, content, { recursive: true });
  const category = policy().categories[0].id;
  const written = [];
  const session = await site.session({ viewport: PHONE });
  try {
    for (const l of levels()) {
      const page = session.page;
      // The report is e-mailed five minutes after the detection the form gives.
      await page.clock.install({ time: new Date('2026-11-22T13:10:00+09:00') });
      await session.visit(site.urlFor('file', PAGE));
      await page.locator('#assist-f-detected').fill(DETECTED);
      for (const [k, v] of Object.entries(AWKWARD)) await page.locator(`#assist-f-${k}`).fill(v);
      await page.locator(`input[name="category"][value="${category}"]`).check();
      await answerAll(page, (level, i) => (level > l.level ? 'no' : level === l.level && i === 0 ? 'yes' : 'no'));
      const yaml = await page.locator('#assist-yaml').inputValue();
      const id = `INC-2026-9${String(l.level).padStart(2, '0')}`;
      assert.match(yaml, /^id:$/m, 'the draft leaves the id to the person in charge');
      const record = yaml.replace(/^id:$/m, `id: ${id}`);
      const parsed = YAML.parse(record);
      assert.equal(parsed.level, l.level);
      assert.equal(parsed.responsible, l.responsible);
      assert.equal(parsed.location, AWKWARD.location);
      assert.ok(parsed.summary.includes('# 見出しではない'), 'the summary keeps the text as written');
      assert.ok(parsed.summary.includes('😀'));
      assert.deepEqual(parsed.affected_systems, ['NAS-01', 'ファイルサーバ', '"VPN"']);
      const file = path.join(content, 'incidents', '2026', `${id}.yaml`);
      fs.writeFileSync(file, record);
      written.push(`incidents/2026/${id}.yaml`);
    }
  } finally {
    await session.close();
  }
  const run = spawnSync(bin, ['check', '--content', content, '--today', '2026-11-22', '--format', 'json'], { encoding: 'utf8' });
  const report = JSON.parse(run.stdout);
  const mine = report.diagnostics.filter((d) => written.includes(d.file));
  assertNone(mine.map((d) => `${d.file}:${d.line}: ${d.code} ${d.message}`), 'diagnostics on the drafts');
  assert.equal(run.status, 0, `check failed:\n${run.stderr}`);
  fs.rmSync(dir, { recursive: true, force: true });
});
