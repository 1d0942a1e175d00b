//! Writing documents (`--xlsx FILE`, `--pdf FILE`): the letterhead from the
//! book, the target checked before anything is computed, and the bytes
//! written whole or not at all — to a temporary file beside the target,
//! flushed to disk, then renamed over it — so that a USB stick pulled out
//! mid-way never holds half a document. An existing file is replaced only
//! with `--overwrite`.

use std::fs::File;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use phien_export::Letterhead;
use serde::Serialize;

use crate::{Ctx, today};

/// Which kind of document a path is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Pdf,
}

impl Kind {
    fn option(self) -> &'static str {
        match self {
            Kind::Xlsx => "--xlsx",
            Kind::Pdf => "--pdf",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Kind::Xlsx => "xlsx",
            Kind::Pdf => "pdf",
        }
    }

    fn name_vi(self) -> &'static str {
        match self {
            Kind::Xlsx => "bảng tính Excel",
            Kind::Pdf => "tệp PDF",
        }
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

/// Why an IO error happened, in Vietnamese.
fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::PermissionDenied => "không có quyền ghi vào đó".into(),
        ErrorKind::NotFound => "thư mục không có".into(),
        ErrorKind::StorageFull => "ổ đĩa đã đầy".into(),
        ErrorKind::ReadOnlyFilesystem => "ổ đĩa chỉ cho đọc".into(),
        ErrorKind::IsADirectory => "đó là một thư mục".into(),
        _ => format!("lỗi hệ thống ({e})"),
    }
}

/// Checks, before any work, that `path` can take a document of `kind`: the
/// right extension, an existing folder, and no file there unless
/// `overwrite`.
pub fn check_target(path: &Path, kind: Kind, overwrite: bool) -> Result<()> {
    let shown = path.display();
    let extension_ok = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(kind.extension()));
    if !extension_ok {
        return Err(refuse(
            "bad_extension",
            format!(
                "{} = «{shown}»: {} phải có đuôi .{}",
                kind.option(),
                kind.name_vi(),
                kind.extension()
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
                kind.option(),
                folder.display()
            ),
        ));
    }
    if path.is_dir() {
        return Err(refuse(
            "unwritable",
            format!("{} = «{shown}»: đó là một thư mục", kind.option()),
        ));
    }
    if path.exists() && !overwrite {
        return Err(refuse(
            "file_exists",
            format!(
                "{} = «{shown}»: tệp đã có; thêm --overwrite để ghi đè, hoặc chọn tên khác",
                kind.option()
            ),
        ));
    }
    Ok(())
}

/// Writes `bytes` to `path` whole or not at all: a temporary file in the same
/// folder, flushed to disk, renamed into place. Without `overwrite`, a file
/// that appeared there meanwhile is left alone.
pub fn write_whole(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.phien-tmp", std::process::id()));
    let unwritable = |e: std::io::Error| {
        refuse(
            "unwritable",
            format!("không ghi được «{}»: {}", path.display(), reason(&e)),
        )
    };
    let written = File::create(&tmp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(unwritable(e));
    }
    if path.exists() && !overwrite {
        let _ = std::fs::remove_file(&tmp);
        return Err(refuse(
            "file_exists",
            format!(
                "«{}»: tệp đã có; thêm --overwrite để ghi đè, hoặc chọn tên khác",
                path.display()
            ),
        ));
    }
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(unwritable(e));
    }
    Ok(())
}

/// The office and the point from the book, and today as the printing date.
pub fn letterhead(ctx: &Ctx) -> Result<Letterhead> {
    let point = ctx.store.point()?.ok_or_else(|| {
        anyhow::anyhow!("tệp dữ liệu chưa có điểm giao dịch: chạy `phien demo` hoặc `phien import`")
    })?;
    Ok(Letterhead {
        office: point.office_name,
        point: point.point.name,
        printed_on: today()?,
    })
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
            check_target(path, Kind::Xlsx, overwrite)?;
        }
        if let Some(path) = &self.pdf {
            check_target(path, Kind::Pdf, overwrite)?;
        }
        Ok(())
    }

    /// Makes and writes each document asked for, then says what was written.
    pub fn write(
        &self,
        ctx: &Ctx,
        xlsx: impl FnOnce(&Letterhead) -> Result<Vec<u8>, phien_export::ExportError>,
        pdf: impl FnOnce(&Letterhead) -> Result<phien_export::pdf::Printed, phien_export::ExportError>,
    ) -> Result<()> {
        let letterhead = letterhead(ctx)?;
        let mut written = Vec::new();
        if let Some(path) = &self.xlsx {
            let bytes = xlsx(&letterhead)?;
            write_whole(path, &bytes, ctx.overwrite)?;
            written.push(Written {
                file: path.display().to_string(),
                bytes: bytes.len(),
                pages: None,
            });
        }
        if let Some(path) = &self.pdf {
            let printed = pdf(&letterhead)?;
            write_whole(path, &printed.bytes, ctx.overwrite)?;
            written.push(Written {
                file: path.display().to_string(),
                bytes: printed.bytes.len(),
                pages: Some(printed.pages),
            });
        }
        ctx.print(&written, || {
            written
                .iter()
                .map(|w| match w.pages {
                    Some(pages) => format!(
                        "Đã ghi «{}» ({pages} trang A4, {} byte).\n",
                        w.file,
                        phien_core::money::group_thousands(
                            i64::try_from(w.bytes).unwrap_or(i64::MAX)
                        )
                    ),
                    None => format!(
                        "Đã ghi «{}» ({} byte).\n",
                        w.file,
                        phien_core::money::group_thousands(
                            i64::try_from(w.bytes).unwrap_or(i64::MAX)
                        )
                    ),
                })
                .collect()
        })
    }
}

/// A report that has no PDF form: asking for one is a mistake in the
/// command line, caught before anything is computed.
pub fn no_pdf(_: &Letterhead) -> Result<phien_export::pdf::Printed, phien_export::ExportError> {
    Err(phien_export::ExportError::Pdf(
        "báo cáo này chưa có mẫu PDF".into(),
    ))
}

/// A document that has no Excel form.
pub fn no_xlsx(_: &Letterhead) -> Result<Vec<u8>, phien_export::ExportError> {
    Err(phien_export::ExportError::Xlsx(
        "mẫu này chưa có dạng Excel".into(),
    ))
}
