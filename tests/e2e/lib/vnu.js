'use strict';
// The Nu HTML Checker (npm package vnu-jar) run with the machine's Java.
// The package's own postinstall would fetch a JDK when none is found; the
// suite installs with --ignore-scripts and always uses the system `java`.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { fileURLToPath } = require('node:url');

/** The jar's path: the package exports it as a String object. */
const VNU_JAR = String(require('vnu-jar'));

/**
 * Checks the given HTML files in one Java process.
 * @returns {{file:string, line:number, column:number, message:string, extract:string}[]}
 */
function validate(files) {
  if (files.length === 0) return [];
  const java = process.env.JAVA || 'java';
  const run = spawnSync(java, ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw new Error(`could not run ${java}: ${run.error.message}`);
  // vnu writes its JSON report to stderr and exits 1 when it found errors.
  const text = (run.stderr || run.stdout || '').trim();
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    throw new Error(`vnu did not print JSON (exit ${run.status}):\n${text.slice(0, 2000)}`);
  }
  return report.messages
    .filter((m) => m.type === 'error' || m.type === 'non-document-error')
    .map((m) => ({
      file: m.url && m.url.startsWith('file:') ? fileURLToPath(m.url) : m.url || '?',
      line: m.lastLine || 0,
      column: m.firstColumn || m.lastColumn || 0,
      message: m.message,
      extract: (m.extract || '').replace(/\s+/g, ' ').trim(),
    }));
}

/** One readable line per error, relative to `root`. */
function formatErrors(errors, root) {
  return errors.map(
    (e) =>
      `${path.relative(root, e.file)}:${e.line}:${e.column}: ${e.message}` +
      (e.extract ? `\n    ${e.extract}` : ''),
  );
}

module.exports = { VNU_JAR, validate, formatErrors };
