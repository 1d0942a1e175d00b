//! Store errors. Messages are Vietnamese and name the field and value; the UI
//! and the CLI branch on [`StoreError::code`], never on the message.

use phien_core::collection::CollectionError;

/// Anything the store refuses or fails at.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A record that does not exist.
    #[error("không tìm thấy {what} «{key}»")]
    NotFound {
        /// What was looked for (Vietnamese).
        what: &'static str,
        /// The key given.
        key: String,
    },
    /// The file was written by a newer Phiên.
    #[error(
        "tệp dữ liệu do phiên bản Phiên mới hơn tạo (lược đồ {found}; phiên bản này chỉ đọc tới {supported}); hãy cập nhật Phiên"
    )]
    NewerSchema {
        /// Schema version found.
        found: i64,
        /// Newest version this binary knows.
        supported: i64,
    },
    /// A domain rule refused the change; nothing was written.
    #[error("{message}")]
    Rejected {
        /// Stable code for the UI.
        code: &'static str,
        /// Vietnamese message naming the field and value.
        message: String,
    },
    /// One or more rows of a collection list were refused; nothing was written.
    #[error("danh sách thu có {} dòng sai: {}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Collection(Vec<CollectionError>),
    /// Data in the file that does not parse (a bug or a damaged file).
    #[error("dữ liệu hỏng: {0}")]
    Corrupt(String),
    /// SQLite itself.
    #[error("lỗi cơ sở dữ liệu: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// Stable code for callers to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotFound { .. } => "not_found",
            StoreError::NewerSchema { .. } => "newer_schema",
            StoreError::Rejected { code, .. } => code,
            StoreError::Collection(_) => "collection_invalid",
            StoreError::Corrupt(_) => "corrupt",
            StoreError::Sqlite(_) => "database",
        }
    }

    pub(crate) fn rejected(code: &'static str, message: impl Into<String>) -> StoreError {
        StoreError::Rejected {
            code,
            message: message.into(),
        }
    }
}

impl From<rusqlite::types::FromSqlError> for StoreError {
    fn from(err: rusqlite::types::FromSqlError) -> StoreError {
        StoreError::Corrupt(err.to_string())
    }
}
