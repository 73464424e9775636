//! Errors as the UI sees them: a code, never a message meant for a log. The cause is logged where it
//! happens; the page (or the API) gets the code and chooses what to tell the reader.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Why the backend could not answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum LibraryError {
    /// The store cannot be reached or failed; trying again later may work.
    #[error("the library is unavailable")]
    Unavailable,
    /// What is stored cannot be read; trying again will not help.
    #[error("stored data cannot be read")]
    Corrupt,
    /// The search backend cannot be reached; reading still works.
    #[error("search is unavailable")]
    SearchUnavailable,
    /// The request between page and server failed (in the browser: the network).
    #[error("the server could not be reached: {0}")]
    Transport(String),
}

impl LibraryError {
    /// A stable snake_case code for the API and the logs.
    pub fn code(&self) -> &'static str {
        match self {
            LibraryError::Unavailable => "unavailable",
            LibraryError::Corrupt => "corrupt_data",
            LibraryError::SearchUnavailable => "search_unavailable",
            LibraryError::Transport(_) => "transport",
        }
    }
}

impl FromServerFnError for LibraryError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        LibraryError::Transport(value.to_string())
    }
}
