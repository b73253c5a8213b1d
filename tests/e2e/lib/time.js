'use strict';
// Dates as the site shows them: in the timezone of site.yaml.
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const config = require('./config');

/** Parses "+09:00" / "-05:30" / "Z" into minutes east of UTC. */
function offsetMinutes(text) {
  if (!text || text === 'Z' || text === 'UTC') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(String(text).trim());
  if (!m) throw new Error(`site.yaml timezone "${text}" is not an offset like +09:00`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

function readSiteTimezone(contentDir = config.CONTENT_DIR) {
  const siteYaml = YAML.parse(fs.readFileSync(path.join(contentDir, 'site.yaml'), 'utf8')) || {};
  const offset = offsetMinutes(siteYaml.timezone || '+09:00');
  return {
    offset,
    /** "2025-09-01T07:50:00+09:00" → "2025-09-01T07:50" in the site's zone. */
    localKey(iso) {
      const t = Date.parse(iso);
      if (Number.isNaN(t)) throw new Error(`not a date-time: ${iso}`);
      return new Date(t + offset * 60000).toISOString().slice(0, 16);
    },
  };
}

module.exports = { readSiteTimezone, offsetMinutes };
