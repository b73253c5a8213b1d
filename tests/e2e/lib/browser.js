'use strict';
// Headless Debian Chromium through playwright-core, with pages that record
// every console error, uncaught exception and failed request, so that a
// test can assert that a page loaded cleanly.
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { chromium } = require('playwright-core');
const config = require('./config');

async function launchBrowser() {
  if (!fs.existsSync(config.CHROMIUM)) {
    throw new Error(
      `${config.CHROMIUM} not found: install Debian's chromium (scripts/test.sh does it)`,
    );
  }
  return chromium.launch({
    executablePath: config.CHROMIUM,
    headless: true,
    args: config.CHROMIUM_ARGS,
  });
}

/**
 * The two ways people open the site: from disk (an auditor's zip) and from a
 * web server. `mode` is 'file' or 'http'.
 */
function makeUrlFor(siteDir, origin) {
  return function urlFor(mode, rel) {
    const [pathPart, rest] = splitSuffix(rel);
    if (mode === 'file') return pathToFileURL(path.join(siteDir, pathPart)).href + rest;
    if (mode === 'http') return `${origin}/${pathPart.split(path.sep).join('/')}${rest}`;
    throw new Error(`unknown mode ${mode}`);
  };
}

/** Splits "a/b.html?q=x#y" into ["a/b.html", "?q=x#y"]. */
function splitSuffix(rel) {
  const i = rel.search(/[?#]/);
  return i < 0 ? [rel, ''] : [rel.slice(0, i), rel.slice(i)];
}

/**
 * Chromium fetches a page's icon by itself, after the load event and on its
 * own schedule: the request is cut short (net::ERR_ABORTED) when the next
 * page opens, and without a declared icon it asks for /favicon.ico, so its
 * errors land on whichever page happens to be open. Icon requests are left
 * out here; pages.test.js checks deterministically that every page declares
 * an icon, and the link check that the declared file exists.
 */
function isIconRequest(url) {
  return /\/favicon\.[a-z]+(?:$|[?#])/i.test(url);
}

/**
 * A browser context with one page that records every console error, page
 * error, failed request and HTTP error response, each as a readable line in
 * `problems`. `visit(url)` navigates the same page again (much cheaper than
 * a new context per page) and starts a fresh `problems` list.
 */
async function newSession(browser, options = {}) {
  const context = await browser.newContext({
    viewport: options.viewport || config.DESKTOP,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    javaScriptEnabled: options.javaScriptEnabled !== false,
  });
  // Every interaction in the suite is local and quick: fail in 10 s, not
  // Playwright's default 30 s, so that a broken page fails fast.
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      if (loc && isIconRequest(loc.url || '')) return;
      problems.push(`console error: ${msg.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => {
    if (isIconRequest(req.url())) return;
    const failure = req.failure();
    problems.push(`request failed: ${req.url()} (${failure ? failure.errorText : 'unknown'})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  if (options.media) await page.emulateMedia({ media: options.media });
  return {
    page,
    context,
    problems,
    async visit(url) {
      problems.length = 0;
      await page.goto(url, { waitUntil: 'load' });
      return problems;
    },
    close: () => context.close(),
  };
}

/** A fresh context and page showing `url`; see newSession for `problems`. */
async function openPage(browser, url, options = {}) {
  const session = await newSession(browser, options);
  await session.visit(url);
  return session;
}

/** Waits until the page's scripts have had a chance to run and settle. */
async function settle(page) {
  await page.waitForLoadState('load');
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

/** Writes a full-page screenshot and returns its path. */
async function screenshot(page, name) {
  fs.mkdirSync(config.SCREENSHOT_DIR, { recursive: true });
  const file = path.join(config.SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

module.exports = { launchBrowser, makeUrlFor, newSession, openPage, settle, screenshot, splitSuffix };
