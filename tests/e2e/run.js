#!/usr/bin/env node
'use strict';
// Runs the browser suite: builds the example site when ISMSBOOK_SITE is not
// given, runs every spec under tests/e2e/specs with Node's test runner, and
// prints where the screenshots are.
//
//   node tests/e2e/run.js                 # build target/e2e-site, run all specs
//   ISMSBOOK_SITE=/tmp/site node tests/e2e/run.js register search
//                                         # an existing site, two spec files
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const config = require('./lib/config');

const SPEC_DIR = path.join(__dirname, 'specs');
/** The build date is pinned so that "overdue" and "not yet due" are stable. */
const TODAY = process.env.ISMSBOOK_TODAY || '2026-11-22';

function buildSite() {
  const out = path.join(config.REPO_ROOT, 'target', 'e2e-site');
  const bin = process.env.ISMSBOOK_BIN;
  const [cmd, args] = bin
    ? [bin, []]
    : ['cargo', ['run', '--quiet', '--release', '--']];
  const buildArgs = [...args, 'build', '--content', config.CONTENT_DIR, '--out', out, '--today', TODAY];
  console.log(`building the example site: ${cmd} ${buildArgs.join(' ')}`);
  const run = spawnSync(cmd, buildArgs, { cwd: config.REPO_ROOT, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error('the site did not build; the browser suite cannot run');
    process.exit(1);
  }
  return out;
}

function specFiles(names) {
  const all = fs
    .readdirSync(SPEC_DIR)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  if (names.length === 0) return all.map((f) => path.join(SPEC_DIR, f));
  return names.map((name) => {
    const file = all.find((f) => f === name || f === `${name}.test.js`);
    if (!file) {
      console.error(`no spec named ${name}; there are: ${all.join(', ')}`);
      process.exit(2);
    }
    return path.join(SPEC_DIR, file);
  });
}

function main() {
  const site = process.env.ISMSBOOK_SITE ? path.resolve(process.env.ISMSBOOK_SITE) : buildSite();
  if (!fs.existsSync(path.join(site, 'index.html'))) {
    console.error(`${site} holds no built site (no index.html)`);
    process.exit(1);
  }
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    [
      '--test',
      '--test-reporter=spec',
      // One spec file at a time: each starts its own Chromium, and the
      // machine has two cores.
      '--test-concurrency=1',
      // Per spec file. The paging specs generate and build a register of
      // 1,100 records and walk every page of it: about a minute on an idle
      // 2-core runner, more than three under a load of 15.
      '--test-timeout=600000',
      ...specFiles(process.argv.slice(2)),
    ],
    { stdio: 'inherit', env: { ...process.env, ISMSBOOK_SITE: site } },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nbrowser suite: site ${site}, ${seconds} s`);
  console.log(`screenshots: ${config.SCREENSHOT_DIR}`);
  process.exit(run.status === null ? 1 : run.status);
}

main();
