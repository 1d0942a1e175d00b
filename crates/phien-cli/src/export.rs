//! Writing documents (`--xlsx FILE`, `--pdf FILE`): the target checked
//! before anything is computed, then the document made by `phien-documents`
//! (the same gathering as the desktop app's) and written whole or not at
//! all ([`phien_documents::file::write_whole`]), so that a USB stick pulled
//! out mid-way never holds half a document. An existing file is replaced
//! only with `--overwrite`.

use std::path::{Path, PathBuf};

use anyhow::Result;
use phien_documents::{Document, Format};
use serde::Serialize;

pub use phien_documents::file::write_whole;

use crate::{Ctx, today};

/// The option that names a path of this format.
fn option(format: Format) -> &'static str {
    match format {
        Format::Xlsx => "--xlsx",
        Format::Pdf => "--pdf",
    }
}

/// A document that cannot be written where asked; nothing was written.
#[derive(Debug)]
pub struct OutputError {
    /// `file_exists`, `bad_extension` or `unwritable`.
    pub code: &'static str,
    message: String,
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OutputError {}

fn refuse(code: &'static str, message: String) -> anyhow::Error {
    OutputError { code, message }.into()
}

/// Checks, before any work, that `path` can take a document of `kind`: the
/// right extension, an existing folder, and no file there unless
/// `overwrite`.
pub fn check_target(path: &Path, kind: Format, overwrite: bool) -> Result<()> {
    let shown = path.display();
    let extension_ok = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(kind.code()));
    if !extension_ok {
        return Err(refuse(
            "bad_extension",
            format!(
                "{} = «{shown}»: {} phải có đuôi .{}",
                option(kind),
                kind.name_vi(),
                kind.code()
            ),
        ));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(refuse(
            "unwritable",
            format!(
                "{} = «{shown}»: thư mục «{}» không có",
                option(kind),
                folder.display()
            ),
        ));
    }
    if path.is_dir() {
        return Err(refuse(
            "unwritable",
            format!("{} = «{shown}»: đó là một thư mục", option(kind)),
        ));
    }
    if path.exists() && !overwrite {
        return Err(refuse(
            "file_exists",
            format!(
                "{} = «{shown}»: tệp đã có; thêm --overwrite để ghi đè, hoặc chọn tên khác",
                option(kind)
            ),
        ));
    }
    Ok(())
}

/// What was written, for `--json`.
#[derive(Debug, Serialize)]
pub struct Written {
    file: String,
    bytes: usize,
    pages: Option<usize>,
}

/// The documents a command writes: each path checked first.
#[derive(Debug, Default)]
pub struct Targets {
    pub xlsx: Option<PathBuf>,
    pub pdf: Option<PathBuf>,
}

impl Targets {
    pub fn new(xlsx: Option<PathBuf>, pdf: Option<PathBuf>) -> Targets {
        Targets { xlsx, pdf }
    }

    /// Whether the command writes a file instead of printing.
    pub fn any(&self) -> bool {
        self.xlsx.is_some() || self.pdf.is_some()
    }

    /// Checks every target before the report is computed.
    pub fn check(&self, overwrite: bool) -> Result<()> {
        if let Some(path) = &self.xlsx {
            check_target(path, Format::Xlsx, overwrite)?;
        }
        if let Some(path) = &self.pdf {
            check_target(path, Format::Pdf, overwrite)?;
        }
        Ok(())
    }

    /// Makes and writes `document` in each format asked for, then says
    /// what was written.
    pub fn write(&self, ctx: &Ctx, document: &Document) -> Result<()> {
        self.write_made(ctx, |format, today| {
            Ok(phien_documents::make(&ctx.store, document, format, today)?)
        })
    }

    /// Writes what `make` makes in each format asked for, then says what
    /// was written.
    pub fn write_made(
        &self,
        ctx: &Ctx,
        make: impl Fn(Format, chrono::NaiveDate) -> Result<phien_documents::Made>,
    ) -> Result<()> {
        let today = today()?;
        let mut written = Vec::new();
        for (path, format) in [(&self.xlsx, Format::Xlsx), (&self.pdf, Format::Pdf)] {
            let Some(path) = path else { continue };
            let made = make(format, today)?;
            write_whole(path, &made.bytes, ctx.overwrite)?;
            written.push(Written {
                file: path.display().to_string(),
                bytes: made.bytes.len(),
                pages: made.pages,
            });
        }
        ctx.print(&written, || {
            written
                .iter()
                .map(|w| {
                    let bytes = phien_core::money::group_thousands(
                        i64::try_from(w.bytes).unwrap_or(i64::MAX),
                    );
                    match w.pages {
                        Some(pages) => {
                            format!("Đã ghi «{}» ({pages} trang A4, {bytes} byte).\n", w.file)
                        }
                        None => format!("Đã ghi «{}» ({bytes} byte).\n", w.file),
                    }
                })
                .collect()
        })
    }
}
