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
    /// `unauthorized`, `forbidden`, `conflict`, `invalid_record`, `lifecycle_rule`,
    /// `payload_too_large`, `unsupported_media_type`, `precondition_failed`,
    /// `precondition_required`, `busy`, `timeout`, `not_available`, `internal`.
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
    /// For a `forbidden` answer: the role the request needs (`viewer`, `editor`,
    /// `reviewer`, `admin`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_needed: Option<String>,
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
                role_needed: None,
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

    /// 403: the token's role is not enough; names the role needed.
    pub fn forbidden(needed: foedus_store::Role, message: impl Into<String>) -> Self {
        let mut e = ApiError::new(StatusCode::FORBIDDEN, "forbidden", message);
        e.0.body.role_needed = Some(needed.name().into());
        e
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

    /// The database stayed locked by another writer: 503 with `Retry-After`;
    /// nothing was written.
    pub fn busy() -> Self {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            format!(
                "the database is busy: another process has held its write lock for more than {} s; \
                 nothing was written; try again in a moment",
                foedus_store::LOCK_WAIT.as_secs()
            ),
        )
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
        let mut res = (self.0.status, axum::Json(self.0.body)).into_response();
        if self.0.status == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("2"),
            );
        }
        res
    }
}

impl From<foedus_store::StoreError> for ApiError {
    fn from(e: foedus_store::StoreError) -> Self {
        match e {
            foedus_store::StoreError::Amendment(p) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "amendment_conflict",
                format!("the write would leave an amendment unfit, so nothing was written: {p}"),
            )
            .field(p.field.clone()),
            foedus_store::StoreError::Busy => ApiError::busy(),
            e => ApiError::internal("the database operation", e),
        }
    }
}

/// The result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

/// The query layer's errors as the API words them: a bad parameter (400, named),
/// an unknown agreement (404), or data the server has not loaded (422, `not_loaded`).
impl From<foedus_query::QueryError> for ApiError {
    fn from(e: foedus_query::QueryError) -> Self {
        use foedus_query::QueryError as Q;
        match &e {
            Q::UnknownAgreement { .. } => {
                let hint = "find ids with /api/v1/search?q=...";
                let text = e.to_string();
                let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
                let rest = if rest.is_empty() {
                    String::new()
                } else {
                    format!("\n{rest}")
                };
                ApiError::not_found(format!("{first} ({hint}){rest}")).field("id")
            }
            _ if e.is_missing_data() => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_loaded",
                format!("{e} on this server (/api/v1/meta lists the sources it holds)"),
            ),
            _ => match e.field() {
                Some(field) => ApiError::param(field, e.to_string()),
                None => ApiError::new(StatusCode::BAD_REQUEST, "bad_request", e.to_string()),
            },
        }
    }
}
