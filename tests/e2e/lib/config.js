'use strict';
// Settings shared by every part of the browser suite. Everything that a
// developer may want to point elsewhere is an environment variable.
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Debian's Chromium: the suite never downloads a browser of its own. */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Headless flags that work on a machine without network access: without the
 * background-networking ones Chromium keeps trying (and failing) to reach
 * Google's services, which costs time and fills the logs.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The built site under test (made by scripts/test.sh or tests/e2e/run.js). */
function siteDir() {
  const dir = process.env.ISMSBOOK_SITE;
  if (!dir) {
    throw new Error(
      'ISMSBOOK_SITE is not set: run scripts/test.sh, or `node tests/e2e/run.js`, ' +
        'which build the example site first',
    );
  }
  return path.resolve(dir);
}

/** The content the site was built from, for computing expected results. */
const CONTENT_DIR = path.resolve(process.env.ISMSBOOK_CONTENT || path.join(REPO_ROOT, 'content'));

/** Where screenshots go, for people to look at; printed at the end of a run. */
const SCREENSHOT_DIR = path.resolve(
  process.env.ISMSBOOK_SCREENSHOTS || path.join(REPO_ROOT, 'target', 'e2e-screenshots'),
);

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
/** A4 is 210 mm wide: 794 CSS px at 96 dpi. */
const A4_WIDTH_PX = 794;

module.exports = {
  REPO_ROOT,
  CHROMIUM,
  CHROMIUM_ARGS,
  siteDir,
  CONTENT_DIR,
  SCREENSHOT_DIR,
  PHONE,
  DESKTOP,
  A4_WIDTH_PX,
};
