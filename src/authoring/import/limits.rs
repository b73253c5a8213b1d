//! What `import` reads at most. A file past a limit fails with E134 before
//! its content is held in memory: a workbook's unpacked size is read from
//! its zip directory, and sheets are streamed row by row.

/// The file itself (CSV, xls, or a workbook's zip).
pub const MAX_FILE_BYTES: u64 = 64_000_000;
/// One part of an xlsx/ods zip once unpacked (a sheet, the shared strings).
pub const MAX_ZIP_ENTRY_BYTES: u64 = 64_000_000;
/// All parts of an xlsx/ods zip once unpacked.
pub const MAX_ZIP_TOTAL_BYTES: u64 = 256_000_000;
/// Rows of a sheet, header rows included.
pub const MAX_ROWS: usize = 200_000;
/// Columns of a sheet (A … IV).
pub const MAX_COLUMNS: usize = 256;
/// Characters of one cell: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;
