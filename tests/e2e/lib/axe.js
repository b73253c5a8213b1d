'use strict';
// axe-core, run inside the page under test.
//
// The site sends a Content-Security-Policy (`script-src 'self'`) that
// forbids inline script, and page.addScriptTag({path}) inserts the file's
// text as an inline <script>, which that policy blocks. page.evaluate goes
// through the DevTools protocol, which CSP does not govern, so axe runs
// while the page keeps its real policy (no bypassCSP, which would change
// the very page under test).
const fs = require('node:fs');

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Impacts that fail the suite. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/**
 * Runs axe on the page (WCAG 2.x A and AA rules plus best practices) and
 * returns the serious and critical violations.
 */
async function seriousViolations(page) {
  const loaded = await page.evaluate(`(() => { ${AXE_SOURCE}\n; return typeof window.axe; })()`);
  if (loaded !== 'object') throw new Error(`axe-core did not load in the page (${loaded})`);
  const results = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    }),
  );
  return results.violations
    .filter((v) => FAILING_IMPACTS.has(v.impact))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
}

function formatViolations(violations) {
  return violations.flatMap((v) =>
    v.nodes.map((n) => `[${v.impact}] ${v.id}: ${v.help} — ${n.target}\n    ${(n.summary || '').replace(/\s+/g, ' ')}`),
  );
}

module.exports = { seriousViolations, formatViolations };
