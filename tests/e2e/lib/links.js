'use strict';
// An offline link checker over the generated files: every internal link,
// asset and #anchor must resolve inside the site, every link must be
// relative (the site is opened from file:// and from any sub-path), and no
// asset may come from another host (the site works offline).
const fs = require('node:fs');
const path = require('node:path');
const { htmlPages } = require('./site');

const TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
/** Links a person follows out of the site; anything else with a scheme is an error. */
const OUTBOUND_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);
/** Elements whose href is followed by a person, not loaded as an asset. */
const NAVIGATION_TAGS = new Set(['a', 'area']);

function decodeEntities(text) {
  return text
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Tags with their attributes, outside comments, scripts and styles. */
function* tags(html) {
  const stripped = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b([^>]*)>[\s\S]*?<\/\1>/gi, '<$1$2></$1>');
  for (const m of stripped.matchAll(TAG)) {
    const attrs = {};
    for (const a of (m[2] || '').matchAll(ATTR)) {
      const value = a[2] ?? a[3] ?? a[4];
      attrs[a[1].toLowerCase()] = value === undefined ? '' : decodeEntities(value);
    }
    yield { name: m[1].toLowerCase(), attrs };
  }
}

/** The ids (and legacy <a name>) that a page offers as #anchors. */
function anchorsOf(html) {
  const ids = new Set();
  for (const t of tags(html)) {
    if (t.attrs.id) ids.add(t.attrs.id);
    if (t.name === 'a' && t.attrs.name) ids.add(t.attrs.name);
  }
  return ids;
}

/** Every URL a page references: [{tag, attr, value}]. */
function referencesOf(html) {
  const refs = [];
  for (const t of tags(html)) {
    for (const attr of ['href', 'src', 'xlink:href', 'action', 'poster']) {
      if (t.attrs[attr] !== undefined) refs.push({ tag: t.name, attr, value: t.attrs[attr] });
    }
  }
  return refs;
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * Checks every HTML page of the site and returns one readable line per
 * problem, e.g. `register.html: <a href="incidents/X.html"> → no such file`.
 */
function checkLinks(siteDir) {
  const pages = htmlPages(siteDir);
  const html = new Map(pages.map((p) => [p, fs.readFileSync(path.join(siteDir, p), 'utf8')]));
  const anchorCache = new Map();
  const anchors = (rel) => {
    if (!anchorCache.has(rel)) anchorCache.set(rel, anchorsOf(html.get(rel)));
    return anchorCache.get(rel);
  };
  const problems = [];
  let checked = 0;
  for (const page of pages) {
    for (const ref of referencesOf(html.get(page))) {
      checked += 1;
      const where = `${page}: <${ref.tag} ${ref.attr}="${ref.value}">`;
      const problem = checkReference(siteDir, page, ref, html, anchors);
      if (problem) problems.push(`${where} → ${problem}`);
    }
  }
  return { pages: pages.length, checked, problems };
}

function checkReference(siteDir, page, ref, html, anchors) {
  const value = ref.value.trim();
  if (value === '') return 'empty URL';
  const scheme = SCHEME.exec(value);
  const isNavigation = NAVIGATION_TAGS.has(ref.tag) && ref.attr === 'href';
  if (scheme || value.startsWith('//')) {
    const name = scheme ? scheme[1].toLowerCase() : 'network-path';
    if (!isNavigation) return 'asset from outside the site (the site must work offline)';
    if (!OUTBOUND_SCHEMES.has(name)) return `"${name}:" links are not allowed`;
    return null;
  }
  if (value.startsWith('/')) return 'absolute path (links must be relative to work from file:// and any sub-path)';
  const hash = value.indexOf('#');
  const beforeHash = hash < 0 ? value : value.slice(0, hash);
  const fragment = hash < 0 ? null : value.slice(hash + 1);
  const filePart = beforeHash.split('?')[0];
  let target = page;
  if (filePart !== '') {
    const decoded = safeDecode(filePart);
    if (decoded === null) return 'badly percent-encoded';
    const abs = path.resolve(path.dirname(path.join(siteDir, page)), decoded);
    if (!abs.startsWith(siteDir + path.sep)) return 'points outside the site';
    if (!fs.existsSync(abs)) return 'no such file';
    if (fs.statSync(abs).isDirectory()) return 'points at a directory (from file:// no index.html is served)';
    target = path.relative(siteDir, abs).split(path.sep).join('/');
  }
  if (fragment !== null && fragment !== '' && html.has(target)) {
    const id = safeDecode(fragment);
    if (id === null || !anchors(target).has(id)) return `no element with id "${fragment}" in ${target}`;
  }
  return null;
}

module.exports = { checkLinks, anchorsOf, referencesOf, tags };
