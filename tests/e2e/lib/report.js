'use strict';
// Failing with a readable list instead of a deep-equal diff of long strings.
const assert = require('node:assert/strict');

/** Fails, listing every item, when `items` is not empty. */
function assertNone(items, title) {
  if (items.length === 0) return;
  const shown = items.slice(0, 60);
  const more = items.length > shown.length ? `\n  … and ${items.length - shown.length} more` : '';
  assert.fail(`${title} (${items.length}):\n  ${shown.join('\n  ')}${more}`);
}

module.exports = { assertNone };
