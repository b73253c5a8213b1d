#!/usr/bin/env node
'use strict';
// Shows that the browser suite catches a broken feature: copies a built
// site, breaks the register's filter script in the COPY (never the source),
// runs the register spec against it and expects it to fail. Two breakages:
//   - "filters do nothing": the line that hides non-matching rows is
//     changed so that no row is ever hidden (the script still runs, the
//     form still shows);
//   - "script gone": the register script is emptied.
//
//   ISMSBOOK_SITE=target/e2e-site node tests/e2e/prove-breakage.js
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const BREAKAGES = [
  {
    name: 'filters do nothing',
    // register.js hides a row with `row.hidden = !matches` (whatever the
    // variable names): make it `row.hidden = false`.
    apply: (js) => {
      const broken = js.replace(/(\.hidden\s*=\s*)!\s*[\w$.]+\s*;/g, '$1false;');
      return broken === js ? null : broken;
    },
  },
  { name: 'script gone', apply: () => '/* emptied by prove-breakage.js */\n' },
];

function registerScript(site) {
  const html = fs.readFileSync(path.join(site, 'register.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
  const target = scripts.find((s) => /register/.test(s));
  if (!target) throw new Error(`register.html loads no register script (scripts: ${scripts.join(', ')})`);
  return target;
}

/** Runs the register spec on a broken copy; true when it failed, as it should. */
function caught(site, breakage) {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ismsbook-broken-'));
  try {
    fs.cpSync(site, copy, { recursive: true });
    const file = path.join(copy, registerScript(copy));
    const broken = breakage.apply(fs.readFileSync(file, 'utf8'));
    if (broken === null) throw new Error(`"${breakage.name}": the register script has no line to break`);
    fs.writeFileSync(file, broken);
    console.log(`\n### ${breakage.name}: broke ${path.relative(copy, file)} in ${copy}`);
    const run = spawnSync(process.execPath, [path.join(__dirname, 'run.js'), 'register'], {
      stdio: 'inherit',
      env: { ...process.env, ISMSBOOK_SITE: copy },
    });
    return run.status !== 0;
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

function main() {
  const site = path.resolve(process.env.ISMSBOOK_SITE || 'target/e2e-site');
  const missed = BREAKAGES.filter((b) => !caught(site, b)).map((b) => b.name);
  if (missed.length > 0) {
    console.error(`\nFAIL: the register spec passed against a broken site: ${missed.join(', ')}`);
    process.exit(1);
  }
  console.log(`\nOK: the register spec failed against every broken copy (${BREAKAGES.map((b) => b.name).join(', ')})`);
}

main();
