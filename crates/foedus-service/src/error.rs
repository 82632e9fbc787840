//! Errors as the API returns them: a status, a code, a message a person can act on,
//! and where relevant the field, the rule broken (with its article) and every problem.
//! Never a stack trace, never SQL: store and internal failures are logged on the
//! server's standard error and answered with a generic message.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The body of every error response.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The HTTP status code.
    pub status: u16,
    /// A stable code: `bad_request`, `invalid_parameter`, `unknown_parameter`, `not_found`,
    /// `unauthorized`, `conflict`, `invalid_record`, `lifecycle_rule`, `payload_too_large`,
    /// `unsupported_media_type`, `timeout`, `not_available`, `internal`.
    pub error: String,
    /// What is wrong, in words.
    pub message: String,
    /// The parameter or field path at fault (`year`, `events[2].date`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The rule of the law of treaties broken, with its article (`VCLT art 24`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Every problem found in a record.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<ProblemBody>,
}

/// One problem in a record.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ProblemBody {
    /// The field path.
    pub field: String,
    /// What is there.
    pub found: String,
    /// What should be.
    pub expected: String,
    /// The rule of the law of treaties broken, with its article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl From<&foedus_records::Problem> for ProblemBody {
    fn from(p: &foedus_records::Problem) -> Self {
        ProblemBody {
            field: p.field.clone(),
            found: p.found.clone(),
            expected: p.expected.clone(),
            rule: p.rule.clone(),
        }
    }
}

/// An error answer (boxed: it travels through many `Result`s).
#[derive(Clone, Debug)]
pub struct ApiError(Box<Inner>);

#[derive(Clone, Debug)]
struct Inner {
    status: StatusCode,
    body: ErrorBody,
}

impl ApiError {
    /// An error with a status, a code and a message.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiError(Box::new(Inner {
            status,
            body: ErrorBody {
                status: status.as_u16(),
                error: code.into(),
                message: message.into(),
                field: None,
                rule: None,
                problems: Vec::new(),
            },
        }))
    }

    /// Names the field at fault.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        let f = field.into();
        if !f.is_empty() {
            self.0.body.field = Some(f);
        }
        self
    }

    /// A bad parameter: 400, naming it.
    pub fn param(field: &str, message: impl Into<String>) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            format!("{field}: {}", message.into()),
        )
        .field(field)
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// A record that breaks the record format or the law of treaties: 422.
    pub fn problems(problems: &[foedus_records::Problem]) -> Self {
        let first = &problems[0];
        let (code, message) = match &first.rule {
            Some(rule) => (
                "lifecycle_rule",
                format!(
                    "{}: {}; the engine rejects it: {} [{rule}]",
                    first.field, first.found, first.expected
                ),
            ),
            None => (
                "invalid_record",
                format!(
                    "{}: found {}; expected {}",
                    first.field, first.found, first.expected
                ),
            ),
        };
        let mut e =
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message).field(&first.field);
        e.0.body.rule = first.rule.clone();
        e.0.body.problems = problems.iter().map(ProblemBody::from).collect();
        e
    }

    /// A failure that is ours, not the client's: logged here, answered generically.
    pub fn internal(context: &str, e: impl std::fmt::Display) -> Self {
        eprintln!("foedus serve: internal error in {context}: {e}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("the server could not complete {context}; the details are in its log"),
        )
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The body.
    pub fn body(&self) -> &ErrorBody {
        &self.0.body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0.status, axum::Json(self.0.body)).into_response()
    }
}

impl From<foedus_store::StoreError> for ApiError {
    fn from(e: foedus_store::StoreError) -> Self {
        ApiError::internal("the database operation", e)
    }
}

/// The result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;
