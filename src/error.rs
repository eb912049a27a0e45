//! The one error type of the API boundary. Server functions return it, the app shows it in the
//! user's language (`AppError::message`); internal details are logged on the server and never sent.

use crate::i18n::{Lang, K};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    NotSignedIn,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("wrong phone number or password")]
    BadCredentials,
    #[error("too many attempts")]
    TooManyAttempts,
    #[error("invalid input: {0:?}")]
    Invalid(Invalid),
    /// Some lines cannot be ordered as asked: (product id, why), for every such line.
    #[error("order lines rejected: {0:?}")]
    OrderRejected(Vec<(i64, crate::orders::rules::LineProblem)>),
    /// The goods value is under the minimum order by this much.
    #[error("below the minimum order by {0}")]
    BelowMinimum(crate::money::Fen),
    #[error("this order key was already used for another cart")]
    KeyReused,
    #[error("the order has no lines")]
    EmptyOrder,
    #[error("the order can no longer be cancelled")]
    CannotCancel,
    /// An order step that is not legal from where the order is, or not the caller's to take.
    #[error("the claim was already decided")]
    AlreadyDecided,
    /// The guarantee's rules refuse this claim (why, with the date or number that matters).
    #[error("claim refused: {0:?}")]
    ClaimRefused(crate::claims::rules::Refusal),
    #[error("order step refused: {0:?}")]
    Step(crate::orders::lifecycle::TransitionError),
    /// A salesperson checks out of a shop they did not check in at today.
    #[error("not checked in at this shop today")]
    NotCheckedIn,
    /// A salesperson checks in at a shop while still checked in at another one today.
    #[error("still checked in at another shop")]
    CheckedInElsewhere,
    /// The request never reached the server or its answer never came back.
    #[error("network: {0}")]
    Network(String),
    /// Something failed on the server; what it was is in the server's log.
    #[error("internal error")]
    Internal,
    /// The request could not be read: not JSON, wrong types, missing fields, a bad query string,
    /// an unknown address. The app never sends such a thing; an old or tampered client might.
    #[error("bad request")]
    BadRequest,
    /// The request is larger than the server accepts.
    #[error("request too large")]
    TooLarge,
    /// A claim key already used for another claim (another order, line or facts).
    #[error("this claim key was already used for another claim")]
    ClaimKeyReused,
    /// The shop uploaded as many photos as a day allows (waiting unattached, or bytes).
    #[error("photo upload quota reached")]
    PhotoQuota,
    /// A photo's device key was already used for different bytes.
    #[error("this photo key was already used for another picture")]
    EvidenceKeyReused,
}

/// The HTTP status of each error, next to the enum: a refusal is the client's (4xx), only a
/// failure of ours is a 5xx (and is what the logs call an error). Every answer under `/api/`
/// carries the status of its error, server function or not.
#[cfg(feature = "ssr")]
impl AppError {
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::NotSignedIn | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::TooManyAttempts | AppError::PhotoQuota => StatusCode::TOO_MANY_REQUESTS,
            AppError::EvidenceKeyReused => StatusCode::CONFLICT,
            AppError::Invalid(_) | AppError::EmptyOrder => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::OrderRejected(_)
            | AppError::BelowMinimum(_)
            | AppError::KeyReused
            | AppError::CannotCancel
            | AppError::Step(_)
            | AppError::AlreadyDecided
            | AppError::NotCheckedIn
            | AppError::CheckedInElsewhere
            | AppError::ClaimRefused(_)
            | AppError::ClaimKeyReused => StatusCode::CONFLICT,
            AppError::Network(_) => StatusCode::BAD_GATEWAY,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        }
    }
}

/// An error as a plain HTTP answer (the routes that are not server functions): its status, and
/// the same JSON body a server function's error has.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let body = serde_json::to_string(&self).unwrap_or_default();
        (self.status(), [(http::header::CONTENT_TYPE, "application/json")], body).into_response()
    }
}

/// What was wrong with an input, one variant per rule, so the message can name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Invalid {
    Phone,
    PasswordEmpty,
    /// A quantity that is not a whole, positive number of cases.
    Quantity,
    /// A rejection without a reason.
    Reason,
    /// A claim that needs a photo came without one.
    PhotoMissing,
    /// An upload that is not a JPEG, PNG or WebP picture, or is too large.
    Photo,
    /// A claim's required text (what is wrong, the competitor) is empty.
    ClaimText,
    /// Not a barcode: wrong length or characters, or a check digit that does not match.
    Barcode,
    /// A visit note longer than `sales::NOTE_MAX_CHARS`.
    Note,
    /// A salesperson's push whose shops, dates or offer break the rules (`sales::check_push`).
    Push(crate::sales::PushProblem),
    /// An upload's device key that is empty, too long or has characters other than letters,
    /// digits, `-` and `_`.
    EvidenceKey,
    /// A claim's text (the competitor platform, what is wrong) longer than
    /// `claims::TEXT_MAX_CHARS`.
    ClaimTextTooLong,
    /// A claim key that is empty, longer than `KEY_MAX_CHARS` or has other characters
    /// than letters, digits, `-` and `_`.
    ClaimKey,
    /// More than `claims::PHOTOS_MAX` photos on one claim, or the same photo twice.
    TooManyPhotos,
    /// A device key (an order's idempotency key) that is empty, longer than `KEY_MAX_CHARS` or
    /// not made of letters, digits, `-` and `_`.
    Key,
    /// More lines or ids in one request than the server takes (`MAX_LINES`, `MAX_IDS`).
    TooMany,
    /// A text longer than its field allows (`TEXT_MAX_CHARS` unless the field says otherwise).
    TextTooLong,
    /// An insight's period or list length out of its range (`brands::MAX_DAYS`, `brands::MAX_TOP`).
    Period,
    /// A counter sale without a product.
    EmptySale,
    /// A counter sale dated in the future or older than `counter::MAX_AGE_DAYS`.
    SaleTime,
    /// A counter sale with more than `counter::MAX_LINES` products or `counter::MAX_UNITS` units of one.
    SaleTooBig,
    /// A launch whose days or city break `brands::launches::check`.
    Launch,
    /// A brand promotion whose cut, days or budget break `brands::promotions::check`.
    Promotion,
    /// A shelf count that is not a whole number from 0 to `counter::MAX_COUNT_UNITS`.
    ShelfCount,
}

/// The longest device key accepted (the app makes 32-character ones).
pub const KEY_MAX_CHARS: usize = 64;
/// The most lines one cart or order may have.
pub const MAX_LINES: usize = 200;
/// The most ids one query may ask for.
pub const MAX_IDS: usize = 200;
/// The longest free text of a field that does not say otherwise (names, reasons).
pub const TEXT_MAX_CHARS: usize = 500;

/// A device key: 1 to `KEY_MAX_CHARS` letters, digits, `-` or `_` (never a newline, a NUL or
/// anything a log line or a URL would need escaped).
pub fn check_key(key: &str) -> Result<(), AppError> {
    if is_device_key(key) {
        Ok(())
    } else {
        Err(AppError::Invalid(Invalid::Key))
    }
}

/// The one rule for every key a device makes (orders, claims, photos); each caller says which
/// key was wrong in its own error.
pub fn is_device_key(key: &str) -> bool {
    (1..=KEY_MAX_CHARS).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A free text of at most `max` characters.
pub fn check_text(text: &str, max: usize) -> Result<(), AppError> {
    if text.chars().count() > max {
        Err(AppError::Invalid(Invalid::TextTooLong))
    } else {
        Ok(())
    }
}

impl AppError {
    pub fn message(&self, lang: Lang) -> &'static str {
        let key = match self {
            AppError::NotSignedIn => K::ErrNotSignedIn,
            AppError::Forbidden => K::ErrForbidden,
            AppError::NotFound => K::ErrNotFound,
            AppError::BadCredentials => K::ErrBadCredentials,
            AppError::TooManyAttempts => K::ErrTooManyAttempts,
            AppError::Invalid(Invalid::Phone) => K::ErrPhone,
            AppError::Invalid(Invalid::PasswordEmpty) => K::ErrPasswordEmpty,
            AppError::Invalid(Invalid::Quantity) => K::ErrQuantity,
            AppError::Invalid(Invalid::Reason) => K::ErrReason,
            AppError::AlreadyDecided => K::ErrAlreadyDecided,
            AppError::ClaimRefused(_) => K::ErrClaimRefused,
            AppError::Invalid(Invalid::PhotoMissing) => K::ErrPhotoMissing,
            AppError::Invalid(Invalid::Photo) => K::ErrPhoto,
            AppError::Invalid(Invalid::ClaimText) => K::ErrClaimText,
            AppError::Invalid(Invalid::Barcode) => K::ErrBarcode,
            AppError::Invalid(Invalid::Note) => K::ErrNote,
            AppError::Invalid(Invalid::Push(_)) => K::ErrPush,
            AppError::NotCheckedIn => K::ErrNotCheckedIn,
            AppError::CheckedInElsewhere => K::ErrCheckedInElsewhere,
            AppError::OrderRejected(_) => K::ErrOrderRejected,
            AppError::BelowMinimum(_) => K::ErrBelowMinimum,
            AppError::KeyReused => K::ErrKeyReused,
            AppError::EmptyOrder => K::ErrEmptyOrder,
            AppError::CannotCancel => K::ErrCannotCancel,
            AppError::Step(crate::orders::lifecycle::TransitionError::Illegal { .. }) => K::ErrIllegalStep,
            AppError::Step(crate::orders::lifecycle::TransitionError::NotYours { .. }) => K::ErrNotYourStep,
            AppError::Network(_) => K::ErrNetwork,
            AppError::Internal => K::ErrServer,
            AppError::BadRequest => K::ErrBadRequest,
            AppError::TooLarge => K::ErrTooLarge,
            AppError::Invalid(Invalid::Key) => K::ErrKey,
            AppError::Invalid(Invalid::TooMany) => K::ErrTooMany,
            AppError::Invalid(Invalid::TextTooLong) => K::ErrTextTooLong,
            AppError::Invalid(Invalid::Period) => K::ErrPeriod,
            AppError::Invalid(Invalid::EmptySale) => K::ErrEmptySale,
            AppError::Invalid(Invalid::SaleTime) => K::ErrSaleTime,
            AppError::Invalid(Invalid::SaleTooBig) => K::ErrSaleTooBig,
            AppError::Invalid(Invalid::ShelfCount) => K::ErrShelfCount,
            AppError::Invalid(Invalid::Promotion) => K::ErrPromotion,
            AppError::Invalid(Invalid::Launch) => K::ErrLaunch,
            AppError::ClaimKeyReused => K::ErrClaimKeyReused,
            AppError::Invalid(Invalid::ClaimTextTooLong) => K::ErrClaimTextTooLong,
            AppError::Invalid(Invalid::ClaimKey) => K::ErrClaimKey,
            AppError::Invalid(Invalid::TooManyPhotos) => K::ErrTooManyPhotos,
            AppError::PhotoQuota => K::ErrPhotoQuota,
            AppError::EvidenceKeyReused => K::ErrEvidenceKeyReused,
            AppError::Invalid(Invalid::EvidenceKey) => K::ErrEvidenceKey,
        };
        key.text(lang)
    }

    pub fn is_network(&self) -> bool {
        matches!(self, AppError::Network(_))
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(e: ServerFnErrorErr) -> Self {
        match e {
            // On the server these mean the request could not be read: the client's fault, a 400.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::BadRequest
            }
            ServerFnErrorErr::Request(m) | ServerFnErrorErr::Response(m) => AppError::Network(m),
            // A service worker answering for a server that is gone, or a proxy's error page,
            // arrives as an undecodable body: for the user that is the network too.
            #[cfg(not(feature = "ssr"))]
            ServerFnErrorErr::Deserialization(m) => AppError::Network(m),
            other => {
                // Debug: the text may quote what the client sent, escaped so it cannot forge lines.
                tracing::error!(error = ?other.to_string(), "server function failed");
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        // Debug: a database's message can quote a value the client sent.
        tracing::error!(error = ?e.to_string(), "database error");
        AppError::Internal
    }
}

impl AppError {
    /// Whether the same request may succeed if sent again later: the network failed or the server
    /// hiccuped. Everything else is the server's answer to this request (a refusal) and sending it
    /// again changes nothing: the device's outboxes (orders and claims) retry only these, and hand
    /// anything else back to the user with the reason. The one rule both outboxes follow.
    pub fn is_transient(&self) -> bool {
        matches!(self, AppError::Network(_) | AppError::Internal)
    }
}

#[cfg(test)]
mod transient_tests {
    use super::*;

    #[test]
    fn only_the_network_and_server_hiccups_are_retried() {
        assert!(AppError::Network("offline".into()).is_transient());
        assert!(AppError::Internal.is_transient());
        for refusal in [
            AppError::NotSignedIn,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::Invalid(Invalid::Quantity),
            AppError::OrderRejected(vec![]),
            AppError::BelowMinimum(crate::money::Fen(100)),
            AppError::KeyReused,
            AppError::EmptyOrder,
            AppError::ClaimRefused(crate::claims::rules::Refusal::NotDelivered),
        ] {
            assert!(!refusal.is_transient(), "{refusal:?}");
        }
    }
}
