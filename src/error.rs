//! Errors the engine can report. Cleaning a page never fails on odd HTML (the parser repairs
//! anything); these are for inputs the caller controls: options and user rules.

use thiserror::Error;

/// Why an extraction could not run.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A CSS selector from the options or a rules file does not parse.
    #[error("the CSS selector `{selector}` is not valid: {reason}")]
    BadSelector {
        /// The selector as given.
        selector: String,
        /// The parser's complaint.
        reason: String,
    },
    /// The page URL given with the HTML is not an absolute URL.
    #[error("the page address `{url}` is not an absolute URL: {reason}")]
    BadUrl {
        /// The address as given.
        url: String,
        /// The parser's complaint.
        reason: String,
    },
    /// A rules document (built-in or the user's) does not match the rules schema.
    #[error("the rules in {source_name} do not follow the rules schema: {reason}")]
    BadRules {
        /// Which rules file or setting.
        source_name: String,
        /// What is wrong, as serde_json reports it.
        reason: String,
    },
    /// An options value is out of range or malformed.
    #[error("the option `{option}` is not valid: {reason}")]
    BadOption {
        /// The option's name.
        option: String,
        /// What is wrong.
        reason: String,
    },
}
