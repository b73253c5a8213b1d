//! The workbook a chunk of records at a time. The rows of every
//! [`CHUNK`] records (in register order) make one run of each record
//! sheet (`incidents`, `actions`, `notifications`), compressed on its own
//! but primed with the end of the chunk before (its last 32 KB of the
//! sheet's XML: see [`zip`]); the chunks are made in parallel, and the
//! same records give the same bytes whatever the number of threads. A
//! build makes every chunk ([`write_whole`]); `serve` keeps them
//! ([`KeptBook`]) and after an edit makes again only the chunks whose
//! records changed or whose first rows moved, and a chunk after one of
//! those whose end changed ([`write_kept`]).

use super::book::{self, Run, Sheet};
use super::sheet::{Columns, Rows};
use super::{parse_record, take_record, zip};
use crate::digest::Sha256Digest;
use crate::export::actions::{drill_action_rows, ACTION_COLUMNS, NOTIFICATION_COLUMNS};
use crate::export::csv::{drill_table, incident_header, DRILL_COLUMNS};
use crate::export::workbook_headers as headers;
use crate::present::Env;
use rayon::prelude::*;
use std::io::{self, Write};

/// Records per chunk.
pub const CHUNK: usize = 128;
/// Chunks read and made at once by a build.
const BATCH: usize = 8;

/// The record sheets, in the order of a record's part.
const SHEETS: [&str; 3] = ["incidents", "actions", "notifications"];

/// A run of one sheet and its compressed bytes.
type Made = (Run, Vec<u8>);

/// The columns of the workbook's sheets for one render.
struct Layout<'e> {
    env: &'e Env<'e>,
    headers: [Vec<&'static str>; 3],
    cols: [Columns; 3],
}

impl<'e> Layout<'e> {
    fn new(env: &'e Env<'e>) -> Layout<'e> {
        let headers = [
            incident_header(env),
            ACTION_COLUMNS.to_vec(),
            NOTIFICATION_COLUMNS.to_vec(),
        ];
        let cols = [0, 1, 2].map(|s| Columns::new(&headers[s]));
        Layout { env, headers, cols }
    }

    /// What a kept chunk was made for: every sheet's columns and headers.
    fn key(&self) -> Vec<String> {
        self.headers
            .iter()
            .flat_map(|h| h.iter().map(|s| s.to_string()).chain(headers(self.env, h)))
            .collect()
    }

    /// The rows of `records`, from rows `first`: each sheet's XML, not
    /// yet compressed.
    fn rows(&self, records: &[&[u8]], first: [u32; 3]) -> io::Result<[Rows<'_>; 3]> {
        let mut rows = [0, 1, 2].map(|s| Rows::new(&self.cols[s], &self.headers[s], first[s]));
        for part in records {
            for (s, sheet) in parse_record(part)?.iter().enumerate() {
                for row in sheet {
                    rows[s].add(row);
                }
            }
        }
        Ok(rows)
    }

    /// Each sheet's `rows` compressed, primed with `before` (the end of
    /// the chunk before's XML, see [`ends`]): the runs and their XML.
    fn compress(rows: [Rows; 3], before: &Ends) -> io::Result<([Made; 3], [Vec<u8>; 3])> {
        let [a, b, c] = rows;
        let [(ra, za, xa), (rb, zb, xb), (rc, zc, xc)] = [
            Run::of(a, &before[0])?,
            Run::of(b, &before[1])?,
            Run::of(c, &before[2])?,
        ];
        Ok(([(ra, za), (rb, zb), (rc, zc)], [xa, xb, xc]))
    }

    /// The rows `records` give each sheet.
    fn counts(records: &[&[u8]]) -> io::Result<[u32; 3]> {
        let mut n = [0u32; 3];
        for part in records {
            for (s, sheet) in parse_record(part)?.iter().enumerate() {
                n[s] += sheet.len() as u32;
            }
        }
        Ok(n)
    }

    /// The runs made of the content, not the records: the drills' actions
    /// (after the records' actions, from row `actions_from`) and the
    /// drills sheet.
    fn rest(&self, actions_from: u32) -> io::Result<(Made, Made, Vec<u8>)> {
        let mut drill_actions = Rows::new(&self.cols[1], &self.headers[1], actions_from);
        for row in drill_action_rows(self.env) {
            drill_actions.add(&row);
        }
        let (run, bytes, xml) = Run::of(drill_actions, &[])?;
        let cols = Columns::new(DRILL_COLUMNS);
        let mut drills = Rows::new(&cols, DRILL_COLUMNS, 2);
        for row in drill_table(self.env) {
            drills.add(&row);
        }
        let (drun, dbytes, mut dxml) = Run::of(drills, &[])?;
        dxml.extend_from_slice(&xml);
        Ok(((run, bytes), (drun, dbytes), dxml))
    }

    /// Write the archive of the record sheets' `runs` (with `bodies`
    /// writing their bytes) and the runs [`Layout::rest`] made.
    fn write(
        &self,
        runs: [Vec<&Run>; 3],
        bodies: [Body; 3],
        (extra, drills): (&Made, &Made),
        fresh: &dyn Fn(&[u8]),
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let [ri, ra, rn] = runs;
        let [mut bi, mut ba, mut bn] = bodies;
        let mut ra = ra;
        ra.push(&extra.0);
        let shown = |s: usize| headers(self.env, &self.headers[s]);
        let sheets = vec![
            Sheet {
                name: SHEETS[0],
                cols: Columns::new(&self.headers[0]),
                shown: shown(0),
                runs: ri,
                body: Box::new(move |w| bi(w)),
            },
            Sheet {
                name: SHEETS[1],
                cols: Columns::new(&self.headers[1]),
                shown: shown(1),
                runs: ra,
                body: Box::new(move |w| {
                    ba(w)?;
                    w.write_all(&extra.1)
                }),
            },
            Sheet {
                name: SHEETS[2],
                cols: Columns::new(&self.headers[2]),
                shown: shown(2),
                runs: rn,
                body: Box::new(move |w| bn(w)),
            },
            Sheet {
                name: "drills",
                cols: Columns::new(DRILL_COLUMNS),
                shown: headers(self.env, DRILL_COLUMNS),
                runs: vec![&drills.0],
                body: Box::new(|w| w.write_all(&drills.1)),
            },
        ];
        let d = self.env.today;
        let created = d.format("%Y-%m-%d").to_string();
        let title = format!("{} — register", self.env.content.site.title);
        book::write(&title, &created, sheets, fresh, out)
    }
}

/// What writes a sheet's runs' bytes.
type Body<'a> = Box<dyn FnMut(&mut dyn Write) -> io::Result<()> + 'a>;

/// The end of each sheet's XML in a chunk: what the next chunk's runs are
/// primed with (empty before the first chunk).
type Ends = [Vec<u8>; 3];

/// Each sheet's last `window` bytes of `rows` (at most DEFLATE's
/// [`zip::WINDOW`]; smaller in tests).
fn ends(rows: &[Rows; 3], window: usize) -> Ends {
    [0, 1, 2].map(|s| {
        let end = zip::window(&rows[s].xml);
        end[end.len().saturating_sub(window)..].to_vec()
    })
}

/// What a kept chunk remembers of the ends it was primed with.
fn digests(ends: &Ends) -> [Sha256Digest; 3] {
    [0, 1, 2].map(|s| Sha256Digest::of(&ends[s]))
}

/// The workbook from every record's part in `parts` (a build).
pub(super) fn write_whole(env: &Env, parts: &std::fs::File, out: &mut dyn Write) -> io::Result<()> {
    write_whole_by((CHUNK, zip::WINDOW), env, parts, &|_| {}, out)
}

/// [`write_whole`], handing every XML text of the archive to `fresh` as
/// it is made (the chunks' on the worker that made them): the streamed
/// build's name guard searches them there instead of inflating the
/// archive again on one thread.
pub fn write_searched(
    env: &Env,
    parts: &std::fs::File,
    fresh: &(dyn Fn(&[u8]) + Sync),
    out: &mut dyn Write,
) -> io::Result<()> {
    write_whole_by((CHUNK, zip::WINDOW), env, parts, fresh, out)
}

/// Records per chunk, and how much of a chunk's end primes the next.
type Cut = (usize, usize);

fn write_whole_by(
    (chunk, window): Cut,
    env: &Env,
    parts: &std::fs::File,
    fresh: &(dyn Fn(&[u8]) + Sync),
    out: &mut dyn Write,
) -> io::Result<()> {
    let layout = Layout::new(env);
    let mut input = crate::export::reread(parts)?;
    // Each sheet's compressed runs go to a file of their own, in order.
    let mut files = Vec::new();
    for _ in 0..3 {
        files.push(io::BufWriter::with_capacity(
            256 * 1024,
            tempfile::tempfile()?,
        ));
    }
    let mut runs: [Vec<Run>; 3] = Default::default();
    let mut first = [2u32; 3];
    let mut before = Ends::default();
    loop {
        let mut batch: Vec<Vec<Vec<u8>>> = Vec::new();
        'read: for _ in 0..BATCH {
            let mut records = Vec::new();
            for _ in 0..chunk {
                let mut part = Vec::new();
                if !take_record(&mut input, &mut part)? {
                    if !records.is_empty() {
                        batch.push(records);
                    }
                    break 'read;
                }
                records.push(part);
            }
            batch.push(records);
        }
        if batch.is_empty() {
            break;
        }
        let mut firsts = Vec::with_capacity(batch.len());
        for records in &batch {
            let refs: Vec<&[u8]> = records.iter().map(Vec::as_slice).collect();
            firsts.push(first);
            let n = Layout::counts(&refs)?;
            (0..3).for_each(|s| first[s] += n[s]);
        }
        // The XML first; then each chunk's runs compressed, primed with
        // the end of the chunk before (for the batch's first, the end of
        // the last batch's last).
        let rows: Vec<[Rows; 3]> = batch
            .par_iter()
            .zip(firsts)
            .map(|(records, first)| {
                let refs: Vec<&[u8]> = records.iter().map(Vec::as_slice).collect();
                layout.rows(&refs, first)
            })
            .collect::<io::Result<_>>()?;
        let mut befores: Vec<Ends> = Vec::with_capacity(rows.len() + 1);
        befores.push(std::mem::take(&mut before));
        befores.extend(rows.iter().map(|r| ends(r, window)));
        before = befores.pop().unwrap_or_default();
        let made: Vec<[Made; 3]> = rows
            .into_par_iter()
            .zip(&befores)
            .map(|(rows, before)| {
                let (made, xml) = Layout::compress(rows, before)?;
                xml.iter().for_each(|x| fresh(x));
                Ok(made)
            })
            .collect::<io::Result<_>>()?;
        for chunk in made {
            for (s, (run, bytes)) in chunk.into_iter().enumerate() {
                files[s].write_all(&bytes)?;
                runs[s].push(run);
            }
        }
    }
    let (extra, drills, xml) = layout.rest(first[1])?;
    fresh(&xml);
    drop(xml);
    let mut files = files
        .into_iter()
        .map(|f| f.into_inner().map_err(|e| e.into_error()))
        .collect::<io::Result<Vec<_>>>()?;
    let bodies: [Body; 3] = [0, 1, 2].map(|_| {
        let mut file = files.remove(0);
        Box::new(move |w: &mut dyn Write| {
            use std::io::Seek;
            file.rewind()?;
            io::copy(&mut file, w).map(|_| ())
        }) as Body
    });
    let runs = [0, 1, 2].map(|s| runs[s].iter().collect());
    layout.write(runs, bodies, (&extra, &drills), &|x| fresh(x), out)
}

/// The chunks of the workbook `serve` last wrote, for the next.
#[derive(Debug, Default)]
pub struct KeptBook {
    key: Vec<String>,
    chunks: Vec<KeptChunk>,
}

#[derive(Debug)]
struct KeptChunk {
    /// The stamps of its records (see `site::skip`), in order.
    stamps: Vec<u64>,
    first: [u32; 3],
    /// The digests of the ends of the chunk before that its runs were
    /// primed with.
    primed: [Sha256Digest; 3],
    runs: [Made; 3],
}

/// The workbook from every record's `parts` (in register order) with
/// their `stamps`, taking from `kept` every chunk whose records and first
/// rows are the same; `fresh` is handed every XML text made anew (for the
/// guard to search: the rest it searched before). Returns what to keep.
pub fn write_kept(
    env: &Env,
    parts: &[&[u8]],
    stamps: &[u64],
    kept: Option<KeptBook>,
    fresh: &(dyn Fn(&[u8]) + Sync),
    out: &mut dyn Write,
) -> io::Result<KeptBook> {
    write_kept_by((CHUNK, zip::WINDOW), env, parts, stamps, kept, fresh, out)
}

fn write_kept_by(
    (chunk, window): Cut,
    env: &Env,
    parts: &[&[u8]],
    stamps: &[u64],
    kept: Option<KeptBook>,
    fresh: &(dyn Fn(&[u8]) + Sync),
    out: &mut dyn Write,
) -> io::Result<KeptBook> {
    let layout = Layout::new(env);
    let key = layout.key();
    let mut old: Vec<Option<KeptChunk>> = kept
        .filter(|k| k.key == key)
        .map(|k| k.chunks.into_iter().map(Some).collect())
        .unwrap_or_default();
    let n = parts.len().min(stamps.len());
    let mut plan = Vec::new();
    let mut first = [2u32; 3];
    for (c, from) in (0..n).step_by(chunk).enumerate() {
        let range = from..n.min(from + chunk);
        let same = old
            .get_mut(c)
            .and_then(Option::take)
            .filter(|k| k.stamps == stamps[range.clone()]);
        let rows = match &same {
            Some(k) => [0, 1, 2].map(|s| k.runs[s].0.rows),
            None => Layout::counts(&parts[range.clone()])?,
        };
        plan.push((range, first, same.filter(|k| k.first == first)));
        (0..3).for_each(|s| first[s] += rows[s]);
    }
    // A chunk is made again when its records or first rows changed, or
    // when the end of the chunk before (which primes it) changed: the XML
    // of those, of the chunks before them and of the chunks after changed
    // ones is made (in parallel), and the rest is kept as it is.
    let same: Vec<bool> = plan.iter().map(|p| p.2.is_some()).collect();
    let changed = |c: usize| same.get(c).is_some_and(|s| !s);
    let rows: Vec<Option<[Rows; 3]>> = plan
        .par_iter()
        .enumerate()
        .map(|(c, (range, first, _))| {
            let needed = changed(c) || changed(c + 1) || (c > 0 && changed(c - 1));
            match needed {
                true => layout.rows(&parts[range.clone()], *first).map(Some),
                false => Ok(None),
            }
        })
        .collect::<io::Result<_>>()?;
    let nothing = Ends::default();
    let befores: Vec<Option<Ends>> = std::iter::once(Some(nothing))
        .chain(rows.iter().map(|r| r.as_ref().map(|r| ends(r, window))))
        .take(rows.len())
        .collect();
    let chunks: Vec<KeptChunk> = plan
        .into_par_iter()
        .zip(rows)
        .zip(&befores)
        .enumerate()
        .map(|(c, (((range, first, same), rows), before))| {
            // Kept: its records and rows are the same, and so is the chunk
            // before it, or that chunk's end at least.
            let kept = same.filter(|k| {
                c == 0 || !changed(c - 1) || before.as_ref().is_some_and(|b| digests(b) == k.primed)
            });
            if let Some(chunk) = kept {
                return Ok(chunk);
            }
            let (Some(rows), Some(before)) = (rows, before) else {
                return Err(io::Error::other("a workbook chunk's XML was not made"));
            };
            let (runs, xml) = Layout::compress(rows, before)?;
            xml.iter().for_each(|x| fresh(x));
            Ok(KeptChunk {
                stamps: stamps[range].to_vec(),
                first,
                primed: digests(before),
                runs,
            })
        })
        .collect::<io::Result<_>>()?;
    let (extra, drills, xml) = layout.rest(first[1])?;
    fresh(&xml);
    {
        let runs = [0, 1, 2].map(|s| chunks.iter().map(|c| &c.runs[s].0).collect());
        let bodies: [Body; 3] = [0, 1, 2].map(|s| {
            let chunks = &chunks;
            Box::new(move |w: &mut dyn Write| {
                chunks.iter().try_for_each(|c| w.write_all(&c.runs[s].1))
            }) as Body
        });
        layout.write(runs, bodies, (&extra, &drills), &|x| fresh(x), out)?;
    }
    Ok(KeptBook { key, chunks })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::theme::Theme;
    use crate::present::RenderOptions;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn kept_chunks_give_a_builds_bytes_and_only_changed_ones_are_made_again() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let loaded = crate::load::load(&root).unwrap();
        let theme = Theme::builtin();
        let opts = RenderOptions {
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            audience: Some("auditor".into()),
            provenance: None,
        };
        let summaries = crate::model::summary::all(&loaded.content.incidents);
        let env = Env::new(&loaded.content, &summaries, &theme, &opts).unwrap();
        let row = super::super::REGISTER.rows.unwrap().row;
        let mut parts: Vec<Vec<u8>> = (0..env.incidents.len())
            .map(|k| {
                let mut part = Vec::new();
                row(&env, k, k == 0, &mut part).unwrap();
                part
            })
            .collect();
        let n = parts.len();
        assert!(n > 12, "several chunks of 4");
        let whole_by = |window: usize, parts: &[Vec<u8>]| {
            let mut file = tempfile::tempfile().unwrap();
            parts.iter().for_each(|p| file.write_all(p).unwrap());
            let mut out = Vec::new();
            write_whole_by((4, window), &env, &file, &|_| {}, &mut out).unwrap();
            out
        };
        let whole = |parts: &[Vec<u8>]| whole_by(zip::WINDOW, parts);
        let made = AtomicUsize::new(0);
        let fresh = |_: &[u8]| {
            made.fetch_add(1, Ordering::Relaxed);
        };
        let kept_write_by = |window: usize, parts: &[Vec<u8>], stamps: &[u64], kept| {
            let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
            let mut out = Vec::new();
            let book =
                write_kept_by((4, window), &env, &refs, stamps, kept, &fresh, &mut out).unwrap();
            (out, book)
        };
        let kept_write = |parts: &[Vec<u8>], stamps: &[u64], kept| {
            kept_write_by(zip::WINDOW, parts, stamps, kept)
        };
        let mut stamps: Vec<u64> = (0..n as u64).collect();
        let (first, book) = kept_write(&parts, &stamps, None);
        assert_eq!(first, whole(&parts), "serve's workbook is a build's");
        let all = made.swap(0, Ordering::Relaxed);

        // Record 5's first cell (its id) written over: its chunk is made
        // again, and the chunk after it, which is primed with its end (the
        // whole chunk here); the bytes are a build's.
        let original = parts.clone();
        let overwrite = |parts: &mut Vec<Vec<u8>>, k: usize| {
            let len = u32::from_le_bytes(parts[k][8..12].try_into().unwrap()) as usize;
            parts[k][12..12 + len].fill(b'X');
        };
        overwrite(&mut parts, 5);
        stamps[5] = 1000;
        let (again, book) = kept_write(&parts, &stamps, Some(book));
        assert_eq!(again, whole(&parts));
        assert_ne!(again, first);
        let chunks = n.div_ceil(4);
        assert_eq!(made.swap(0, Ordering::Relaxed), all - 3 * (chunks - 2));

        // A record removed: every row after it moves up, and the chunks
        // from it on are made again.
        parts.remove(1);
        stamps.remove(1);
        let (fewer, _) = kept_write(&parts, &stamps, Some(book));
        assert_eq!(fewer, whole(&parts));
        assert!(made.load(Ordering::Relaxed) >= all - 3);

        // With a short end priming the next chunk (the last 48 bytes of
        // each sheet's XML, which hold no record's id), an edit of an id
        // leaves the next chunk as it was (kept): only the edited chunk is
        // made again, and the bytes are a build's.
        let window = 48;
        let mut stamps: Vec<u64> = (0..n as u64).collect();
        made.swap(0, Ordering::Relaxed);
        let (_, mut book) = kept_write_by(window, &original, &stamps, None);
        // What is made every time besides the chunks.
        let besides = made.swap(0, Ordering::Relaxed) - 3 * original.len().div_ceil(4);
        let mut counts = Vec::new();
        for k in 0..n.min(4 * 4) {
            let mut parts = original.clone();
            overwrite(&mut parts, k);
            stamps[k] += 1000;
            let (again, next) = kept_write_by(window, &parts, &stamps, Some(book));
            assert_eq!(again, whole_by(window, &parts), "record {k} edited");
            // And back, so that each edit starts from the example.
            stamps[k] -= 1000;
            let (_, next) = kept_write_by(window, &original, &stamps, Some(next));
            book = next;
            counts.push(made.swap(0, Ordering::Relaxed) / 2 - besides);
        }
        assert!(counts.iter().all(|&c| c == 3), "{counts:?}");
    }
}
