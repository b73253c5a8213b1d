#!/usr/bin/env node
'use strict';
// What the browser downloads for a query on a built site: meta.js, the
// term shards the query looks up, and the document shards of the first ten
// results, as the site's own static/search.js loads them.
//
//   node scripts/search-cost.js SITE_DIR [QUERY ...]
//
// Prints one Markdown table row per query and the median and largest total.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const DEFAULT_QUERIES = [
  'ランサムウェア', '個人情報', '誤送信', '標的型メール', 'VPN', 'ノートPC 紛失', 'USBメモリ',
  '不正アクセス', '改ざん', '情報セキュリティ責任者', 'インシデント対応責任者', 'インシデント',
  '多要素認証', 'バックアップ', 'メール 開いた', 'スマホ なくした', 'ウイルス', 'パスワード',
  '個人情報保護管理者', '情報漏洩',
];

async function cost(site, query) {
  const core = require(path.resolve(site, 'static', 'search.js'));
  const sandbox = {};
  sandbox.self = sandbox;
  // What search.js sets up before it loads a shard.
  sandbox.ISMS_SEARCH = { q: [], add(n, d) { this.q.push([n, d]); } };
  vm.createContext(sandbox);
  const loaded = new Map();
  const read = (name) => {
    const file = path.join(site, 'search', `${name}.js`);
    if (!fs.existsSync(file)) return null;
    if (!loaded.has(name)) loaded.set(name, fs.statSync(file).size);
    vm.runInContext(fs.readFileSync(file, 'utf8'), sandbox);
    return sandbox.ISMS_SEARCH.q.pop()[1];
  };
  const engine = core.createEngine(read('meta'), (name) => Promise.resolve(read(name)));
  const r = await engine.search(query);
  await engine.docs(r.hits.slice(0, 10).map((h) => h.doc));
  const sum = (prefix) => [...loaded].filter(([n]) => n.startsWith(prefix));
  const kb = (list) => (list.reduce((s, [, b]) => s + b, 0) / 1024).toFixed(1);
  const terms = sum('t-');
  const docs = sum('d-');
  const total = [...loaded.values()].reduce((s, b) => s + b, 0);
  return { query, hits: r.hits.length, terms, docs, total, row: `| ${query} | ${r.hits.length} | ${terms.length} files, ${kb(terms)} KB | ${docs.length} files, ${kb(docs)} KB | ${(total / 1024).toFixed(1)} KB |` };
}

(async () => {
  const [site, ...queries] = process.argv.slice(2);
  if (!site) {
    console.error('usage: node scripts/search-cost.js SITE_DIR [QUERY ...]');
    process.exit(2);
  }
  const rows = [];
  for (const q of queries.length ? queries : DEFAULT_QUERIES) rows.push(await cost(site, q));
  console.log('| query | results | term shards | doc shards | total (meta.js included) |');
  console.log('|---|---|---|---|---|');
  rows.forEach((r) => console.log(r.row));
  const totals = rows.map((r) => r.total).sort((a, b) => a - b);
  const median = totals[Math.floor((totals.length - 1) / 2)];
  console.log(`\nmedian ${(median / 1024).toFixed(1)} KB, largest ${(totals[totals.length - 1] / 1024).toFixed(1)} KB`);
})();
