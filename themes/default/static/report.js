/*
 * The report assistant (report.html). The page is complete without this
 * script: every level with its role, people, phones and deadline, every
 * question and every external report are in the markup, to be read or
 * printed as a checklist. This script answers the questions:
 *
 * - the level is the highest level with a question answered "yes" or
 *   "don't know" (a question not answered yet counts as "don't know"), or
 *   a level whose `applies_when` flags the answers may meet; with every
 *   answer "no", the lowest level — the page never says "do not report";
 * - the responsible role's deadline is shown as a clock time in the site's
 *   timezone, counted from when the finder noticed it (the form's field,
 *   now by default);
 * - the external reports that may apply stay visible, the others hide;
 * - the first report is composed three ways: a mailto: link (UTF-8,
 *   percent-encoded, CRLF line breaks, to the responsible role and its
 *   deputies, cc the first-report contacts), the clipboard, and a YAML
 *   draft of an incident record in the shape `ismsbook new` writes.
 *
 * `window.ismsbookReport` exposes the pure functions for the tests.
 */
(function () {
  'use strict';

  var CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
  var INVISIBLE = /[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

  function fmt(s, vars) {
    return String(s || '').replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : m;
    });
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  /** The wall-clock fields of instant `ms` at `offset` minutes east of UTC. */
  function wall(ms, offset) {
    var d = new Date(ms + offset * 60000);
    return {
      y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(),
      h: d.getUTCHours(), mi: d.getUTCMinutes(),
    };
  }

  function isoAt(ms, offsetText, offset) {
    var w = wall(ms, offset);
    return w.y + '-' + pad(w.mo) + '-' + pad(w.d) + 'T' + pad(w.h) + ':' + pad(w.mi) + ':00' +
      (offsetText === 'Z' || offsetText === '+00:00' ? '+00:00' : offsetText);
  }

  /** "今日 14:35" / "明日 09:00" / "2026-12-10 14:35" relative to `nowMs`. */
  function clockText(ms, nowMs, offset, t) {
    var w = wall(ms, offset);
    var n = wall(nowMs, offset);
    var tomorrow = wall(nowMs + 86400000, offset);
    var time = pad(w.h) + ':' + pad(w.mi);
    var day;
    if (w.y === n.y && w.mo === n.mo && w.d === n.d) day = t.today;
    else if (w.y === tomorrow.y && w.mo === tomorrow.mo && w.d === tomorrow.d) day = t.tomorrow;
    else day = w.y + '-' + pad(w.mo) + '-' + pad(w.d);
    return fmt(t.until || '{t}', { t: day + ' ' + time });
  }

  /** A `datetime-local` value read in the site's timezone; NaN when empty. */
  function parseLocal(value, offset) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || '');
    if (!m) return NaN;
    return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) - offset * 60000;
  }

  function localValue(ms, offset) {
    var w = wall(ms, offset);
    return w.y + '-' + pad(w.mo) + '-' + pad(w.d) + 'T' + pad(w.h) + ':' + pad(w.mi);
  }

  /**
   * The level the answers lead to. `answers`: [{level, flag, value}] with
   * value 'yes' | 'no' | 'unknown' | '' (not answered).
   */
  function levelFor(data, answers) {
    var levels = data.levels.map(function (l) { return l.level; });
    var result = Math.min.apply(null, levels);
    answers.forEach(function (a) {
      if (a.value !== 'no' && a.level > result) result = a.level;
    });
    data.levels.forEach(function (l) {
      var flags = Object.keys(l.applies_when || {});
      if (!flags.length || l.level <= result) return;
      var may = flags.every(function (f) {
        var st = flagState(answers, f);
        return st === 'unknown' || (st === 'yes') === l.applies_when[f];
      });
      if (may) result = l.level;
    });
    return result;
  }

  /** 'yes' when any question of the flag says yes, 'no' when all say no. */
  function flagState(answers, flag) {
    var mine = answers.filter(function (a) { return a.flag === flag; });
    if (!mine.length) return 'unknown';
    if (mine.some(function (a) { return a.value === 'yes'; })) return 'yes';
    if (mine.every(function (a) { return a.value === 'no'; })) return 'no';
    return 'unknown';
  }

  /** Whether a notification rule's `when` may hold for these answers. */
  function mayHold(w, level, category, answers) {
    if (w.categories && w.categories.length && category && w.categories.indexOf(category) < 0) return false;
    if (w.min_level !== null && w.min_level !== undefined && level < w.min_level) return false;
    var impact = w.impact || {};
    for (var f in impact) {
      if (!Object.prototype.hasOwnProperty.call(impact, f)) continue;
      var st = flagState(answers, f);
      if (st !== 'unknown' && (st === 'yes') !== impact[f]) return false;
    }
    if (w.any && w.any.length) {
      return w.any.some(function (a) { return mayHold(a, level, category, answers); });
    }
    return true;
  }

  /** RFC 6068 mailto: UTF-8 percent-encoding, CRLF line breaks. */
  function mailtoHref(to, cc, subject, body) {
    var enc = function (s) { return encodeURIComponent(String(s).replace(/\r?\n/g, '\r\n')); };
    var q = [];
    if (cc.length) q.push('cc=' + cc.join(','));
    q.push('subject=' + enc(subject));
    q.push('body=' + enc(body));
    return 'mailto:' + to.join(',') + '?' + q.join('&');
  }

  function oneLine(s) {
    return String(s || '').replace(/\r?\n|\r/g, ' ').replace(CONTROL, ' ').replace(INVISIBLE, '').trim();
  }

  function quote(s) { return JSON.stringify(oneLine(s)); }

  /** A Markdown block scalar, indented by `indent`. */
  function block(text, indent) {
    var body = String(text).replace(/\r\n?/g, '\n').replace(CONTROL, ' ').replace(/^\s+/, '').replace(/\s+$/, '');
    return '|\n' + body.split('\n').map(function (l) { return l ? indent + l : ''; }).join('\n') + '\n';
  }

  /**
   * The YAML draft of an incident record. `r`: {level, category, title,
   * reporter, location, detectedMs, reportedMs, summary, systems,
   * dataItems, personal}; `lv`: the level's entry of the page data.
   */
  function yamlDraft(data, t, r, lv) {
    var off = data.offset_minutes;
    var detected = isoAt(r.detectedMs, data.offset, off);
    var out = [];
    out.push('# ' + t.id_note);
    out.push('id:');
    out.push('title: ' + quote(r.title));
    out.push('level: ' + r.level);
    out.push('category:' + (r.category ? ' ' + r.category : ''));
    out.push('status: open');
    out.push('visibility: normal');
    out.push('responsible: ' + lv.responsible);
    out.push('reporter: ' + quote(r.reporter || t.placeholder_reporter));
    out.push('location:' + (oneLine(r.location) ? ' ' + quote(r.location) : ''));
    out.push('detected_at: ' + detected);
    if (r.level >= 1 || r.reportedMs) {
      out.push('# ' + t.reported_note);
      out.push('reported_at: ' + isoAt(Math.max(r.reportedMs, r.detectedMs), data.offset, off));
    }
    out.push('summary: ' + block(r.summary || t.placeholder_what, '  ').replace(/\n$/, ''));
    var systems = String(r.systems || '').split(/[、,，\n]/).map(oneLine).filter(Boolean);
    out.push('affected_systems: [' + systems.map(quote).join(', ') + ']');
    out.push('impact:');
    out.push('  personal_data: ' + (r.personal === 'yes'));
    if (lv.stage && lv.decided_by) {
      out.push('assessment:');
      out.push('  stage: ' + lv.stage);
      out.push('  decided_by: ' + lv.decided_by);
      out.push('  decided_at: ' + detected);
      out.push('  rationale: ' + block(r.rationale, '    ').replace(/\n$/, ''));
    }
    if (oneLine(r.dataItems)) out.push('data_items: ' + quote(r.dataItems));
    return out.join('\n') + '\n';
  }

  var api = {
    levelFor: levelFor, flagState: flagState, mayHold: mayHold, mailtoHref: mailtoHref,
    yamlDraft: yamlDraft, clockText: clockText, parseLocal: parseLocal,
  };
  if (typeof window !== 'undefined') window.ismsbookReport = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (typeof document === 'undefined') return;

  var dataEl = document.getElementById('assist-data');
  var i18nEl = document.getElementById('assist-i18n');
  var questions = document.getElementById('assist-questions');
  if (!dataEl || !i18nEl || !questions) return;
  var data = JSON.parse(dataEl.textContent);
  var t = JSON.parse(i18nEl.textContent);
  var off = data.offset_minutes;
  document.documentElement.classList.add('assist-js');

  var form = document.getElementById('assist-form');
  var compose = document.getElementById('assist-compose');
  var outcome = document.getElementById('assist-outcome');
  var mailLink = document.getElementById('assist-mailto');
  var yamlBox = document.getElementById('assist-yaml');
  var status = document.getElementById('assist-status');
  var detectedInput = document.getElementById('assist-f-detected');
  var loadedAt = Date.now();
  if (detectedInput && !detectedInput.value) detectedInput.value = localValue(loadedAt, off);
  if (compose) compose.hidden = false;
  var personalTouched = false;

  function field(name) {
    var el = form ? form.elements[name] : null;
    if (!el) return '';
    return el.value !== undefined ? el.value : '';
  }

  function labelOf(id) {
    var l = document.querySelector('label[for="' + id + '"]');
    return l ? l.textContent.trim() : id;
  }

  function answers() {
    return Array.prototype.map.call(questions.querySelectorAll('fieldset.q[data-level]'), function (fs) {
      var c = fs.querySelector('input:checked');
      return {
        level: +fs.getAttribute('data-level'),
        flag: fs.getAttribute('data-flag') || '',
        value: c ? c.value : '',
        text: fs.querySelector('legend').textContent.trim(),
      };
    });
  }

  function category() {
    var c = questions.querySelector('input[name="category"]:checked');
    return c ? c.value : '';
  }

  function categoryName(id) {
    var c = data.categories.filter(function (x) { return x.id === id; })[0];
    return c ? c.name : t.unknown;
  }

  function levelData(n) {
    return data.levels.filter(function (l) { return l.level === n; })[0];
  }

  function detectedMs() {
    var ms = parseLocal(detectedInput ? detectedInput.value : '', off);
    return isNaN(ms) ? loadedAt : ms;
  }

  function answerWord(v) {
    return v === 'yes' ? t.yes : v === 'no' ? t.no : t.unknown;
  }

  /** Everything the page shows, from the answers and the form. */
  function state() {
    var ans = answers();
    var level = levelFor(data, ans);
    var personal = field('personal');
    // The draft's impact must agree with its level (E304 otherwise).
    var draftLevel = level;
    if (personal === 'yes') {
      data.levels.forEach(function (l) {
        var aw = l.applies_when || {};
        var keys = Object.keys(aw);
        if (keys.length && keys.every(function (k) { return k === 'personal_data' && aw[k] === true; }) &&
            l.level > draftLevel) draftLevel = l.level;
      });
    }
    return { answers: ans, level: level, draftLevel: draftLevel, category: category(), personal: personal };
  }

  function bodyText(s, lv, deadline) {
    var lines = [];
    lines.push(t.level + ': ' + lv.level + ' ' + lv.name);
    lines.push(t.category + ': ' + categoryName(s.category));
    lines.push(t.deadline + ' (' + lv.role_name + '): ' + deadline);
    lines.push('');
    [['assist-f-detected', 'detected'], ['assist-f-occurred', 'occurred'], ['assist-f-location', 'location'],
      ['assist-f-reporter', 'reporter'], ['assist-f-contact', 'contact']].forEach(function (p) {
      lines.push(labelOf(p[0]) + ': ' + (oneLine(field(p[1])).replace(/^(\d{4}-\d{2}-\d{2})T/, '$1 ') || t.unknown));
    });
    lines.push('');
    lines.push(labelOf('assist-f-what') + ':');
    lines.push(field('what').trim() || t.unknown);
    lines.push('');
    lines.push(labelOf('assist-f-systems') + ': ' + (oneLine(field('systems')) || t.unknown));
    lines.push(labelOf('assist-f-data') + ': ' + (oneLine(field('data')) || t.unknown));
    lines.push(t.personal + ': ' + answerWord(s.personal));
    lines.push('');
    lines.push(labelOf('assist-f-done') + ':');
    lines.push(field('done').trim() || t.unknown);
    if (s.answers.length) {
      lines.push('');
      lines.push(t.answers + ':');
      s.answers.forEach(function (a) { lines.push('- ' + a.text + ' ' + answerWord(a.value)); });
    }
    return lines.join('\n');
  }

  function summaryText() {
    var parts = [field('what').trim() || t.placeholder_what, ''];
    [['assist-f-occurred', 'occurred'], ['assist-f-data', 'data'], ['assist-f-done', 'done']].forEach(function (p) {
      var v = oneLine(field(p[1]));
      if (v) parts.push('- ' + labelOf(p[0]) + ': ' + v);
    });
    parts.push('- ' + t.personal + ': ' + answerWord(field('personal')));
    return parts.join('\n');
  }

  function update() {
    var s = state();
    var lv = levelData(s.level);
    var unanswered = s.answers.some(function (a) { return !a.value; });
    if (outcome && lv) {
      outcome.textContent = fmt(t.outcome, { n: lv.level, name: lv.name, role: lv.role_name }) +
        (unanswered ? ' ' + t.unanswered : '');
      outcome.hidden = false;
    }
    Array.prototype.forEach.call(document.querySelectorAll('.assist-level'), function (sec) {
      sec.hidden = +sec.getAttribute('data-level') !== s.level;
    });
    var from = detectedMs();
    var now = Date.now();
    Array.prototype.forEach.call(document.querySelectorAll('.deadline-clock'), function (el) {
      var m = +el.getAttribute('data-minutes');
      if (!isNaN(m)) el.textContent = '→ ' + clockText(from + m * 60000, now, off, t);
    });
    var shown = 0;
    Array.prototype.forEach.call(document.querySelectorAll('.assist-notify'), function (art) {
      var rule = data.notifications.filter(function (n) { return n.id === art.getAttribute('data-id'); })[0];
      var may = !rule || mayHold(rule.when, s.level, s.category, s.answers);
      art.hidden = !may;
      if (may) shown++;
    });
    Array.prototype.forEach.call(document.querySelectorAll('.assist-situation'), function (sec) {
      sec.hidden = !!s.category && sec.getAttribute('data-category') !== s.category;
    });
    var none = document.getElementById('assist-ext-none');
    if (none) none.hidden = shown > 0;
    if (!form || !lv) return;
    var dlv = levelData(s.draftLevel) || lv;
    var deadline = lv.minutes !== null ? clockText(from + lv.minutes * 60000, now, off, t) : t.unknown;
    var what = oneLine(field('what'));
    var title = (s.category ? categoryName(s.category) + ': ' : '') + (what ? what.slice(0, 40) : '');
    var subject = fmt(t.subject, { n: lv.level, title: title || t.subject_default });
    var body = bodyText(s, lv, deadline);
    var href = mailtoHref(lv.to, lv.cc, subject, body);
    mailLink.setAttribute('href', href);
    mailLink.setAttribute('data-body', body);
    status.textContent = href.length > 2000 ? t.too_long : '';
    var reporter = oneLine(field('reporter'));
    var contact = oneLine(field('contact'));
    yamlBox.value = yamlDraft(data, t, {
      level: s.draftLevel,
      category: s.category,
      title: title || t.subject_default,
      reporter: reporter ? reporter + (contact ? '（' + contact + '）' : '') : '',
      location: field('location'),
      detectedMs: Math.min(from, now),
      reportedMs: now,
      summary: summaryText(),
      systems: field('systems'),
      dataItems: field('data'),
      personal: s.personal,
      rationale: fmt(t.outcome, { n: dlv.level, name: dlv.name, role: dlv.role_name }),
    }, dlv);
  }

  function copyText(text) {
    var done = function () { status.textContent = t.copied; };
    var fallback = function () {
      var ta = document.createElement('textarea');
      ta.value = text;
      ta.className = 'visually-hidden';
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      status.textContent = ok ? t.copied : t.copy_failed;
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  function pickCategory(id) {
    var r = questions.querySelector('input[name="category"][value="' + id + '"]');
    if (r) r.checked = true;
  }
  // report.html#assist-what-phishing (the start page's situation links)
  // opens with that kind chosen.
  var fromHash = /^#assist-what-([a-z0-9_-]+)$/.exec(location.hash || '');
  if (fromHash) pickCategory(fromHash[1]);
  Array.prototype.forEach.call(document.querySelectorAll('.sit-report'), function (a) {
    a.addEventListener('click', function () {
      pickCategory(a.getAttribute('data-category'));
      update();
    });
  });
  questions.addEventListener('submit', function (e) { e.preventDefault(); });
  questions.addEventListener('change', function (e) {
    var fs = e.target.closest ? e.target.closest('fieldset.q') : null;
    if (fs && fs.getAttribute('data-flag') === 'personal_data' && !personalTouched && form) {
      var r = form.querySelector('input[name="personal"][value="' + e.target.value + '"]');
      if (r) r.checked = true;
    }
    update();
  });
  if (form) {
    form.addEventListener('input', update);
    form.addEventListener('change', function (e) {
      if (e.target.name === 'personal') personalTouched = true;
      update();
    });
    form.addEventListener('submit', function (e) { e.preventDefault(); });
  }
  var copyBtn = document.getElementById('assist-copy');
  if (copyBtn) copyBtn.addEventListener('click', function () { copyText(mailLink.getAttribute('data-body') || ''); });
  var copyYaml = document.getElementById('assist-copy-yaml');
  if (copyYaml) copyYaml.addEventListener('click', function () { copyText(yamlBox.value); });
  update();
})();
