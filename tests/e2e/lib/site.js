'use strict';
// What the suite knows about the built site and the content it came from:
// the list of generated pages, one representative page per page type, and
// the incident records (read from content/, independent of the renderer) so
// that expected results are computed, never copied from the page under test.
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const config = require('./config');

/** Every file under dir, as sorted paths relative to dir with '/' separators. */
function listFiles(dir, filter = () => true) {
  const out = [];
  const walk = (abs, rel) => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const childAbs = path.join(abs, entry.name);
      if (entry.isDirectory()) walk(childAbs, childRel);
      else if (entry.isFile() && filter(childRel)) out.push(childRel);
    }
  };
  walk(dir, '');
  return out.sort();
}

function htmlPages(siteDir) {
  return listFiles(siteDir, (rel) => rel.endsWith('.html'));
}

function readYaml(file) {
  return YAML.parse(fs.readFileSync(file, 'utf8'));
}

/** The incident records of the content directory, sorted by id. */
function incidentRecords(contentDir = config.CONTENT_DIR) {
  const dir = path.join(contentDir, 'incidents');
  return listFiles(dir, (rel) => /\.ya?ml$/.test(rel))
    .map((rel) => readYaml(path.join(dir, rel)))
    .filter((r) => r && r.id)
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

function policy(contentDir = config.CONTENT_DIR) {
  return readYaml(path.join(contentDir, 'policy.yaml'));
}

function contacts(contentDir = config.CONTENT_DIR) {
  return readYaml(path.join(contentDir, 'contacts.yaml'));
}

/** The YAML may hold a timestamp as a string or a Date; we want the text. */
function isoText(value) {
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** The ransomware incident: the record whose title names ランサムウェア. */
function ransomwareIncident(records = incidentRecords()) {
  const found = records.filter((r) => String(r.title).includes('ランサムウェア'));
  if (found.length !== 1) {
    throw new Error(`expected exactly one record titled with ランサムウェア, found ${found.length}`);
  }
  return found[0];
}

/**
 * One page of each type, as relative paths. Pages that several records or
 * files produce (handbook, templates, incidents, drills) are represented by
 * the first one in sorted order, or for incidents by the ransomware record,
 * the richest one in the example.
 */
function pageTypes(siteDir) {
  const pages = htmlPages(siteDir);
  const first = (dir) =>
    pages.find((p) => p.startsWith(`${dir}/`) && p.split('/').length === 2 && p !== `${dir}/index.html`);
  return {
    home: 'index.html',
    assistant: 'report.html',
    card: 'card.html',
    flow: 'flow.html',
    levels: 'levels.html',
    contacts: 'contacts.html',
    register: 'register.html',
    dashboard: 'dashboard.html',
    calendar: 'calendar.html',
    search: 'search.html',
    handbook: first('handbook'),
    templates: 'templates.html',
    template: first('templates'),
    incident: `incidents/${ransomwareIncident().id}.html`,
    actions: 'actions.html',
    compliance: 'compliance.html',
    controls: 'controls.html',
    metrics: 'metrics.html',
    drills: 'drills.html',
    drill: first('drills'),
    evidence: 'evidence/index.html',
    // The register's listings (by year, level …) and a control's actions.
    register_listing: first('register'),
    actions_listing: first('actions'),
  };
}

module.exports = {
  listFiles,
  htmlPages,
  incidentRecords,
  policy,
  contacts,
  isoText,
  ransomwareIncident,
  pageTypes,
};
