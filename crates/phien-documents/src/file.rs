//! Writing a document: whole or not at all — to a temporary file beside the
//! target, flushed to disk, then renamed into place — so that a USB stick
//! pulled out or a full disk mid-way never leaves half a document. An
//! existing file is replaced only when asked ([`write_whole`]), or never
//! ([`save_new`], which numbers the name instead: `Tên (2).pdf`).

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

/// A file that could not be written; nothing was left behind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FileError {
    /// `file_exists` (the target is there and may not be replaced) or
    /// `unwritable` (the folder is missing, read-only, full…).
    pub code: &'static str,
    /// Vietnamese, naming the file and why.
    pub message: String,
}

impl FileError {
    fn unwritable(path: &Path, e: &std::io::Error) -> FileError {
        FileError {
            code: "unwritable",
            message: format!("không ghi được «{}»: {}", path.display(), reason(e)),
        }
    }

    fn exists(path: &Path) -> FileError {
        FileError {
            code: "file_exists",
            message: format!(
                "«{}»: tệp đã có; thêm --overwrite để ghi đè, hoặc chọn tên khác",
                path.display()
            ),
        }
    }
}

/// Why an IO error happened, in Vietnamese.
pub fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::PermissionDenied => "không có quyền ghi vào đó".into(),
        ErrorKind::NotFound => "thư mục không có".into(),
        ErrorKind::StorageFull => "ổ đĩa đã đầy".into(),
        ErrorKind::ReadOnlyFilesystem => "ổ đĩa chỉ cho đọc".into(),
        ErrorKind::IsADirectory => "đó là một thư mục".into(),
        ErrorKind::NotADirectory => "đường dẫn có một phần không phải thư mục".into(),
        _ => format!("lỗi hệ thống ({e})"),
    }
}

/// The temporary file beside `path` that [`write_whole`] writes first.
fn temporary(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.phien-tmp", std::process::id()))
}

/// Writes `bytes` to a temporary file beside `path`, flushed to disk.
fn write_temporary(path: &Path, bytes: &[u8]) -> Result<PathBuf, FileError> {
    let tmp = temporary(path);
    let written = File::create(&tmp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(FileError::unwritable(path, &e));
    }
    Ok(tmp)
}

/// Writes `bytes` to `path` whole or not at all. Without `overwrite`, a
/// file there (even one that appeared meanwhile) is left alone
/// (`file_exists`).
pub fn write_whole(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), FileError> {
    let tmp = write_temporary(path, bytes)?;
    if path.exists() && !overwrite {
        let _ = std::fs::remove_file(&tmp);
        return Err(FileError::exists(path));
    }
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(FileError::unwritable(path, &e));
    }
    Ok(())
}

/// How many numbered names [`save_new`] tries before giving up.
const MAX_NUMBERED: u32 = 999;

/// Saves `bytes` as a new file `name.extension` in `folder` (created if
/// absent), never replacing one: when the name is taken the next free
/// `name (2).extension`, `name (3).extension`… is used. The name is claimed
/// with an exclusive create, so two saves at once never share a file; the
/// bytes then replace the empty claim in one rename. Returns the path
/// written; on failure nothing is left behind.
pub fn save_new(
    folder: &Path,
    name: &str,
    extension: &str,
    bytes: &[u8],
) -> Result<PathBuf, FileError> {
    std::fs::create_dir_all(folder).map_err(|e| FileError {
        code: "unwritable",
        message: format!(
            "không tạo được thư mục «{}»: {}",
            folder.display(),
            reason(&e)
        ),
    })?;
    let name = safe_name(name);
    for n in 1..=MAX_NUMBERED {
        let file_name = match n {
            1 => format!("{name}.{extension}"),
            n => format!("{name} ({n}).{extension}"),
        };
        let path = folder.join(file_name);
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(FileError::unwritable(&path, &e)),
        }
        let replaced = write_temporary(&path, bytes).and_then(|tmp| {
            std::fs::rename(&tmp, &path).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                FileError::unwritable(&path, &e)
            })
        });
        if let Err(e) = replaced {
            let _ = std::fs::remove_file(&path);
            return Err(e);
        }
        return Ok(path);
    }
    Err(FileError {
        code: "file_exists",
        message: format!(
            "thư mục «{}» đã có {MAX_NUMBERED} tệp «{name}»: hãy dọn bớt",
            folder.display()
        ),
    })
}

/// A file name every platform takes, Vietnamese letters kept (composed,
/// NFC): characters Windows forbids (`\ / : * ? " < > |`) and control
/// characters become `-`, spaces run together, and no dot or space ends it.
pub fn safe_name(name: &str) -> String {
    let replaced: String = name
        .nfc()
        .map(|c| match c {
            '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .collect();
    let joined = replaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = joined.trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        "Phiên".to_string()
    } else {
        trimmed.to_string()
    }
}
