//! The browser binding: one call per page across the JS/WASM boundary, plus the settings calls
//! the options page and the content script make. Plain objects go in and out (through
//! `JSON.stringify`/`JSON.parse` and serde); nothing here decides anything: the engine and
//! [`crate::settings`] do. Engine errors become JS errors carrying their message; a panic is
//! written to the console as one clear line before the call fails, and the extension leaves the
//! page as it was.

use crate::settings::{Problem, Settings, read_stored, validate};
use crate::{extract as engine_extract, probably_readable as engine_readable};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Installs the panic message hook once.
fn hook_panics() {
    use std::sync::Once;
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            web_sys::console::error_1(
                &format!("sift: the engine failed on this page: {info}").into(),
            );
        }));
    });
}

/// A JS value as JSON data; `undefined` and `null` are `Null`.
fn from_js(value: &JsValue, what: &str) -> Result<serde_json::Value, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(serde_json::Value::Null);
    }
    let json = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| JsError::new(&format!("sift: the {what} are not plain data")))?;
    serde_json::from_str(&json).map_err(|e| JsError::new(&format!("sift: bad {what}: {e}")))
}

/// A Rust value as a plain JS object.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("sift: could not hand the result to JS"))
}

/// The stored settings object, read leniently (problems are the options page's to show).
fn stored(settings: &JsValue) -> Result<Settings, JsError> {
    Ok(read_stored(from_js(settings, "settings")?).0)
}

/// Cleans one page. `settings` is the whole stored settings object (or `undefined`), read
/// leniently; the options for this page come from it (the site's extra selectors, the user's
/// promo phrases). The result is a plain object with the `Article` field names.
#[wasm_bindgen]
pub fn extract(html: &str, url: Option<String>, settings: JsValue) -> Result<JsValue, JsError> {
    hook_panics();
    let started = js_sys::Date::now();
    let options = stored(&settings)?.options_for(url.as_deref());
    let mut article = engine_extract(html, url.as_deref(), &options)
        .map_err(|e| JsError::new(&format!("sift: {e}")))?;
    article.stats.elapsed_ms = js_sys::Date::now() - started;
    to_js(&article)
}

/// The quick "does this look like an article?" check, for the toolbar icon.
#[wasm_bindgen(js_name = probablyReadable)]
pub fn probably_readable(html: &str) -> bool {
    hook_panics();
    engine_readable(html)
}

/// The default settings, as a plain object.
#[wasm_bindgen(js_name = defaultSettings)]
pub fn default_settings() -> Result<JsValue, JsError> {
    hook_panics();
    to_js(&Settings::default())
}

#[derive(Serialize)]
struct ReadResult {
    settings: Settings,
    problems: Vec<Problem>,
}

/// Reads what came out of storage leniently: `{ settings, problems: [{ field, message }] }`.
/// Invalid values fall back to their defaults and are listed in `problems`; never throws on
/// bad settings.
#[wasm_bindgen(js_name = readSettings)]
pub fn read_settings(stored: JsValue) -> Result<JsValue, JsError> {
    hook_panics();
    let value = from_js(&stored, "stored settings").unwrap_or(serde_json::Value::Null);
    let (settings, problems) = read_stored(value);
    to_js(&ReadResult { settings, problems })
}

#[derive(Serialize)]
struct ValidateResult {
    ok: bool,
    settings: Option<Settings>,
    problems: Vec<Problem>,
}

/// Checks an edit or an imported file strictly: `{ ok, settings, problems }`. When `ok`,
/// `settings` is the tidied document to store; otherwise it is `null` and `problems` lists
/// every problem (nothing is accepted).
#[wasm_bindgen(js_name = validateSettings)]
pub fn validate_settings(candidate: JsValue) -> Result<JsValue, JsError> {
    hook_panics();
    let result = match from_js(&candidate, "settings").map(validate) {
        Ok(Ok(settings)) => ValidateResult {
            ok: true,
            settings: Some(settings),
            problems: Vec::new(),
        },
        Ok(Err(problems)) => ValidateResult {
            ok: false,
            settings: None,
            problems,
        },
        Err(_) => ValidateResult {
            ok: false,
            settings: None,
            problems: vec![Problem {
                field: String::new(),
                message: "These settings are not plain data (text, numbers, lists and groups)."
                    .to_string(),
            }],
        },
    };
    to_js(&result)
}

/// Whether the reader view opens by itself on this page's site: `"default"`, `"always"` or
/// `"never"` (the stored settings are read leniently; an unusable address gives `"default"`).
#[wasm_bindgen(js_name = siteMode)]
pub fn site_mode(settings: JsValue, url: &str) -> Result<String, JsError> {
    hook_panics();
    Ok(stored(&settings)?.site_mode(url).as_str().to_string())
}

/// Whether the settings need access to every site (auto-open on syndicated articles, or a site
/// set to `"always"`), read leniently.
#[wasm_bindgen(js_name = needsHostAccess)]
pub fn needs_host_access(settings: JsValue) -> Result<bool, JsError> {
    hook_panics();
    Ok(stored(&settings)?.needs_host_access())
}

/// Every limit the settings are checked against (`font_size.min`, `max_sites`, …), for the
/// options page's input attributes.
#[wasm_bindgen(js_name = settingsLimits)]
pub fn settings_limits() -> Result<JsValue, JsError> {
    hook_panics();
    to_js(&crate::settings::LIMITS)
}
