/*
 * Incident register: filters (level, category, status, year, free text)
 * and column sorting, in plain JavaScript. The table is complete without
 * it: the filter form is rendered `hidden` and the sort buttons `disabled`,
 * and this script turns them on. Filters are mirrored in the URL query
 * (?level=2&category=leak&status=open&year=2026&q=...), so a filtered view
 * can be shared and the dashboard can link to one.
 *
 * A row's values are read from its cells, found by the sort key of their
 * column's header: the level from the class of its badge (level-2), the
 * category, status and stage from their labels (the text of the filter's
 * option with that label gives the value), the year from the detection time
 * (a local date and time such as 2026-01-20 09:10, which also sorts it),
 * the open actions the number that column starts with. Free text matches the field values of
 * the columns whose header carries data-text (id, title, category,
 * detection time, responsible role) — never badge labels, flags or the
 * markup — after NFKC normalisation and lower-casing, so full-width and
 * half-width forms (ＶＰＮ / VPN, ｶﾀｶﾅ / カタカナ) match each other.
 * Each field is matched on its own: a word never matches across the
 * boundary of two cells.
 *
 * A register page holds at most one page of rows (the listings under
 * register/ are paged); filters and sorting act on the rows of this page.
 */
(function () {
  'use strict';

  var table = document.getElementById('register-table');
  var form = document.getElementById('register-filters');
  var count = document.getElementById('register-count');
  var empty = document.getElementById('register-empty');
  if (!table || !form || !table.tBodies.length) return;

  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var FILTERS = ['level', 'category', 'status', 'stage', 'year'];
  var controls = {};
  FILTERS.forEach(function (k) { controls[k] = document.getElementById('filter-' + k); });
  var textInput = document.getElementById('filter-text');
  // The column of each sort key (level, category, ..., detected).
  var columns = {};
  Array.prototype.forEach.call(table.tHead ? table.tHead.rows[0].cells : [], function (th, k) {
    var b = th.querySelector('button');
    if (b) columns[b.getAttribute('data-sort')] = k;
  });
  // The value of each option of the category, status and stage filters, by
  // its label: the label is what the row's cell shows.
  var byLabel = {};
  ['category', 'status', 'stage'].forEach(function (k) {
    byLabel[k] = Object.create(null);
    var sel = controls[k];
    Array.prototype.forEach.call(sel ? sel.options : [], function (o) {
      if (o.value) byLabel[k][o.textContent.trim()] = o.value;
    });
  });
  function field(row, key) {
    var cell = row.cells[columns[key === 'year' ? 'detected' : key]];
    if (!cell) return '';
    if (key === 'year') return cell.textContent.trim().slice(0, 4);
    if (key === 'level') {
      var m = /(?:^|\s)level-(\d+)(?:\s|$)/.exec((cell.firstElementChild || cell).className);
      return m ? m[1] : '';
    }
    return byLabel[key][cell.textContent.trim()] || '';
  }
  var allText = count ? count.textContent : '';
  var template = count ? (count.getAttribute('data-template') || '') : '';

  function norm(s) {
    s = String(s);
    if (s.normalize) s = s.normalize('NFKC');
    return s.toLowerCase();
  }

  // Each row's searchable field values, computed once, by original
  // position: one string per column marked data-text, joined by a line
  // break that no typed word contains.
  var textCols = [];
  Array.prototype.forEach.call(table.tHead ? table.tHead.rows[0].cells : [], function (th, k) {
    if (th.hasAttribute('data-text')) textCols.push(k);
  });
  // A cell's value: its text without notes (.muted, e.g. the restricted
  // record's placeholder title) and flags (.flag).
  function cellText(cell) {
    if (!cell) return '';
    var text = cell.textContent;
    Array.prototype.forEach.call(cell.querySelectorAll('.muted, .flag'), function (el) {
      text = text.replace(el.textContent, '');
    });
    return norm(text.replace(/\s+/g, ' ').trim());
  }
  var texts = rows.map(function (r) {
    return textCols.map(function (k) { return cellText(r.cells[k]); }).join('\n');
  });
  rows.forEach(function (r, i) { r.setAttribute('data-index', String(i)); });

  function terms() {
    return norm(textInput ? textInput.value : '').split(/\s+/).filter(Boolean);
  }

  function matches(row, i, wanted, words) {
    for (var k = 0; k < FILTERS.length; k++) {
      var key = FILTERS[k];
      if (wanted[key] && field(row, key) !== wanted[key]) return false;
    }
    for (var w = 0; w < words.length; w++) {
      if (texts[i].indexOf(words[w]) < 0) return false;
    }
    return true;
  }

  function apply() {
    var wanted = {};
    FILTERS.forEach(function (k) { wanted[k] = controls[k] ? controls[k].value : ''; });
    var words = terms();
    var shown = 0;
    rows.forEach(function (r) {
      var ok = matches(r, Number(r.getAttribute('data-index')), wanted, words);
      r.hidden = !ok;
      if (ok) shown++;
    });
    if (count) {
      count.textContent = shown === rows.length
        ? allText
        : template.replace('{shown}', String(shown)).replace('{total}', String(rows.length));
    }
    if (empty) empty.hidden = shown !== 0;
    saveQuery(wanted);
  }

  function saveQuery(wanted) {
    if (!window.history || !history.replaceState || !window.URLSearchParams) return;
    var params = new URLSearchParams();
    FILTERS.forEach(function (k) { if (wanted[k]) params.set(k, wanted[k]); });
    if (textInput && textInput.value.trim()) params.set('q', textInput.value.trim());
    var qs = params.toString();
    try {
      history.replaceState(null, '', location.pathname + (qs ? '?' + qs : '') + location.hash);
    } catch (e) { /* some browsers refuse this on file:// — filters still work */ }
  }

  function loadQuery() {
    if (!window.URLSearchParams) return;
    var params = new URLSearchParams(location.search);
    FILTERS.forEach(function (k) {
      var v = params.get(k);
      var sel = controls[k];
      if (v === null || !sel) return;
      for (var i = 0; i < sel.options.length; i++) {
        if (sel.options[i].value === v) { sel.value = v; break; }
      }
    });
    var q = params.get('q');
    if (q !== null && textInput) textInput.value = q;
  }

  /* Sorting ------------------------------------------------------------ */

  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var collator = window.Intl && Intl.Collator ? new Intl.Collator(document.documentElement.lang || 'ja', { numeric: true }) : null;

  function cellValue(row, th, key, type) {
    var v;
    if (key === 'level') {
      v = field(row, 'level');
    } else {
      v = row.cells[th.cellIndex] ? row.cells[th.cellIndex].textContent.trim() : '';
    }
    // A number column's value is the number its text starts with (the open
    // actions may be followed by an overdue flag).
    if (type === 'number') return v === '' ? null : parseInt(v, 10);
    return v === '' ? null : v;
  }

  function compare(a, b, type) {
    if (a === null && b === null) return 0;
    if (a === null) return 1; // empty values last, whatever the direction
    if (b === null) return -1;
    if (type === 'number') return a - b;
    return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0);
  }

  function sortBy(th, direction) {
    var button = th.querySelector('button');
    var key = button.getAttribute('data-sort');
    var type = button.getAttribute('data-type');
    var keyed = rows.map(function (r) {
      return { row: r, value: cellValue(r, th, key, type), index: Number(r.getAttribute('data-index')) };
    });
    keyed.sort(function (x, y) {
      var c = compare(x.value, y.value, type);
      if (x.value !== null && y.value !== null && direction === 'descending') c = -c;
      return c || x.index - y.index;
    });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (k) { frag.appendChild(k.row); });
    tbody.appendChild(frag);
    rows = keyed.map(function (k) { return k.row; });
    headers.forEach(function (h) { h.setAttribute('aria-sort', h === th ? direction : 'none'); });
  }

  headers.forEach(function (th) {
    var button = th.querySelector('button');
    if (!button) return;
    button.disabled = false;
    button.addEventListener('click', function () {
      var current = th.getAttribute('aria-sort');
      sortBy(th, current === 'ascending' ? 'descending' : 'ascending');
    });
  });

  /* Wiring ------------------------------------------------------------- */

  var timer = null;
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  form.addEventListener('change', apply);
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  if (textInput) {
    textInput.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(apply, rows.length > 2000 ? 150 : 60);
    });
  }

  loadQuery();
  form.hidden = false;
  apply();
})();
