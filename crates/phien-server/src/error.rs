//! Server errors, each with a stable code and an HTTP status; bodies are
//! `phien_wire::ErrorBody` with a Vietnamese message.

/// Anything the server refuses or fails at.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// No credential, or one the server does not know.
    #[error("máy chưa đăng ký hoặc thông tin xác thực sai")]
    Unauthorized,
    /// The device's credential was revoked.
    #[error("máy này đã bị thu hồi quyền đồng bộ; liên hệ quận/huyện")]
    Revoked,
    /// An enrolment code that is unknown, used or expired.
    #[error("{0}")]
    BadCode(String),
    /// An authenticated device asking for what its scope does not allow.
    #[error("{0}")]
    Forbidden(String),
    /// A request that does not decode or breaks a limit.
    #[error("{0}")]
    BadRequest(String),
    /// A request whose parameter is refused with its own code (`bad_as_of`,
    /// `unknown_unit`).
    #[error("{1}")]
    Invalid(&'static str, String),
    /// Nothing of that number (or not within the device's office).
    #[error("{0}")]
    NotFound(String),
    /// A request that is well formed but came too late or crosses another
    /// (`already_resolved`, `review_stale`).
    #[error("{1}")]
    Conflict(&'static str, String),
    /// A known path asked with another method (`GET /v1/push`).
    #[error("địa chỉ này không nhận phương thức «{0}»")]
    MethodNotAllowed(String),
    /// A client speaking another protocol version.
    #[error("phiên bản giao thức «{0}» không được hỗ trợ (máy chủ nói {PROTOCOL}); hãy cập nhật Phiên", PROTOCOL = phien_wire::PROTOCOL)]
    Protocol(String),
    /// The storage failed.
    #[error("lỗi lưu trữ của máy chủ: {0}")]
    Storage(String),
}

impl ServerError {
    /// Stable code for clients to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            ServerError::Unauthorized => "unauthorized",
            ServerError::Revoked => "revoked",
            ServerError::BadCode(_) => "bad_code",
            ServerError::Forbidden(_) => "forbidden",
            ServerError::BadRequest(_) => "bad_request",
            ServerError::Invalid(code, _) => code,
            ServerError::NotFound(_) => "not_found",
            ServerError::Conflict(code, _) => code,
            ServerError::MethodNotAllowed(_) => "method_not_allowed",
            ServerError::Protocol(_) => "protocol",
            ServerError::Storage(_) => "storage",
        }
    }

    /// The HTTP status it answers with.
    pub fn status(&self) -> u16 {
        match self {
            ServerError::Unauthorized => 401,
            ServerError::Revoked => 403,
            ServerError::BadCode(_) => 403,
            ServerError::Forbidden(_) => 403,
            ServerError::BadRequest(_) => 400,
            ServerError::Invalid(..) => 400,
            ServerError::NotFound(_) => 404,
            ServerError::Conflict(..) => 409,
            ServerError::MethodNotAllowed(_) => 405,
            ServerError::Protocol(_) => 426,
            ServerError::Storage(_) => 500,
        }
    }
}
