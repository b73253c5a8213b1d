//! The workbook's parts around its sheets (content types, relationships,
//! document properties, the workbook with its sheet list and filter
//! ranges, the cell styles and the default theme), as `rust_xlsxwriter`
//! wrote them, and the whole archive put together from sheets whose rows
//! were compressed a run at a time ([`Run`]).

use super::sheet::{self, Columns};
use super::zip::{self, Zip};
use super::Widths;
use std::io::{self, Write};

pub(super) const XML_DECLARATION: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const CT: &str = "application/vnd.openxmlformats";

/// The default Office theme, as `rust_xlsxwriter` writes it.
const THEME: &str = include_str!("theme1.xml");

/// Cell styles: 0 the default, 1 the header (bold), 2 a date, 3 a date
/// and time (the numbers `sheet` writes).
const STYLES: &str = concat!(
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
    "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>",
    "<numFmt numFmtId=\"165\" formatCode=\"yyyy-mm-dd hh:mm\"/></numFmts>",
    "<fonts count=\"2\"><font><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/>",
    "<family val=\"2\"/><scheme val=\"minor\"/></font><font><b/><sz val=\"11\"/>",
    "<color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/>",
    "</font></fonts><fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>",
    "<fill><patternFill patternType=\"gray125\"/></fill></fills><borders count=\"1\">",
    "<border><left/><right/><top/><bottom/><diagonal/></border></borders>",
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>",
    "</cellStyleXfs><cellXfs count=\"4\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" ",
    "borderId=\"0\" xfId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" ",
    "xfId=\"0\" applyFont=\"1\"/><xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" ",
    "xfId=\"0\" applyNumberFormat=\"1\"/><xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" ",
    "borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs><cellStyles count=\"1\">",
    "<cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles><dxfs count=\"0\"/>",
    "<tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium9\" ",
    "defaultPivotStyle=\"PivotStyleLight16\"/></styleSheet>"
);

/// A run of a sheet's rows compressed on its own: what the archive needs
/// of it (its bytes are kept by the caller).
#[derive(Clone, Debug)]
pub(super) struct Run {
    pub(super) crc: u32,
    /// Its XML's length, and its compressed length.
    pub(super) raw: u64,
    pub(super) deflated: u64,
    pub(super) rows: u32,
    /// The widths its values need, per column (pixels).
    pub(super) widths: Vec<u32>,
}

impl Run {
    /// The run of `rows`, compressed (primed with `before`, the XML of the
    /// run just before it, or nothing): the run, its bytes and its XML.
    pub(super) fn of(rows: sheet::Rows, before: &[u8]) -> io::Result<(Run, Vec<u8>, Vec<u8>)> {
        let (bytes, crc) = zip::deflate_piece(&rows.xml, before)?;
        let run = Run {
            crc,
            raw: rows.xml.len() as u64,
            deflated: bytes.len() as u64,
            rows: rows.next - rows.first,
            widths: rows.widths.into_inner(),
        };
        Ok((run, bytes, rows.xml))
    }
}

/// A sheet to put in the archive: its name and columns, its runs of rows
/// in order, and what writes their compressed bytes.
pub(super) struct Sheet<'a> {
    pub(super) name: &'static str,
    pub(super) cols: Columns,
    pub(super) shown: Vec<String>,
    pub(super) runs: Vec<&'a Run>,
    #[allow(clippy::type_complexity)]
    pub(super) body: Box<dyn FnMut(&mut dyn Write) -> io::Result<()> + 'a>,
}

/// The archive of `sheets` (the first is the one shown on opening), with
/// the document's `title` and `created` date (`yyyy-mm-dd`), to `out`.
/// `fresh` is handed every XML text made here (all but the rows).
pub(super) fn write(
    title: &str,
    created: &str,
    sheets: Vec<Sheet>,
    fresh: &dyn Fn(&[u8]),
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut zip = Zip::new(io::BufWriter::with_capacity(256 * 1024, out));
    let names: Vec<&str> = sheets.iter().map(|s| s.name).collect();
    let part = |zip: &mut Zip<_>, name: &str, xml: String| {
        fresh(xml.as_bytes());
        zip.part(name, xml.as_bytes())
    };
    part(&mut zip, "[Content_Types].xml", content_types(sheets.len()))?;
    part(&mut zip, "_rels/.rels", root_rels())?;
    part(&mut zip, "docProps/app.xml", app(&names))?;
    part(&mut zip, "docProps/core.xml", core(title, created))?;
    let ranges: Vec<String> = sheets
        .iter()
        .map(|s| sheet::filter_range(&s.cols, last_row(s)))
        .collect();
    let mut defined: Vec<(String, String)> = sheets
        .iter()
        .flat_map(|s| s.cols.defined_names(s.name))
        .collect();
    defined.sort();
    part(
        &mut zip,
        "xl/workbook.xml",
        workbook(&names, &ranges, &defined),
    )?;
    part(
        &mut zip,
        "xl/_rels/workbook.xml.rels",
        workbook_rels(sheets.len()),
    )?;
    part(
        &mut zip,
        "xl/styles.xml",
        format!("{XML_DECLARATION}{STYLES}"),
    )?;
    zip.part("xl/theme/theme1.xml", THEME.as_bytes())?;
    for (i, mut s) in sheets.into_iter().enumerate() {
        let last = last_row(&s);
        let mut widths = Widths::new(&s.shown);
        for run in &s.runs {
            widths.merge(&run.widths);
        }
        let head = sheet::head(&s.cols, &s.shown, &widths.finish(), last, i == 0);
        let tail = sheet::tail(&s.cols, last);
        fresh(&head);
        fresh(&tail);
        let (head_z, head_crc) = zip::deflate_piece(&head, &[])?;
        let (tail_z, tail_crc) = zip::deflate_piece(&tail, &[])?;
        let crc = zip::crc_of(
            std::iter::once((head_crc, head.len() as u64))
                .chain(s.runs.iter().map(|r| (r.crc, r.raw)))
                .chain([(tail_crc, tail.len() as u64)]),
        );
        let raw = head.len() as u64 + s.runs.iter().map(|r| r.raw).sum::<u64>() + tail.len() as u64;
        let deflated = (head_z.len() + tail_z.len() + zip::END.len()) as u64
            + s.runs.iter().map(|r| r.deflated).sum::<u64>();
        let name = format!("xl/worksheets/sheet{}.xml", i + 1);
        zip.entry(&name, crc, raw, deflated, &mut |w| {
            w.write_all(&head_z)?;
            (s.body)(w)?;
            w.write_all(&tail_z)?;
            w.write_all(&zip::END)
        })?;
    }
    zip.finish()?.flush()
}

fn last_row(s: &Sheet) -> u32 {
    1 + s.runs.iter().map(|r| r.rows).sum::<u32>()
}

fn content_types(sheets: usize) -> String {
    let mut s = format!(
        "{XML_DECLARATION}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"{CT}-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"{CT}-officedocument.extended-properties+xml\"/>\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"{CT}-package.core-properties+xml\"/>\
         <Override PartName=\"/xl/styles.xml\" ContentType=\"{CT}-officedocument.spreadsheetml.styles+xml\"/>\
         <Override PartName=\"/xl/theme/theme1.xml\" ContentType=\"{CT}-officedocument.theme+xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"{CT}-officedocument.spreadsheetml.sheet.main+xml\"/>"
    );
    for i in 1..=sheets {
        s.push_str(&format!(
            "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" \
             ContentType=\"{CT}-officedocument.spreadsheetml.worksheet+xml\"/>"
        ));
    }
    s + "</Types>"
}

fn root_rels() -> String {
    format!(
        "{XML_DECLARATION}<Relationships xmlns=\"{PKG_REL}\">\
         <Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"xl/workbook.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{REL}/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>"
    )
}

fn app(names: &[&str]) -> String {
    let n = names.len();
    let titles: String = names
        .iter()
        .map(|s| format!("<vt:lpstr>{s}</vt:lpstr>"))
        .collect();
    format!(
        "{XML_DECLARATION}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
         <Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>\
         <HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>\
         <vt:variant><vt:i4>{n}</vt:i4></vt:variant></vt:vector></HeadingPairs>\
         <TitlesOfParts><vt:vector size=\"{n}\" baseType=\"lpstr\">{titles}</vt:vector></TitlesOfParts>\
         <Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>\
         <HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>"
    )
}

fn core(title: &str, created: &str) -> String {
    let mut t = Vec::new();
    sheet::escape(&mut t, title);
    let title = String::from_utf8_lossy(&t);
    let when = format!(
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}T00:00:00Z</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{created}T00:00:00Z</dcterms:modified>"
    );
    format!(
        "{XML_DECLARATION}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{title}</dc:title><dc:creator>ismsbook</dc:creator>\
         <cp:lastModifiedBy>ismsbook</cp:lastModifiedBy>{when}</cp:coreProperties>"
    )
}

/// The workbook part: the sheets, the ranges of their autofilters, and
/// the `columns` a formula or a script may find by name (`incidents.status`).
fn workbook(names: &[&str], ranges: &[String], columns: &[(String, String)]) -> String {
    let sheets: String = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            format!(
                "<sheet name=\"{n}\" sheetId=\"{}\" r:id=\"rId{}\"/>",
                i + 1,
                i + 1
            )
        })
        .collect();
    // In the order of the sheets' names, as Excel writes them.
    let mut named: Vec<(usize, (&&str, &String))> = names.iter().zip(ranges).enumerate().collect();
    named.sort_by_key(|(_, (n, _))| **n);
    let filters: String = named
        .into_iter()
        .map(|(i, (n, r))| {
            format!(
                "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{i}\" hidden=\"1\">{n}!{r}</definedName>"
            )
        })
        .chain(
            columns
                .iter()
                .map(|(n, r)| format!("<definedName name=\"{n}\">{r}</definedName>")),
        )
        .collect();
    format!(
        "{XML_DECLARATION}<workbook xmlns=\"{MAIN}\" xmlns:r=\"{REL}\">\
         <fileVersion appName=\"xl\" lastEdited=\"4\" lowestEdited=\"4\" rupBuild=\"4505\"/>\
         <workbookPr defaultThemeVersion=\"124226\"/><bookViews><workbookView xWindow=\"240\" \
         yWindow=\"15\" windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews>\
         <sheets>{sheets}</sheets><definedNames>{filters}</definedNames>\
         <calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>"
    )
}

fn workbook_rels(sheets: usize) -> String {
    let mut s = format!("{XML_DECLARATION}<Relationships xmlns=\"{PKG_REL}\">");
    for i in 1..=sheets {
        s.push_str(&format!(
            "<Relationship Id=\"rId{i}\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>"
        ));
    }
    s.push_str(&format!(
        "<Relationship Id=\"rId{}\" Type=\"{REL}/theme\" Target=\"theme/theme1.xml\"/>\
         <Relationship Id=\"rId{}\" Type=\"{REL}/styles\" Target=\"styles.xml\"/></Relationships>",
        sheets + 1,
        sheets + 2
    ));
    s
}
