'use strict';
// The values a full register row shows (level, category, status, stage),
// read as a person reads them: the cell under each column's heading, the
// level's number from its badge text, and the category, status and stage
// by their labels, which the page's own filter options pair with the
// policy's values. A row carries no data attributes (they were bytes on
// every row of every register page); register.js reads the cells too, but
// this reading is written apart from it, so a test can catch it wrong.

/**
 * `[{level, category, status, stage}]` for the rows `selector` matches, in
 * order; a value the table has no column for is undefined (the short
 * listings), a cell left empty gives ''.
 */
async function rowValues(page, selector) {
  return page.$$eval(selector, (trs) => {
    const table = trs.length ? trs[0].closest('table') : null;
    const column = {};
    const heads = table && table.tHead ? Array.from(table.tHead.rows[0].cells) : [];
    heads.forEach((th, k) => {
      const b = th.querySelector('button[data-sort]');
      if (b) column[b.getAttribute('data-sort')] = k;
    });
    const labels = (key) => {
      const byLabel = new Map();
      document.querySelectorAll(`#filter-${key} option`).forEach((o) => {
        if (o.value) byLabel.set(o.textContent.trim(), o.value);
      });
      return byLabel;
    };
    const byLabel = { category: labels('category'), status: labels('status'), stage: labels('stage') };
    return trs.map((tr) => {
      const text = (key) => (column[key] === undefined ? undefined : tr.cells[column[key]].textContent.trim());
      const level = text('level');
      const out = { level: level === undefined ? undefined : (level.match(/\d+/) || [''])[0] };
      for (const key of ['category', 'status', 'stage']) {
        const t = text(key);
        out[key] = t === undefined ? undefined : t === '' ? '' : byLabel[key].get(t) ?? `(no option labelled ${t})`;
      }
      return out;
    });
  });
}

module.exports = { rowValues };
