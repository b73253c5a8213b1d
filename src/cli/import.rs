//! `ismsbook import FILE --map MAPPING.yaml`: records from an existing
//! register (xlsx/xlsm/xls/ods/csv), one per row, all or nothing, never
//! overwriting; then the new records checked with the content's policy.
//! The work is done in [`crate::authoring::import`].

use super::tr;
use super::{parse_date, resolve_today, ContentArg, Global};
use crate::authoring::import::{self, limits::MAX_FILE_BYTES, Encoding, Plan};
use crate::diagnostics::report::{self, Context, Format};
use crate::diagnostics::{Diagnostics, Lang};
use chrono::NaiveDate;
use clap::Args;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Shown after the options with `--help`: a mapping file in brief.
const MAPPING_HELP: &str = "\
A mapping file in brief (all of it: docs/import.md):

  sheet: 台帳
  header_row: 1
  policy_since: 2024-04-01            # older rows are imported as history (predates_policy)
  id: { pattern: \"OLD-{year}-{seq:3}\" }    # or { column: 管理番号 }
  skip:
    when: [{ column: 件名, equals: [小計] }]
  fields:
    title: 件名                       # a column, by header text or letter
    detected_at: 発見日時             # 2025/4/1 9:30, 令和7年4月1日, Excel dates
    status: { column: 状況, map: { 完了: closed, 対応中: open } }
    level:
      column: 重要度
      map: { 軽微: 1, 重大: 2 }
      when:                           # from another column: the first rule that holds
        - { column: 個人情報, equals: [あり], value: 3 }
    not_applicable:                   # a note such as 「通知不要」, with no date
      - rule: { when: [{ column: 届出, contains: [通知不要], value: police }] }
        reason: 届出
        decided_by: { value: incident_manager }

Try it with --dry-run first: nothing is written, and the records are checked
against the policy. Every finding names its cell (台帳!D17) or its line in
the mapping; `ismsbook explain E133` explains a code.";

#[derive(Args, Debug)]
#[command(after_long_help = MAPPING_HELP)]
pub struct ImportArgs {
    /// The register to import: .xlsx, .xlsm, .xls, .ods or .csv (UTF-8, UTF-8 with BOM, or Shift_JIS).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The mapping file: which column fills which record field (see docs/import.md; `ismsbook schema --mapping` prints its JSON Schema).
    #[arg(long = "map", short = 'm', value_name = "MAPPING.yaml")]
    pub map: PathBuf,
    #[command(flatten)]
    pub content: ContentArg,
    /// The sheet to read (default: the mapping's `sheet`, else the first sheet).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Text encoding of a CSV file (default: the mapping's `encoding`, else detected).
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<EncodingArg>,
    /// Write nothing: list the records that would be written (with --verbose, their text).
    #[arg(long)]
    pub dry_run: bool,
    /// Output format of the diagnostics, as for `check`.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The check date for checking the imported records (YYYY-MM-DD). Default: today, or SOURCE_DATE_EPOCH.
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EncodingArg {
    Auto,
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "shift_jis", alias = "sjis", alias = "cp932")]
    ShiftJis,
}

fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn shown(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

pub fn run(args: &ImportArgs, global: &Global) -> u8 {
    let root = &args.content.content;
    let loaded = match crate::load::load(root) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let content = &loaded.content;
    let lang = global.lang(Some(content.site.language));
    let (file, map) = (shown(&args.file), shown(&args.map));
    let bytes = match read_capped(&args.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {file}: {e}");
            return 2;
        }
    };
    let mapping_text = match std::fs::read_to_string(&args.map) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {map}: {e}");
            return 2;
        }
    };
    let req = import::Request {
        file: &file,
        bytes: &bytes,
        mapping_file: &map,
        mapping_text: &mapping_text,
        sheet: args.sheet.as_deref(),
        encoding: args.encoding.map(|e| match e {
            EncodingArg::Auto => Encoding::Auto,
            EncodingArg::Utf8 => Encoding::Utf8,
            EncodingArg::ShiftJis => Encoding::ShiftJis,
        }),
    };
    let plan = import::plan(root, content, &req);
    let sources: BTreeMap<String, String> = [(map.clone(), mapping_text.clone())].into();
    if !plan.ok() {
        print_report(
            args,
            global,
            lang,
            &plan.diagnostics.clone().sorted(),
            &sources,
            0,
        );
        eprintln!("{}", tr(lang, "import.refused", &[]));
        return 1;
    }
    if args.dry_run {
        for s in &plan.records {
            let path = shown(&root.join(&s.rel));
            if args.format.is_machine() {
                eprintln!("{path}");
            } else {
                println!("{path}");
            }
            if global.verbose {
                eprintln!("{}", s.text);
            }
        }
        // Machine formats get one document: the check of the planned
        // records below (the import's own findings are all errors, and an
        // import with errors stopped above).
        if !args.format.is_machine() {
            print_report(args, global, lang, &plan.diagnostics, &sources, 0);
        }
        // The policy's rules too, on the records as they would be written
        // (in a scratch copy: the content directory is not touched).
        let preview = match import::preview::check_planned(root, &plan.records, |tz| {
            resolve_today(args.today, tz)
        }) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        };
        let failed = preview.diagnostics.has_errors();
        print_checked(
            args,
            global,
            lang,
            &preview.diagnostics,
            (root, preview.scratch.path()),
            plan.records.len(),
        );
        eprint!("{}", summary(&plan, lang, true));
        return u8::from(failed);
    }
    let written = match import::write_all(root, &plan.records) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    for p in &written {
        if !args.format.is_machine() {
            println!("{}", shown(p));
        }
    }
    // The schema the records' modeline points at, as `new` keeps it.
    if let Err(e) = crate::authoring::write_schema(root, content) {
        eprintln!(
            "warning: {}: {e}",
            root.join(crate::authoring::SCHEMA_REL_PATH).display()
        );
    }
    // The new records, checked like any other (cross-file rules included).
    let checked = match crate::site::check(root, |tz| resolve_today(args.today, tz)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let ours: std::collections::BTreeSet<&str> =
        plan.records.iter().map(|s| s.rel.as_str()).collect();
    let mut diags = checked.diagnostics;
    diags.retain(|d| ours.contains(d.file.as_str()));
    let failed = diags.has_errors();
    print_checked(args, global, lang, &diags, (root, root), written.len());
    eprint!("{}", summary(&plan, lang, false));
    u8::from(failed)
}

/// The import's own diagnostics: positions in the sheet and the mapping.
fn print_report(
    args: &ImportArgs,
    global: &Global,
    lang: Lang,
    diags: &Diagnostics,
    sources: &BTreeMap<String, String>,
    files: usize,
) {
    let mut ctx = Context {
        shown_dir: Path::new(""),
        sources,
        color: false,
        files_checked: files,
        failed: diags.has_errors(),
        lang,
    };
    if args.format.is_machine() {
        print!("{}", report::render_report(diags, &ctx, args.format));
    } else if !diags.is_empty() {
        ctx.color = global.color_stderr();
        eprint!("{}", report::render_report(diags, &ctx, Format::Human));
    }
}

/// The check of the written records, paths shown under the content directory.
fn print_checked(
    args: &ImportArgs,
    global: &Global,
    lang: Lang,
    diags: &Diagnostics,
    (root, read_from): (&Path, &Path),
    files: usize,
) {
    // Snippets come from where the records are (a dry run's scratch copy);
    // paths are shown in the content directory.
    let sources = crate::load::SourceFiles::new(read_from);
    let mut ctx = Context {
        shown_dir: root,
        sources: &sources,
        color: false,
        files_checked: files,
        failed: diags.has_errors(),
        lang,
    };
    if args.format.is_machine() {
        print!("{}", report::render_report(diags, &ctx, args.format));
    } else if !(global.quiet && diags.is_empty()) {
        ctx.color = global.color_stderr();
        eprint!("{}", report::render_report(diags, &ctx, Format::Human));
    }
}

/// How many rows became records, how many were skipped and why.
fn summary(plan: &Plan, lang: Lang, dry: bool) -> String {
    let mut why: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, w) in &plan.skipped {
        *why.entry(w.as_str()).or_default() += 1;
    }
    let reasons: Vec<String> = why
        .iter()
        .map(|(w, n)| {
            let w = match *w {
                "blank" => tr(lang, "import.skip_blank", &[]),
                "header repeated" => tr(lang, "import.skip_header_repeated", &[]),
                other => other.to_string(),
            };
            format!("{w}: {n}")
        })
        .collect();
    let (read, written, skipped) = (
        plan.rows_read.to_string(),
        plan.records.len().to_string(),
        plan.skipped.len().to_string(),
    );
    let key = if dry {
        "import.summary_dry_run"
    } else {
        "import.summary"
    };
    let args = [
        ("read", read.as_str()),
        ("written", written.as_str()),
        ("skipped", skipped.as_str()),
    ];
    let mut out = tr(lang, key, &args);
    if !reasons.is_empty() {
        let list = reasons.join(", ");
        out.push_str(&tr(lang, "import.skip_reasons", &[("reasons", &list)]));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::MAPPING_HELP;
    use crate::diagnostics::Diagnostics;

    #[test]
    fn the_mapping_in_the_help_is_a_mapping_import_reads() {
        let yaml: Vec<&str> = MAPPING_HELP
            .lines()
            .skip_while(|l| !l.starts_with("  "))
            .take_while(|l| !l.is_empty())
            .map(|l| &l[2..])
            .collect();
        assert!(yaml.len() > 10, "{yaml:?}");
        let mut d = Diagnostics::new();
        let m = crate::authoring::import::mapping::parse(&yaml.join("\n"), "help", &mut d);
        assert!(d.is_empty(), "{:?}", d.into_vec());
        let m = m.expect("the help's mapping reads");
        assert_eq!(m.fields.len(), 5);
    }
}
