//! The browser binding: one call per page across the JS/WASM boundary. HTML, URL and options
//! in; one plain object (the [`Article`](crate::Article) contract) out. Engine errors become JS
//! errors carrying their message; a panic is written to the console as one clear line before
//! the call fails, and the extension leaves the page as it was.

use crate::{Options, extract as engine_extract, probably_readable as engine_readable};
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

/// Cleans one page. `options` is a plain object with the engine's option names (or
/// `undefined`); the result is a plain object with the `Article` field names.
#[wasm_bindgen]
pub fn extract(html: &str, url: Option<String>, options: JsValue) -> Result<JsValue, JsError> {
    hook_panics();
    let started = js_sys::Date::now();
    let options: Options = if options.is_undefined() || options.is_null() {
        Options::default()
    } else {
        let json = js_sys::JSON::stringify(&options)
            .map_err(|_| JsError::new("sift: the options are not plain data"))?;
        let json = String::from(json);
        serde_json::from_str(&json).map_err(|e| JsError::new(&format!("sift: bad options: {e}")))?
    };
    let mut article = engine_extract(html, url.as_deref(), &options)
        .map_err(|e| JsError::new(&format!("sift: {e}")))?;
    article.stats.elapsed_ms = js_sys::Date::now() - started;
    let json = serde_json::to_string(&article).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("sift: could not hand the result to JS"))
}

/// The quick "does this look like an article?" check, for the toolbar icon.
#[wasm_bindgen(js_name = probablyReadable)]
pub fn probably_readable(html: &str) -> bool {
    hook_panics();
    engine_readable(html)
}
