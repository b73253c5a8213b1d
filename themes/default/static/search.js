/*
 * ismsbook offline search client.
 *
 * The index is a set of JavaScript files under search/ written by
 * `ismsbook build` (see docs/search.md and src/search/). Each file registers
 * itself through self.ISMS_SEARCH.add(name, data), so the client loads them
 * with <script> tags: this works from file://, with no fetch, XHR or
 * WebAssembly. Only the term shards a query needs and the document shards
 * of the results on screen are loaded.
 *
 * The first part is the pure search core (normalisation, tokenisation and
 * ranking, mirroring src/search/*.rs exactly); it is what Node's tests
 * load through module.exports. The second part is the results page UI,
 * built with createElement/textContent only (the site's CSP forbids inline
 * script and the data must never be parsed as HTML).
 */
(function () {
  'use strict';

  /* ------------------------------------------------------------------ */
  /* Core                                                                */
  /* ------------------------------------------------------------------ */

  var MAX_WORD_CHARS = 64;
  var MAX_IMPACT = 31;
  var ID_BOOST = 2.0;
  // Query words of this many kanji or more look up phrase terms (phrase.rs).
  var PHRASE_FROM_CHARS = 4;
  var PHRASE_ALL_UP_TO = 6;
  var PHRASE_MAX_LOOKUPS = 4;
  var TITLE_KEY_FROM_CHARS = 12;
  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var DIGIT_VALUE = Object.create(null);
  for (var d = 0; d < DIGITS.length; d++) DIGIT_VALUE[DIGITS.charAt(d)] = d;
  var FACETS = ['kind', 'level', 'category', 'status', 'year'];

  var ALNUM = /[\p{Alphabetic}\p{N}]/u;

  function isDash(cp) {
    return cp === 0x2d || cp === 0x2010 || (cp >= 0x2012 && cp <= 0x2015) || cp === 0x2212;
  }

  function isKatakana(cp) {
    return (cp >= 0x30a1 && cp <= 0x30fa) || (cp >= 0x30fc && cp <= 0x30fe) ||
      (cp >= 0x31f0 && cp <= 0x31ff);
  }

  /** Variant kanji of names and places and their common form, as
   *  VARIANTS in src/search/normalize.rs. */
  var VARIANTS = { '冨': '富', '國': '国', '壽': '寿', '峯': '峰', '嵜': '崎', '嶋': '島', '嶌': '島', '廣': '広', '德': '徳', '惠': '恵', '槇': '槙', '櫻': '桜', '澤': '沢', '濱': '浜', '濵': '浜', '瀨': '瀬', '眞': '真', '舘': '館', '藏': '蔵', '邉': '辺', '邊': '辺', '髙': '高', '齊': '斉', '齋': '斎', '﨑': '崎' };
  var VARIANT_RE = new RegExp('[' + Object.keys(VARIANTS).join('') + ']', 'gu');

  /** What a dash at chars[i] becomes, as dash_replacement() in
   *  normalize.rs: the long-vowel mark between two katakana, '-' between
   *  two ASCII letters or digits (where 'ー' counts as a dash too). */
  function dashReplacement(prev, c, next) {
    if (prev === undefined || next === undefined) return null;
    var p = prev.codePointAt(0), cp = c.codePointAt(0), nx = next.codePointAt(0);
    if (isDash(cp) && isKatakana(p) && isKatakana(nx)) return '\u30fc';
    var words = /^[a-z0-9]$/i.test(prev) && /^[a-z0-9]$/i.test(next);
    return c !== '-' && (isDash(cp) || cp === 0x30fc) && words ? '-' : null;
  }

  /** Dashes between katakana and between ASCII words (keeps the length of
   *  the string); the neighbours are read as written. */
  function fixDashes(s) {
    if (!/[-\u2010\u2012-\u2015\u2212\u30fc]/.test(s)) return s;
    var chars = Array.from(s), out = chars.slice();
    for (var i = 1; i + 1 < chars.length; i++) {
      var r = dashReplacement(chars[i - 1], chars[i], chars[i + 1]);
      if (r !== null) out[i] = r;
    }
    return out.join('');
  }

  /** Same as normalize() in src/search/normalize.rs: NFKC, lower case,
   *  variant kanji folded, and dashes between katakana and between ASCII
   *  words fixed. */
  function normalize(s) {
    var n = String(s).normalize('NFKC').toLowerCase();
    return fixDashes(n.replace(VARIANT_RE, function (c) { return VARIANTS[c]; }));
  }

  var HAN = 1, HIRAGANA = 2, KATAKANA = 3, HANGUL = 4, WORD = 5, CONNECTOR = 6, OTHER = 7;

  function classify(ch, prev) {
    var cp = ch.codePointAt(0);
    if (cp === 0x30fc && prev === HIRAGANA) return HIRAGANA;
    if ((cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x309d && cp <= 0x309f)) return HIRAGANA;
    if (isKatakana(cp)) return KATAKANA;
    if ((cp >= 0x3005 && cp <= 0x3007) || (cp >= 0x3400 && cp <= 0x4dbf) ||
        (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0x20000 && cp <= 0x3ffff)) return HAN;
    if ((cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f) ||
        (cp >= 0xac00 && cp <= 0xd7af)) return HANGUL;
    if (cp === 0x2d || cp === 0x5f || cp === 0x2e) return CONNECTOR;
    if (ALNUM.test(ch)) return WORD;
    return OTHER;
  }

  function isCjk(c) { return c === HAN || c === HIRAGANA || c === KATAKANA || c === HANGUL; }

  /** Splits normalised text into {cjk: run} and {parts: [...], whole}. */
  function segments(s) {
    var chars = Array.from(s);
    var classes = new Array(chars.length);
    var prev = OTHER;
    for (var i = 0; i < chars.length; i++) classes[i] = prev = classify(chars[i], prev);
    var out = [];
    var k = 0;
    while (k < chars.length) {
      var c = classes[k];
      var j;
      if (isCjk(c)) {
        j = k + 1;
        while (j < chars.length && classes[j] === c) j++;
        out.push({ cjk: chars.slice(k, j) });
        k = j;
      } else if (c === WORD) {
        var parts = [];
        j = k;
        for (;;) {
          var start = j;
          while (j < chars.length && classes[j] === WORD) j++;
          parts.push(chars.slice(start, j).join(''));
          var joined = j + 1 < chars.length && classes[j] === CONNECTOR && classes[j + 1] === WORD;
          if (!joined) break;
          j++;
        }
        out.push({ parts: parts, whole: chars.slice(k, j).join('') });
        k = j;
      } else {
        k++;
      }
    }
    return out;
  }

  function bigrams(run) {
    if (run.length === 1) return [run[0]];
    var out = [];
    for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
    return out;
  }

  /** The bigrams a query needs for a CJK run: all of them up to four
   *  characters, from five a cover (every other bigram and the last one),
   *  as each_query_bigram() in src/search/tokenize.rs. */
  function queryBigrams(run) {
    if (run.length < 5) return bigrams(run);
    var out = [];
    for (var i = 0; i + 1 < run.length; i += 2) out.push(run[i] + run[i + 1]);
    if (run.length % 2 === 1) out.push(run[run.length - 2] + run[run.length - 1]);
    return out;
  }

  /** Kanji trigrams a query needs for a CJK run (an array of characters):
   *  from PHRASE_FROM_CHARS kanji; all of them up to PHRASE_ALL_UP_TO, then
   *  those starting at every other character plus the last, as
   *  query_phrases() in src/search/phrase.rs. */
  function phraseTerms(run) {
    var n = run.length;
    if (n < PHRASE_FROM_CHARS || !run.every(function (ch) { return classify(ch, OTHER) === HAN; })) return [];
    var out = [];
    var step = n <= PHRASE_ALL_UP_TO ? 1 : 2;
    for (var i = 0; i + 2 < n; i += step) out.push(run[i] + run[i + 1] + run[i + 2]);
    if ((n - 3) % step !== 0) out.push(run[n - 3] + run[n - 2] + run[n - 1]);
    return out;
  }

  /** The exact-title key a query looks up, as query_title_key() in
   *  phrase.rs ('' below TITLE_KEY_FROM_CHARS characters). */
  function titleKey(query) {
    var compact = normalize(query).replace(/[ \t\n\r]/g, '');
    return Array.from(compact).length >= TITLE_KEY_FROM_CHARS ? '~' + pad(fnv1a(compact).toString(16), 8) : '';
  }

  function shortEnough(w) { return Array.from(w).length <= MAX_WORD_CHARS; }

  /** Same as tokenize() in src/search/tokenize.rs. */
  function tokenize(s) {
    var out = [];
    segments(normalize(s)).forEach(function (seg) {
      if (seg.cjk) {
        Array.prototype.push.apply(out, bigrams(seg.cjk));
      } else {
        if (seg.parts.length > 1 && shortEnough(seg.whole)) out.push(seg.whole);
        seg.parts.forEach(function (p) { if (shortEnough(p)) out.push(p); });
      }
    });
    return out;
  }

  /** Same as plan_query() in src/search/tokenize.rs: a list of
   *  {term} and {whole, parts} groups, without repeats. */
  function planQuery(query) {
    var groups = [];
    var seen = Object.create(null);
    function push(g) {
      var key = g.term !== undefined ? 't\u0000' + g.term
        : g.phrase !== undefined ? 'p\u0000' + g.phrase
          : 'c\u0000' + g.whole + '\u0000' + g.parts.join('\u0000');
      if (!seen[key]) { seen[key] = true; groups.push(g); }
    }
    segments(normalize(query)).forEach(function (seg) {
      if (seg.cjk) {
        queryBigrams(seg.cjk).forEach(function (t) { push({ term: t }); });
        phraseTerms(seg.cjk).forEach(function (t) { push({ phrase: t }); });
        return;
      }
      var parts = seg.parts.filter(shortEnough);
      if (parts.length > 1 && shortEnough(seg.whole)) {
        push({ whole: seg.whole, parts: parts });
      } else {
        parts.forEach(function (p) { push({ term: p }); });
      }
    });
    // Phrase terms only for queries of few lookups (PHRASE_MAX_LOOKUPS).
    var lookups = groups.filter(function (g) { return g.phrase === undefined; }).length;
    if (lookups > PHRASE_MAX_LOOKUPS) groups = groups.filter(function (g) { return g.phrase === undefined; });
    return groups;
  }

  /** The ids of the index (by their shapes, `shapes`: prefix → shapes, as
   *  idShapes in meta.js) that a query term stands for besides itself:
   *  letters then digits (`inc20170379`) stand for each id of the prefix
   *  whose digits those are (`inc-2017-0379`); an id joined by `-` whose
   *  numbers have no leading zeros (`inc-2017-379`) for each id of the
   *  prefix with as many numbers, as wide or wider and wider somewhere.
   *  Same as id_candidates() in src/search/forms.rs. */
  function idCandidates(term, shapes) {
    var m = /^([a-z]+)([0-9]+|(?:-[0-9]+)+)$/.exec(term);
    if (!m || !shapes || !Object.prototype.hasOwnProperty.call(shapes, m[1])) return [];
    var prefix = m[1], rest = m[2], out = [];
    var joined = rest.charAt(0) !== '-';
    var numbers = joined ? null : rest.slice(1).split('-');
    if (!joined && !numbers.every(function (n) { return n === '0' || n.charAt(0) !== '0'; })) return [];
    shapes[prefix].forEach(function (shape) {
      var parts = [], re = /([^0-9])([0-9]+)/g, p;
      while ((p = re.exec(shape)) !== null) parts.push([p[1], Number(p[2])]);
      var id = prefix, k;
      if (joined) {
        var at = 0;
        for (k = 0; k < parts.length; k++) { id += parts[k][0] + rest.slice(at, at + parts[k][1]); at += parts[k][1]; }
        if (at === rest.length) out.push(id);
        return;
      }
      if (parts.length !== numbers.length) return;
      var wider = false;
      for (k = 0; k < parts.length; k++) {
        var w = parts[k][1], n = numbers[k];
        if (w < n.length) return;
        if (w > n.length) wider = true;
        id += parts[k][0] + pad(n, w);
      }
      if (wider) out.push(id);
    });
    return out;
  }

  /** Decoded postings lists merged: every document of any, with its
   *  highest impact (merge_postings() in src/search/query.rs). */
  function mergePostings(lists) {
    if (lists.length === 1) return lists[0];
    var best = new Map();
    lists.forEach(function (l) {
      for (var i = 0; i < l[0].length; i++) {
        var q = best.get(l[0][i]);
        if (q === undefined || l[1][i] > q) best.set(l[0][i], l[1][i]);
      }
    });
    var docs = Array.from(best.keys()).sort(function (a, b) { return a - b; });
    return [docs, docs.map(function (d) { return best.get(d); })];
  }

  function utf8Bytes(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var cp = s.codePointAt(i);
      if (cp > 0xffff) i++;
      if (cp < 0x80) out.push(cp);
      else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
      else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    }
    return out;
  }

  /** 32-bit FNV-1a over UTF-8, as fnv1a() in src/search/encode.rs. */
  function fnv1a(s) {
    var h = 0x811c9dc5;
    var bytes = utf8Bytes(s);
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h >>> 0;
  }

  /** Decodes a postings string into [docIds, impacts] (see encode.rs). */
  function decodePostings(s) {
    var docs = [], impacts = [];
    var doc = 0, i = 0;
    while (i < s.length) {
      var head = DIGIT_VALUE[s.charAt(i++)];
      if (head === undefined) return null;
      var delta;
      if (head & 32) {
        delta = 1;
      } else {
        delta = 0;
        var mul = 1;
        for (;;) {
          var v = DIGIT_VALUE[s.charAt(i++)];
          if (v === undefined) return null;
          delta += (v & 31) * mul;
          mul *= 32;
          if (!(v & 32)) break;
        }
      }
      doc += delta;
      docs.push(doc);
      impacts.push(head & 31);
    }
    return [docs, impacts];
  }

  function fixedValue(s, at, width) {
    var v = 0;
    for (var k = 0; k < width; k++) v = v * 64 + (DIGIT_VALUE[s.charAt(at + k)] || 0);
    return v;
  }

  function pad(s, width) { s = String(s); while (s.length < width) s = '0' + s; return s; }

  /** False for terms of only hiragana (and ー), as is_content_term() in
   *  src/search/query.rs. */
  function isContentTerm(term) { return !/^[\u3041-\u3096\u309d-\u309f\u30fc]*$/.test(term); }

  function idf(n, df) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }

  function scoreKey(score) { return Math.round(score * 1e6); }

  /**
   * The payload of a document shard: its JSON, packed by the build
   * (src/search/packed.rs: raw DEFLATE, base64). A promise of the object,
   * null when it cannot be read (no DecompressionStream: no snippets).
   */
  function unpack(packed) {
    if (typeof packed !== 'string') return Promise.resolve(packed || null);
    try {
      var raw = atob(packed), bytes = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
      return new Response(stream).text().then(JSON.parse, function () { return null; });
    } catch (e) {
      return Promise.resolve(null);
    }
  }

  /**
   * A search engine over one index. `meta` is the payload of meta.js;
   * `load(name)` returns a promise of the payload of search/<name>.js
   * (null when it cannot be loaded).
   */
  function createEngine(meta, load) {
    if (!meta || meta.version !== 3) throw new Error('unsupported search index');
    var n = meta.docs;
    var termMask = meta.termShards - 1;
    var facetValues = meta.facets;
    var tuples = decodeTuples(meta);
    // Maps keyed by terms never inherit (a term may be 'constructor').
    var postingsCache = Object.create(null);
    var kindWeights = meta.kindWeights || {};
    var recordKinds = meta.recordKinds || [];
    var idShapes = meta.idShapes || {};
    var weights = null;

    /** Whether a document is a record (its type is in recordKinds). */
    function isRecord(doc) { return recordKinds.indexOf(facetsOf(doc).kind) >= 0; }

    /** Ranking weight of a document, from its type (see kindWeights). */
    function weightOf(doc) {
      if (!weights) {
        weights = new Float64Array(n);
        for (var i = 0; i < n; i++) {
          var kind = facetsOf(i).kind;
          weights[i] = Object.prototype.hasOwnProperty.call(kindWeights, kind) ? kindWeights[kind] : 1.0;
        }
      }
      return weights[doc];
    }

    function decodeTuples(m) {
      var widths = m.tupleWidths, s = m.tuples, list = [], at = 0;
      while (at < s.length) {
        var t = [];
        for (var f = 0; f < FACETS.length; f++) { t.push(fixedValue(s, at, widths[f]) - 1); at += widths[f]; }
        list.push(t);
      }
      return list;
    }

    function termShardName(term) {
      return 't-' + pad(((fnv1a(term) & termMask) >>> 0).toString(16), meta.termShardDigits);
    }

    function docShardName(doc) {
      return 'd-' + pad(Math.floor(doc / meta.docsPerShard), meta.docShardDigits);
    }

    /** The term a plan group looks up first. */
    function groupTerm(g) {
      return g.term !== undefined ? g.term : g.phrase !== undefined ? g.phrase : g.whole;
    }

    /** Loads the shards of `terms` and returns their decoded postings. */
    function postingsOf(terms) {
      return Promise.all(terms.map(function (t) {
        if (postingsCache[t]) return Promise.resolve(postingsCache[t]);
        return Promise.resolve(load(termShardName(t))).then(function (shard) {
          var raw = shard && Object.prototype.hasOwnProperty.call(shard, t) ? shard[t] : '';
          var list = decodePostings(raw) || [[], []];
          postingsCache[t] = list;
          return list;
        });
      }));
    }

    /** Order tier (lower first), as tier() in src/search/query.rs. */
    function tierOf(doc, titleHits, byId) {
      if (byId) return 1;
      if (titleHits.has(doc)) return 0;
      return isRecord(doc) ? 2 : 1;
    }

    function rank(required, titleHits, byId) {
      var score = new Map();
      var content = 0, all = 0;
      var ordered = required.filter(function (r) { return !r.phrase; })
        .concat(required.filter(function (r) { return r.phrase; }));
      ordered.forEach(function (r) {
        var docs = r.list[0], impacts = r.list[1];
        var weight = idf(n, docs.length) * r.boost / MAX_IMPACT;
        var i, e;
        if (r.phrase) {
          // Not required: only adds to pages a required term found.
          for (i = 0; i < docs.length; i++) {
            e = score.get(docs[i]);
            if (e) { e.score += weight * impacts[i]; e.phrases += 1; }
          }
          return;
        }
        all += 1;
        var isContent = isContentTerm(r.term) ? 1 : 0;
        content += isContent;
        for (i = 0; i < docs.length; i++) {
          e = score.get(docs[i]);
          if (!e) { e = { doc: docs[i], score: 0, matched: 0, content: 0, phrases: 0 }; score.set(docs[i], e); }
          e.score += weight * impacts[i];
          e.matched += 1;
          e.content += isContent;
        }
      });
      var entries = Array.from(score.values());
      entries.forEach(function (e) { e.score *= weightOf(e.doc); });
      var hits = entries.filter(function (e) { return e.matched === all; });
      var partial = false;
      if (hits.length === 0 && all > 1) {
        // Half of the content terms (all terms when there are none), as in
        // query.rs: common kana alone do not make a match.
        partial = true;
        hits = entries.filter(function (e) {
          return content > 0 ? e.content >= Math.ceil(content / 2) : e.matched >= Math.ceil(all / 2);
        });
      }
      hits.forEach(function (e) { e.tier = tierOf(e.doc, titleHits, byId); });
      hits.sort(function (a, b) {
        return (b.matched - a.matched) || (a.tier - b.tier) || (b.phrases - a.phrases) ||
          (scoreKey(b.score) - scoreKey(a.score)) || (a.doc - b.doc);
      });
      return {
        hits: hits.map(function (e) { return { doc: e.doc, score: e.score, matched: e.matched }; }),
        partial: partial && hits.length > 0,
      };
    }

    /** Ranks the pages for `query`: {hits: [{doc, score, matched}],
     *  partial, terms (the terms used, for highlighting)}. */
    function search(query) {
      var groups = planQuery(query);
      var first = groups.map(groupTerm);
      var key = groups.length > 0 ? titleKey(query) : '';
      // The ids a term stands for when typed in another shape, by term:
      // looked up beside it, at once.
      var also = Object.create(null);
      function withIds(terms) {
        var out = terms.slice();
        terms.forEach(function (t) {
          if (!also[t]) also[t] = idCandidates(t, idShapes);
          Array.prototype.push.apply(out, also[t]);
        });
        return out;
      }
      function listOf(term) {
        var ids = also[term] || [];
        return mergePostings([postingsCache[term]].concat(ids.map(function (c) { return postingsCache[c]; })));
      }
      var lookups = withIds(groups.filter(function (g) { return g.phrase === undefined; }).map(groupTerm));
      groups.forEach(function (g) { if (g.phrase !== undefined) lookups.push(g.phrase); });
      if (key) lookups.push(key);
      return postingsOf(lookups).then(function () {
        var lists = first.map(listOf);
        var missing = [];
        groups.forEach(function (g, k) {
          if (g.whole !== undefined && lists[k][0].length === 0) Array.prototype.push.apply(missing, g.parts);
        });
        return postingsOf(withIds(missing)).then(function () {
          var required = [];
          var have = Object.create(null);
          var byId = false;
          function add(term, boost, phrase, list) {
            if (have[term]) return;
            have[term] = true;
            required.push({ term: term, boost: boost, phrase: phrase, list: list });
          }
          groups.forEach(function (g, k) {
            if (g.term !== undefined) add(g.term, 1.0, false, lists[k]);
            else if (g.phrase !== undefined) add(g.phrase, 1.0, true, lists[k]);
            else if (lists[k][0].length > 0) { byId = true; add(g.whole, ID_BOOST, false, lists[k]); }
            else g.parts.forEach(function (p) { add(p, 1.0, false, listOf(p)); });
          });
          var titleHits = new Set(key ? postingsCache[key][0] : []);
          var result = rank(required, titleHits, byId);
          result.terms = required.filter(function (r) { return !r.phrase; }).map(function (r) { return r.term; });
          return result;
        });
      });
    }

    /** Facet values of a document: {kind, level, category, status, year}
     *  (null where the page has none). */
    function facetsOf(doc) {
      var width = meta.tupleDigits;
      var t = tuples[fixedValue(meta.docTuples, doc * width, width)] || [];
      var out = {};
      FACETS.forEach(function (f, i) {
        var v = t[i];
        out[f] = v !== undefined && v >= 0 ? facetValues[f][v] : null;
      });
      return out;
    }

    // Document shards unpacked so far (a promise each), by name.
    var unpacked = Object.create(null);

    /** Loads stored documents: a promise of {id: {url, title, text}}. */
    function docs(ids) {
      var names = {};
      ids.forEach(function (id) { names[docShardName(id)] = true; });
      return Promise.all(Object.keys(names).map(function (name) {
        if (!unpacked[name]) unpacked[name] = Promise.resolve(load(name)).then(unpack);
        return unpacked[name];
      })).then(function (shards) {
        var out = {};
        shards.forEach(function (shard) {
          if (!shard) return;
          shard.docs.forEach(function (row, i) {
            // [url, title, text], or [url, title, rest, 1] when the page's
            // text is its title, a space and the rest (not stored twice).
            var text = row[3] === 1 ? row[1] + ' ' + row[2] : row[2];
            out[shard.first + i] = { url: row[0], title: row[1], text: text };
          });
        });
        return out;
      });
    }

    /** Starts loading the term shards `query` needs, without waiting. */
    function prefetch(query) {
      var groups = planQuery(query);
      groups.forEach(function (g) { load(termShardName(groupTerm(g))); });
      if (groups.length > 0 && titleKey(query)) load(termShardName(titleKey(query)));
    }

    return {
      search: search, facetsOf: facetsOf, docs: docs, prefetch: prefetch, isRecord: isRecord,
      termShardName: termShardName, docShardName: docShardName, size: n,
    };
  }

  /* Highlighting: ranges of the original text whose normalised form is a
     query term. Each base character with its combining marks (including
     half-width voiced marks) is normalised alone so that positions map
     back to the original text. */

  var MARK = /[\p{M}\uff9e\uff9f]/u;

  function normalizedUnits(text) {
    var units = [];
    Array.from(text).forEach(function (ch) {
      if (units.length > 0 && MARK.test(ch)) units[units.length - 1] += ch;
      else units.push(ch);
    });
    var starts = [], norm = '', origin = [], at = 0;
    units.forEach(function (u, k) {
      starts.push(at);
      at += u.length;
      var nu = u.normalize('NFKC').toLowerCase().replace(VARIANT_RE, function (c) { return VARIANTS[c]; });
      for (var i = 0; i < nu.length; i++) origin.push(k);
      norm += nu;
    });
    starts.push(at);
    return { norm: fixDashes(norm), origin: origin, starts: starts };
  }

  function isWordChar(ch) { return ch !== undefined && ch !== '' && ALNUM.test(ch) && !isCjk(classify(ch, OTHER)); }

  /** What to highlight for `query`: per query word, the whole word and the
   *  pieces (bigrams or id parts) to fall back on when a text does not
   *  contain the whole word (a partial match). */
  function highlightGroups(query) {
    return segments(normalize(query)).map(function (seg) {
      if (seg.cjk) return { whole: seg.cjk.join(''), pieces: seg.cjk.length > 1 ? bigrams(seg.cjk) : [] };
      return { whole: seg.whole, pieces: seg.parts.length > 1 ? seg.parts : [] };
    });
  }

  /** Ranges of the normalised text `u` where `term` occurs (whole words
   *  only for Latin words and digits), in original-text offsets. */
  function occurrences(u, term) {
    var out = [];
    if (!term) return out;
    var wordLike = isWordChar(Array.from(term)[0]);
    var from = 0;
    for (;;) {
      var at = u.norm.indexOf(term, from);
      if (at < 0) break;
      from = at + 1;
      var end = at + term.length;
      if (wordLike && (isWordChar(u.norm.charAt(at - 1)) || isWordChar(u.norm.charAt(end)))) continue;
      out.push([u.starts[u.origin[at]], u.starts[u.origin[end - 1] + 1]]);
    }
    return out;
  }

  /** Sorted, merged [start, end) ranges of `text` to highlight for the
   *  groups of highlightGroups() (or for a plain list of terms). */
  function highlightRanges(text, groups) {
    if (!text || !groups || groups.length === 0) return [];
    var u = normalizedUnits(text);
    var ranges = [];
    groups.forEach(function (g) {
      if (typeof g === 'string') g = { whole: g, pieces: [] };
      var found = occurrences(u, g.whole);
      if (found.length === 0) {
        g.pieces.forEach(function (p) { Array.prototype.push.apply(found, occurrences(u, p)); });
      }
      Array.prototype.push.apply(ranges, found);
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  /** A snippet of `text` around the first match of `groups` (see
   *  highlightRanges): {text, ranges, before, after} where ranges are relative to the snippet text and before/after
   *  tell whether text was cut. */
  function snippet(text, groups, length) {
    length = length || 120;
    var ranges = highlightRanges(text, groups);
    var start = 0;
    if (ranges.length > 0) start = Math.max(0, ranges[0][0] - Math.floor(length / 4));
    if (start > 0 && text.length - start < length) start = Math.max(0, text.length - length);
    var end = Math.min(text.length, start + length);
    // Never cut a highlighted word at the end.
    ranges.forEach(function (r) { if (r[0] < end && r[1] > end) end = r[1]; });
    // Never cut a surrogate pair in two.
    if (start > 0 && /[\udc00-\udfff]/.test(text.charAt(start))) start--;
    if (end < text.length && /[\udc00-\udfff]/.test(text.charAt(end))) end++;
    return {
      text: text.slice(start, end),
      ranges: ranges
        .filter(function (r) { return r[1] > start && r[0] < end; })
        .map(function (r) { return [Math.max(r[0], start) - start, Math.min(r[1], end) - start]; }),
      before: start > 0,
      after: end < text.length,
    };
  }

  /** `q` with its hiragana written in katakana (ういるす → ウイルス). */
  function katakanaOf(q) {
    return String(q).replace(/[\u3041-\u3096\u309d\u309e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) + 0x60);
    });
  }

  var core = {
    katakanaOf: katakanaOf, normalize: normalize, tokenize: tokenize, planQuery: planQuery, fnv1a: fnv1a,
    decodePostings: decodePostings, createEngine: createEngine, idCandidates: idCandidates,
    highlightGroups: highlightGroups, highlightRanges: highlightRanges, snippet: snippet, FACETS: FACETS,
  };

  if (typeof module === 'object' && module && module.exports) {
    module.exports = core;
    return;
  }

  /* ------------------------------------------------------------------ */
  /* Browser: registry, script loader and results page                   */
  /* ------------------------------------------------------------------ */

  var registry = self.ISMS_SEARCH || (self.ISMS_SEARCH = { q: [] });
  var store = {};
  var pending = {};
  registry.core = core;
  registry.add = function (name, data) { store[name] = data; };
  (registry.q || []).forEach(function (entry) { registry.add(entry[0], entry[1]); });
  registry.q = [];

  function rootPrefix() {
    var el = document.documentElement;
    var root = el.dataset.root;
    if (root === undefined && document.body) root = document.body.dataset.root;
    return root || '';
  }

  /**
   * The href of a page of the site (a site path such as `incidents/X.html`),
   * like the Rust side's `render::href::site_href`: always starting with `./`
   * or `../`, each path segment percent-encoded, so no id or file name can be
   * read as a scheme or another host.
   */
  function siteHref(url) {
    var i = url.search(/[?#]/);
    var pathPart = i < 0 ? url : url.slice(0, i);
    var rest = i < 0 ? '' : url.slice(i);
    return (rootPrefix() || './') + pathPart.split('/').map(encodeURIComponent).join('/') + rest;
  }

  /** Loads search/<name>.js with a script tag; resolves with its payload. */
  function loadScript(name) {
    if (Object.prototype.hasOwnProperty.call(store, name)) return Promise.resolve(store[name]);
    if (pending[name]) return pending[name];
    pending[name] = new Promise(function (resolve) {
      var s = document.createElement('script');
      s.src = rootPrefix() + 'search/' + name + '.js';
      s.async = true;
      // The element is not needed once the script has run.
      s.onload = function () { delete pending[name]; s.remove(); resolve(store[name] || null); };
      s.onerror = function () { delete pending[name]; s.remove(); resolve(null); };
      document.head.appendChild(s);
    });
    return pending[name];
  }

  var LABELS_JA = {
    count: '{n} 件',
    empty: '「{q}」に一致するページは見つかりませんでした。',
    tips: '検索は書かれた文字のまま探します（辞書は使いません）。読み仮名（ひらがな）やローマ字では漢字の言葉は見つかりません。漢字・カタカナで（例：誤送信、紛失、ウイルス）、または別の言い方で試してください。',
    kana: '「{q}」では見つからなかったため、「{k}」で検索しました。',
    expanded: '「{q}」に加えて、{k} の結果も表示しています。',
    quote: '「{w}」',
    comma: '、',
    partial: 'すべての語を含むページがないため、一部の語を含むページを表示しています。',
    more: 'さらに表示',
    error: '検索インデックスを読み込めませんでした。',
    clear: '絞り込みを解除',
    filter: '絞り込み',
    facets: { kind: '種類', level: 'レベル', category: 'カテゴリ', status: '状態', year: '年' },
    level: 'レベル{n}',
    year: '{n}年',
    kinds: {
      incident: 'インシデント', handbook: 'ハンドブック', template: 'テンプレート', drill: '訓練',
      contacts: '連絡先', levels: 'レベル', flow: '報告フロー', register: '台帳', page: 'ページ',
    },
    categories: {},
    statuses: { open: '対応中', contained: '封じ込め済み', recovered: '復旧済み', closed: '完了' },
  };

  var LABELS_EN = {
    count: '{n} results',
    empty: 'No pages match “{q}”.',
    tips: 'Search looks for the words as written, with no dictionary: a reading typed in kana or romaji does not find a word written in kanji. Try the word as the handbook writes it, or another word (e.g. ransomware, misdelivery, lost laptop).',
    kana: 'Nothing matched “{q}”; showing the results for “{k}”.',
    expanded: 'Also showing the results for {k} (besides “{q}”).',
    quote: '“{w}”',
    comma: ', ',
    partial: 'No page contains every word; showing pages that contain some of them.',
    more: 'Show more',
    error: 'The search index could not be loaded.',
    clear: 'Clear filters',
    filter: 'Filter',
    facets: { kind: 'Type', level: 'Level', category: 'Category', status: 'Status', year: 'Year' },
    level: 'Level {n}',
    year: '{n}',
    kinds: {
      incident: 'Incident', handbook: 'Handbook', template: 'Template', drill: 'Drill',
      contacts: 'Contacts', levels: 'Levels', flow: 'Reporting flow', register: 'Register', page: 'Page',
    },
    categories: {},
    statuses: { open: 'Open', contained: 'Contained', recovered: 'Recovered', closed: 'Closed' },
  };

  /** Labels: built-in defaults for the page language, overridden key by key
   *  by <script type="application/json" id="search-i18n">. */
  function readLabels() {
    var lang = (document.documentElement.lang || 'ja').toLowerCase();
    var base = lang.indexOf('en') === 0 ? LABELS_EN : LABELS_JA;
    var labels = JSON.parse(JSON.stringify(base));
    var blob = document.getElementById('search-i18n');
    if (!blob) return labels;
    try {
      var given = JSON.parse(blob.textContent || '{}');
      Object.keys(given).forEach(function (k) {
        var v = given[k];
        if (v && typeof v === 'object' && labels[k] && typeof labels[k] === 'object') {
          Object.keys(v).forEach(function (kk) { labels[k][kk] = v[kk]; });
        } else {
          labels[k] = v;
        }
      });
    } catch (e) { /* keep the defaults */ }
    return labels;
  }

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  /** Appends `text` to `parent`, wrapping `ranges` in <mark>. */
  function appendMarked(parent, text, ranges) {
    var at = 0;
    ranges.forEach(function (r) {
      if (r[0] > at) parent.appendChild(document.createTextNode(text.slice(at, r[0])));
      parent.appendChild(el('mark', null, text.slice(r[0], r[1])));
      at = r[1];
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function startPage() {
    var form = document.getElementById('search-form');
    var input = document.getElementById('search-input');
    var results = document.getElementById('search-results');
    var facetBox = document.getElementById('search-facets');
    if (!input || !results) return;
    var labels = readLabels();
    var PAGE = 10;
    var engine = null;
    var seq = 0;
    var renderSeq = 0;
    var timer = null;
    var state = { query: '', hits: [], partial: false, searchedAs: null, marks: [], shown: PAGE, focusAt: -1, filters: emptyFilters(), facetsOpen: null };

    /** Facet chips start folded on a phone, so they never push the first
     *  result off the first screen; open on wider screens. */
    function facetsOpenByDefault() {
      return !window.matchMedia || window.matchMedia('(min-width: 40rem)').matches;
    }

    function emptyFilters() {
      var f = {};
      core.FACETS.forEach(function (k) { f[k] = []; });
      return f;
    }

    function facetLabel(facet, value) {
      if (facet === 'kind') return labels.kinds[value] || value;
      if (facet === 'level') return fill(labels.level, { n: value });
      if (facet === 'year') return fill(labels.year, { n: value });
      if (facet === 'category') return labels.categories[value] || value;
      if (facet === 'status') return labels.statuses[value] || value;
      return String(value);
    }

    function passes(doc, except) {
      var f = engine.facetsOf(doc);
      return core.FACETS.every(function (k) {
        var chosen = state.filters[k];
        return k === except || chosen.length === 0 || chosen.indexOf(f[k]) >= 0;
      });
    }

    var enginePromise = null;

    function getEngine() {
      if (!enginePromise) {
        enginePromise = loadScript('meta').then(function (meta) {
          engine = core.createEngine(meta, loadScript);
          return engine;
        });
        // Let a later query try again if meta.js could not be loaded.
        enginePromise.catch(function () { enginePromise = null; });
      }
      return enginePromise;
    }

    function setUrl(q) {
      try {
        var url = new URL(location.href);
        if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
        history.replaceState(null, '', url.search ? url.pathname + url.search + url.hash : url.pathname + url.hash);
      } catch (e) { /* some browsers refuse replaceState on file:// */ }
    }

    /** The queries `q` also searches (at most MAX_ALSO): the glossary's
     *  words for the whole query, else for each of its words in turn
     *  (laptop stolen → ノートPC 盗難). */
    var MAX_ALSO = 4;
    function alternatives(q) {
      var expand = labels.expand || {};
      var has = function (k) { return Object.prototype.hasOwnProperty.call(expand, k) ? expand[k] : null; };
      var key = core.normalize(q).trim().split(/\s+/).join(' ');
      if (!key) return [];
      var whole = has(key);
      if (whole) return whole.slice(0, MAX_ALSO);
      var words = key.split(' ');
      if (words.length < 2 || !words.some(has)) return [];
      var out = [''];
      words.forEach(function (w) {
        var choices = has(w) || [w];
        var next = [];
        out.forEach(function (o) {
          choices.forEach(function (c) { if (next.length < MAX_ALSO) next.push(o ? o + ' ' + c : c); });
        });
        out = next;
      });
      return out;
    }

    function run(q) {
      var mine = ++seq;
      state.query = q;
      if (!q.trim()) {
        state.hits = [];
        render();
        return;
      }
      getEngine().then(function (eng) {
        return Promise.resolve(eng.search(q)).then(function (r) {
          // A word left in hiragana by the phone's keyboard (ういるす): when
          // the query as written finds nothing, read it in katakana.
          var kana = core.katakanaOf(q);
          if (r.hits.length > 0 || kana === q) return { r: r, as: q };
          return Promise.resolve(eng.search(kana)).then(function (k) {
            return k.hits.length > 0 ? { r: k, as: kana } : { r: r, as: q };
          });
        });
      }).then(function (found) {
        // Words the glossary or the site's synonyms give for the query
        // (ransomware → ランサムウェア): what they find follows what the
        // query as written found, each page once.
        var also = alternatives(q);
        if (also.length === 0) return found;
        return getEngine().then(function (eng) {
          return Promise.all(also.map(function (a) { return eng.search(a); }));
        }).then(function (more) {
          var seen = new Set(found.r.hits.map(function (h) { return h.doc; }));
          var added = [];
          var used = [];
          more.forEach(function (m, i) {
            m.hits.forEach(function (h) {
              if (!seen.has(h.doc)) { seen.add(h.doc); added.push(h); }
            });
            if (m.hits.length > 0) used.push(also[i]);
          });
          if (used.length === 0) return found;
          // Guidance before past records among what the other words found,
          // as in every result list (issue 18).
          var isRecord = function (h) { return engine.isRecord(h.doc); };
          var hits = found.r.hits.concat(added.filter(function (h) { return !isRecord(h); }),
            added.filter(isRecord));
          return { r: { hits: hits, partial: found.r.partial && hits.length === found.r.hits.length }, as: found.as, also: used };
        });
      }).then(function (found) {
        if (mine !== seq) return;
        var r = found.r;
        state.hits = r.hits;
        state.partial = r.partial;
        state.searchedAs = found.as === q ? null : found.as;
        state.also = found.also || null;
        state.marks = core.highlightGroups([found.as].concat(found.also || []).join(' '));
        state.shown = PAGE;
        render();
      }).catch(function () {
        if (mine !== seq) return;
        results.replaceChildren(el('p', 'search-error', labels.error));
      });
    }

    function filtered() {
      return state.hits.filter(function (h) { return passes(h.doc, null); });
    }

    function render() {
      var mine = ++renderSeq;
      renderFacets();
      var list = filtered();
      if (!state.query.trim()) {
        results.replaceChildren();
        var blank = document.getElementById('search-help');
        if (blank) blank.hidden = true;
        return;
      }
      var help = document.getElementById('search-help');
      if (help) help.hidden = list.length > 0;
      if (list.length === 0) {
        // What search does not do, and what to try instead (docs/site.md).
        results.replaceChildren(el('p', 'search-empty', fill(labels.empty, { q: state.query })),
          el('p', 'search-tips', labels.tips));
        return;
      }
      var visible = list.slice(0, state.shown);
      engine.docs(visible.map(function (h) { return h.doc; })).then(function (docs) {
        if (mine !== renderSeq) return;
        var nodes = [el('p', 'search-count', fill(labels.count, { n: list.length }))];
        if (state.searchedAs) nodes.push(el('p', 'search-kana', fill(labels.kana, { q: state.query, k: state.searchedAs })));
        if (state.also) {
          var quoted = state.also.map(function (a) { return fill(labels.quote, { w: a }); }).join(labels.comma);
          nodes.push(el('p', 'search-expanded', fill(labels.expanded, { q: state.query, k: quoted })));
        }
        if (state.partial) nodes.push(el('p', 'search-partial', labels.partial));
        var ol = el('ol', 'search-list');
        visible.forEach(function (h) {
          var d = docs[h.doc];
          if (d) ol.appendChild(resultItem(h.doc, d));
        });
        nodes.push(ol);
        if (list.length > state.shown) {
          var more = el('button', 'search-more', labels.more);
          more.type = 'button';
          more.addEventListener('click', function () {
            state.focusAt = state.shown;
            state.shown += PAGE;
            render();
          });
          nodes.push(more);
        }
        results.replaceChildren.apply(results, nodes);
        // After "show more", keyboard focus moves to the first new result.
        var link = state.focusAt >= 0 && ol.children[state.focusAt] && ol.children[state.focusAt].querySelector('a');
        state.focusAt = -1;
        if (link) link.focus();
      });
    }

    function resultItem(id, d) {
      var f = engine.facetsOf(id);
      var li = el('li', 'search-result');
      var head = el('div', 'search-result-head');
      var badge = el('span', 'search-badge search-badge-' + String(f.kind || 'page').replace(/[^a-z0-9_-]/gi, ''),
        facetLabel('kind', f.kind || 'page'));
      head.appendChild(badge);
      var a = el('a', 'search-title');
      a.href = siteHref(d.url);
      appendMarked(a, d.title, core.highlightRanges(d.title, state.marks));
      head.appendChild(a);
      li.appendChild(head);
      var details = [];
      if (f.level !== null) details.push(facetLabel('level', f.level));
      if (f.category !== null) details.push(facetLabel('category', f.category));
      if (f.status !== null) details.push(facetLabel('status', f.status));
      if (details.length > 0) li.appendChild(el('p', 'search-result-meta', details.join(' · ')));
      var s = core.snippet(d.text, state.marks, 120);
      if (s.text) {
        var p = el('p', 'search-snippet');
        if (s.before) p.appendChild(document.createTextNode('…'));
        appendMarked(p, s.text, s.ranges);
        if (s.after) p.appendChild(document.createTextNode('…'));
        li.appendChild(p);
      }
      return li;
    }

    function renderFacets() {
      if (!facetBox) return;
      if (!state.query.trim() || state.hits.length === 0) {
        facetBox.replaceChildren();
        return;
      }
      var groups = [];
      core.FACETS.forEach(function (facet) {
        var counts = new Map();
        state.hits.forEach(function (h) {
          if (!passes(h.doc, facet)) return;
          var v = engine.facetsOf(h.doc)[facet];
          if (v !== null) counts.set(v, (counts.get(v) || 0) + 1);
        });
        var chosen = state.filters[facet];
        chosen.forEach(function (v) { if (!counts.has(v)) counts.set(v, 0); });
        if (counts.size < 2 && chosen.length === 0) return;
        var values = Array.from(counts.keys()).sort(function (a, b) {
          if (facet === 'year') return b - a;
          return typeof a === 'number' ? a - b : String(a).localeCompare(String(b));
        });
        var box = el('fieldset', 'search-facet search-facet-' + facet);
        box.appendChild(el('legend', null, labels.facets[facet] || facet));
        values.forEach(function (v) {
          var on = chosen.indexOf(v) >= 0;
          var b = el('button', 'search-facet-value', facetLabel(facet, v) + ' (' + counts.get(v) + ')');
          b.type = 'button';
          b.setAttribute('aria-pressed', on ? 'true' : 'false');
          b.dataset.facet = facet;
          b.dataset.value = String(v);
          b.addEventListener('click', function () {
            var list = state.filters[facet];
            var at = list.indexOf(v);
            if (at >= 0) list.splice(at, 1); else list.push(v);
            state.shown = PAGE;
            render();
            // The buttons were rebuilt: keep keyboard focus on this one.
            var again = Array.prototype.find.call(facetBox.querySelectorAll('button'), function (x) {
              return x.dataset.facet === facet && x.dataset.value === String(v);
            });
            if (again) again.focus();
          });
          box.appendChild(b);
        });
        groups.push(box);
      });
      var chosenCount = core.FACETS.reduce(function (n, k) { return n + state.filters[k].length; }, 0);
      var any = chosenCount > 0;
      if (groups.length === 0) {
        facetBox.replaceChildren();
        return;
      }
      if (any) {
        var clear = el('button', 'search-facet-clear', labels.clear);
        clear.type = 'button';
        clear.addEventListener('click', function () {
          state.filters = emptyFilters();
          state.shown = PAGE;
          render();
          input.focus();
        });
        groups.push(clear);
      }
      var fold = el('details', 'search-facets-fold');
      fold.open = state.facetsOpen !== null ? state.facetsOpen : facetsOpenByDefault();
      fold.appendChild(el('summary', 'search-facets-summary', labels.filter + (any ? ' (' + chosenCount + ')' : '')));
      var body = el('div', 'search-facets-body');
      body.replaceChildren.apply(body, groups);
      fold.appendChild(body);
      fold.addEventListener('toggle', function () { state.facetsOpen = fold.open; });
      facetBox.replaceChildren(fold);
    }

    /* Typing: the shards a query needs start loading at once; the search
       itself runs 50 ms after the last keystroke. While an input method is
       composing (kana not yet converted to kanji), wait longer so that
       unconverted text does not load shards for nothing. */
    var composing = false;

    function schedule(delay) {
      clearTimeout(timer);
      timer = setTimeout(function () {
        setUrl(input.value);
        run(input.value);
      }, delay);
    }

    function typed() {
      if (composing) {
        schedule(300);
        return;
      }
      getEngine().then(function (eng) { eng.prefetch(input.value); }, function () {});
      schedule(50);
    }

    input.addEventListener('compositionstart', function () { composing = true; });
    input.addEventListener('compositionend', function () { composing = false; typed(); });
    input.addEventListener('input', typed);
    if (form) {
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        clearTimeout(timer);
        setUrl(input.value);
        run(input.value);
      });
    }
    // Load meta.js now (if the page did not) so the first query is quick.
    getEngine().catch(function () {});
    var initial = '';
    try { initial = new URLSearchParams(location.search).get('q') || ''; } catch (e) { initial = ''; }
    if (initial) {
      input.value = initial;
      run(initial);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startPage);
  else startPage();
})();
