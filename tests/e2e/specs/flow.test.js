'use strict';
// The reporting flowchart: an inline SVG that a phone shows without
// sideways scrolling, and a text version with the same steps.
const test = require('node:test');
const assert = require('node:assert/strict');
const { assertNone } = require('../lib/report');
const { useSite, MODES } = require('../lib/harness');
const { policy } = require('../lib/site');
const { PHONE } = require('../lib/config');

const site = useSite();

/** Labels are compared without whitespace: the SVG wraps long ones over lines. */
const squash = (text) => String(text).replace(/\s+/g, '');

function flowSteps() {
  const steps = policy().flow || [];
  assert.ok(steps.length > 0, 'policy.yaml has no flow');
  return steps;
}

for (const mode of MODES) {
  test(`flowchart SVG is visible and fits a 390 px phone screen (${mode})`, async (t) => {
    const opened = await site.open(mode, 'flow.html', { viewport: PHONE });
    try {
      const { page } = opened;
      const svg = page.locator('main svg').first();
      assert.ok(await svg.isVisible(), 'the flowchart SVG is not visible');
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 100 && box.height > 100, `the SVG is too small to read: ${JSON.stringify(box)}`);
      assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width + 0.5, `the SVG overflows the phone screen: ${JSON.stringify(box)}`);
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      assert.ok(widths.scroll <= widths.client, `the page scrolls sideways: ${widths.scroll} px content in ${widths.client} px`);
      // For people judging legibility: the SVG is scaled down to fit.
      const smallest = await svg.evaluate((s) =>
        Math.min(...[...s.querySelectorAll('text')].map((x) => x.getBoundingClientRect().height).filter((h) => h > 0)),
      );
      t.diagnostic(`smallest flowchart text line on a ${PHONE.width} px phone: ${smallest.toFixed(1)} px high`);
      assertNone(opened.problems, 'console errors or failed requests');
    } finally {
      await opened.close();
    }
  });
}

test('the flowchart and its text version show the same steps', async () => {
  const opened = await site.open('http', 'flow.html');
  try {
    const { page } = opened;
    const svgText = squash(await page.locator('main svg').first().evaluate((s) => s.textContent));
    const lists = await page.$$eval('main ol', (ols) => ols.map((ol) => ol.innerText));
    const listText = squash(lists.join('\n'));
    const missingInSvg = flowSteps().filter((s) => !svgText.includes(squash(s.label))).map((s) => s.id);
    const missingInList = flowSteps().filter((s) => !listText.includes(squash(s.label))).map((s) => s.id);
    assert.deepEqual(missingInSvg, [], 'steps missing from the SVG');
    assert.deepEqual(missingInList, [], 'steps missing from the ordered-list text version');
    const listItems = await page.$$eval('main ol > li', (lis) => lis.length);
    assert.ok(listItems >= flowSteps().length, `the text version has ${listItems} items for ${flowSteps().length} steps`);
  } finally {
    await opened.close();
  }
});
