// Unit tests of the report assistant's pure functions
// (themes/default/static/report.js), outside a browser: the level the
// answers lead to, which external reports may apply, and the mailto: link,
// decoded by an independent client (Python's urllib.parse).
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const repo = path.resolve(__dirname, '..', '..');
const report = require(path.join(repo, 'themes', 'default', 'static', 'report.js'));

const DATA = {
  levels: [
    { level: 0, applies_when: {} },
    { level: 1, applies_when: {} },
    { level: 2, applies_when: {} },
    { level: 3, applies_when: { personal_data: true } },
  ],
};

test('the level is the highest answered yes or don\'t know; all no gives the lowest', () => {
  const a = (level, value, flag = '') => ({ level, value, flag });
  // (The page always asks about an applies_when flag; one never asked
  // counts as "don't know" too.)
  assert.equal(report.levelFor(DATA, [a(3, 'no', 'personal_data'), a(2, 'no'), a(1, 'no')]), 0);
  assert.equal(report.levelFor(DATA, [a(3, 'no'), a(2, 'no'), a(1, 'no')]), 3);
  assert.equal(report.levelFor(DATA, [a(3, 'no', 'personal_data'), a(2, 'yes'), a(1, 'no')]), 2);
  assert.equal(report.levelFor(DATA, [a(3, 'unknown'), a(2, 'no'), a(1, 'no')]), 3);
  // Not answered yet counts as "don't know".
  assert.equal(report.levelFor(DATA, [a(3, ''), a(2, 'no')]), 3);
  // applies_when: a personal-data answer that may be yes leads to level 3.
  assert.equal(report.levelFor(DATA, [a(1, 'yes'), a(0, 'unknown', 'personal_data')]), 3);
  assert.equal(report.levelFor(DATA, [a(1, 'yes'), a(2, 'no', 'personal_data'), a(3, 'no', 'personal_data')]), 1);
});

test('a rule may apply while the answers leave its conditions open', () => {
  const when = { categories: ['malware'], min_level: 2, impact: {}, more_than: {}, any: [] };
  assert.equal(report.mayHold(when, 2, 'malware', []), true);
  assert.equal(report.mayHold(when, 1, 'malware', []), false);
  assert.equal(report.mayHold(when, 3, 'leak', []), false);
  assert.equal(report.mayHold(when, 3, '', []), true, 'kind not known yet');
  const ppc = { categories: [], min_level: null, impact: { personal_data: true }, more_than: {},
    any: [{ categories: [], min_level: null, impact: { malicious: true }, more_than: {}, any: [] }] };
  assert.equal(report.mayHold(ppc, 0, '', [{ flag: 'personal_data', value: 'no' }]), false);
  assert.equal(report.mayHold(ppc, 0, '', [{ flag: 'personal_data', value: 'unknown' }]), true);
});

test('mailto: subject and body are UTF-8 percent-encoded with CRLF, as a mail client decodes them', () => {
  const subject = '【第一報】レベル2 情報漏えい: 名簿 & 100% ?';
  const body = '何が起きたか:\n顧客名簿を誤送信した #1\n\n- 個人情報: はい';
  const href = report.mailtoHref(['incident@example.co.jp', 'y.ito@example.co.jp'], ['d.nakamura@example.co.jp'], subject, body);
  assert.match(href, /^mailto:[\x21-\x7e]+$/, 'ASCII only');
  assert.ok(href.includes('%E3%80%90'), '【 as its UTF-8 bytes');
  const py = [
    'import sys, json, urllib.parse',
    'u = urllib.parse.urlsplit(sys.argv[1])',
    'q = urllib.parse.parse_qs(u.query, keep_blank_values=True)',
    'print(json.dumps({"scheme": u.scheme, "to": urllib.parse.unquote(u.path), "cc": q["cc"][0], "subject": q["subject"][0], "body": q["body"][0]}))',
  ].join('\n');
  const got = JSON.parse(execFileSync('python3', ['-c', py, href], { encoding: 'utf8' }));
  assert.equal(got.scheme, 'mailto');
  assert.equal(got.to, 'incident@example.co.jp,y.ito@example.co.jp');
  assert.equal(got.cc, 'd.nakamura@example.co.jp');
  assert.equal(got.subject, subject);
  assert.equal(got.body, body.replace(/\n/g, '\r\n'));
});

test('clock times are shown in the site\'s timezone, not the reader\'s', () => {
  const t = { today: '今日', tomorrow: '明日', until: '{t} まで' };
  const now = Date.parse('2026-11-22T13:05:00+09:00');
  const off = 9 * 60;
  assert.equal(report.clockText(now + 4 * 3600000, now, off, t), '今日 17:05 まで');
  assert.equal(report.clockText(now + 12 * 3600000, now, off, t), '明日 01:05 まで');
  assert.equal(report.clockText(now + 3 * 86400000, now, off, t), '2026-11-25 13:05 まで');
  assert.equal(report.parseLocal('2026-11-22T13:05', off), now);
});
