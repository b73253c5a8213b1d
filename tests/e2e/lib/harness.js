'use strict';
// Shared set-up for a spec file: the built site, a static server on
// 127.0.0.1 and one headless Chromium, started once per file.
const { before, after } = require('node:test');
const config = require('./config');
const { serve } = require('./server');
const { launchBrowser, makeUrlFor, newSession, openPage } = require('./browser');

/** Both ways of opening the site; every behaviour test runs under each. */
const MODES = ['file', 'http'];

/** `dir` gives the site to serve (default: the example site under test). */
function useSite(dir = config.siteDir) {
  const ctx = {};
  before(async () => {
    ctx.siteDir = dir();
    ctx.server = await serve(ctx.siteDir);
    ctx.browser = await launchBrowser();
    ctx.urlFor = makeUrlFor(ctx.siteDir, ctx.server.origin);
    ctx.open = (mode, rel, options) => openPage(ctx.browser, ctx.urlFor(mode, rel), options);
    ctx.session = (options) => newSession(ctx.browser, options);
  });
  after(async () => {
    if (ctx.browser) await ctx.browser.close();
    if (ctx.server) await ctx.server.close();
  });
  return ctx;
}

module.exports = { useSite, MODES };
