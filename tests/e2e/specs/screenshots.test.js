'use strict';
// Screenshots of the key pages at phone and desktop width, for people to
// look at (the directory is printed at the end of the run).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { useSite } = require('../lib/harness');
const { pageTypes } = require('../lib/site');
const { screenshot, settle } = require('../lib/browser');
const { PHONE, DESKTOP } = require('../lib/config');

const site = useSite();

test('screenshots of home, flow, register, an incident and search at 390 and 1280 px', async (t) => {
  const types = pageTypes(site.siteDir);
  const shots = {
    home: types.home,
    flow: types.flow,
    register: types.register,
    incident: types.incident,
    search: `search.html?q=${encodeURIComponent('ランサムウェア')}`,
  };
  for (const [name, rel] of Object.entries(shots)) {
    for (const viewport of [PHONE, DESKTOP]) {
      const opened = await site.open('http', rel, { viewport });
      try {
        if (name === 'search') await opened.page.locator('#search-results a[href]').first().waitFor({ timeout: 10000 });
        await settle(opened.page);
        const file = await screenshot(opened.page, `${name}-${viewport.width}`);
        assert.ok(fs.statSync(file).size > 1000, `${file} is empty`);
        t.diagnostic(file);
      } finally {
        await opened.close();
      }
    }
  }
});
