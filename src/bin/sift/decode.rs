//! Turning the raw bytes of a saved page into text.
//!
//! The order follows what a browser does for a local file: a byte-order mark wins; then a
//! `<meta charset>` or `<meta http-equiv="Content-Type">` declaration near the top of the page;
//! then UTF-8. Two safety nets: a page that declares a legacy charset but whose bytes are valid
//! UTF-8 with some non-ASCII text is read as UTF-8 (pages re-saved by an editor or a crawler
//! often keep a stale declaration, and legacy text is almost never valid UTF-8 by accident); a
//! page that declares nothing and is not valid UTF-8 is read as windows-1252, the usual encoding
//! of old Western pages, rather than filled with replacement characters.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How many leading bytes are searched for a charset declaration. The HTML standard looks at
/// 1024; saved pages often carry long heads, so a little more is searched.
const PRESCAN_BYTES: usize = 4096;

/// Where the encoding used for a page came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A byte-order mark.
    Bom,
    /// A `<meta>` declaration in the page.
    Meta,
    /// A `<meta>` declaration named a legacy charset, but the bytes are valid UTF-8 text.
    MislabeledUtf8,
    /// Nothing was declared and the bytes are valid UTF-8.
    Default,
    /// Nothing was declared and the bytes are not valid UTF-8.
    Fallback,
}

/// A decoded page.
#[derive(Debug)]
pub struct Decoded {
    /// The page as text, without any byte-order mark.
    pub text: String,
    /// The encoding that was used.
    pub encoding: &'static Encoding,
    /// Why that encoding was chosen.
    pub source: Source,
}

/// Decodes a page's bytes, honouring a BOM or a declared charset.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            encoding,
            source: Source::Bom,
        };
    }
    if let Some(encoding) = declared_charset(bytes) {
        if encoding != UTF_8 && !bytes.is_ascii() {
            if let Ok(text) = std::str::from_utf8(bytes) {
                return Decoded {
                    text: text.to_owned(),
                    encoding: UTF_8,
                    source: Source::MislabeledUtf8,
                };
            }
        }
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return Decoded {
            text: text.into_owned(),
            encoding,
            source: Source::Meta,
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.to_owned(),
            encoding: UTF_8,
            source: Source::Default,
        },
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            Decoded {
                text: text.into_owned(),
                encoding: WINDOWS_1252,
                source: Source::Fallback,
            }
        }
    }
}

/// Looks for a charset declaration in the first [`PRESCAN_BYTES`] bytes, skipping comments.
/// Returns the encoding it names, if the label is known.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let mut i = 0;
    while i < head.len() {
        if head[i..].starts_with(b"<!--") {
            i = find(head, i + 4, b"-->").map_or(head.len(), |end| end + 3);
            continue;
        }
        if head[i] == b'<' && starts_with_ignore_case(&head[i + 1..], b"meta") {
            let after = head.get(i + 5).copied().unwrap_or(b'>');
            if after.is_ascii_whitespace() || after == b'/' || after == b'>' {
                let end = head[i..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(head.len(), |p| i + p);
                if let Some(encoding) = meta_charset(&head[i + 5..end]) {
                    return Some(encoding);
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    None
}

/// Reads the charset from the attributes of one `<meta>` tag.
fn meta_charset(tag: &[u8]) -> Option<&'static Encoding> {
    let attrs = attributes(tag);
    let get = |name: &str| {
        attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let label = if let Some(charset) = get("charset") {
        charset.to_owned()
    } else if get("http-equiv").is_some_and(|v| v.trim().eq_ignore_ascii_case("content-type")) {
        charset_from_content_type(get("content")?)?
    } else {
        return None;
    };
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    // A declaration read from ASCII-compatible bytes cannot be right about UTF-16, and the
    // standard maps x-user-defined to windows-1252 in this position.
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        Some(UTF_8)
    } else if encoding == encoding_rs::X_USER_DEFINED {
        Some(WINDOWS_1252)
    } else {
        Some(encoding)
    }
}

/// Pulls `charset=...` out of a Content-Type value such as `text/html; charset="utf-8"`.
fn charset_from_content_type(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = content[at + "charset".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let value = match rest.chars().next()? {
        quote @ ('"' | '\'') => rest[1..].split(quote).next()?,
        _ => rest
            .split(|c: char| c == ';' || c.is_ascii_whitespace())
            .next()?,
    };
    (!value.is_empty()).then(|| value.to_owned())
}

/// Splits the inside of a tag into `(name, value)` pairs. Names are lowercased; values may be
/// quoted with either quote or bare.
fn attributes(tag: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(tag);
    let mut chars = text.char_indices().peekable();
    let mut out = Vec::new();
    loop {
        while chars
            .peek()
            .is_some_and(|(_, c)| c.is_ascii_whitespace() || *c == '/')
        {
            chars.next();
        }
        let Some(&(start, _)) = chars.peek() else {
            break;
        };
        let mut end = start;
        while let Some(&(at, c)) = chars.peek() {
            if c.is_ascii_whitespace() || c == '=' || c == '/' {
                break;
            }
            end = at + c.len_utf8();
            chars.next();
        }
        if start == end {
            // A stray `=`: skip it so the loop always advances.
            chars.next();
            continue;
        }
        let name = text[start..end].to_ascii_lowercase();
        while chars.peek().is_some_and(|(_, c)| c.is_ascii_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek().is_some_and(|(_, c)| *c == '=') {
            chars.next();
            while chars.peek().is_some_and(|(_, c)| c.is_ascii_whitespace()) {
                chars.next();
            }
            match chars.peek().map(|(_, c)| *c) {
                Some(quote @ ('"' | '\'')) => {
                    chars.next();
                    for (_, c) in chars.by_ref() {
                        if c == quote {
                            break;
                        }
                        value.push(c);
                    }
                }
                _ => {
                    while let Some(&(_, c)) = chars.peek() {
                        if c.is_ascii_whitespace() {
                            break;
                        }
                        value.push(c);
                        chars.next();
                    }
                }
            }
        }
        out.push((name, value));
    }
    out
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn starts_with_ignore_case(haystack: &[u8], prefix: &[u8]) -> bool {
    haystack.len() >= prefix.len() && haystack[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(head: &str, body: &[u8]) -> Vec<u8> {
        let mut bytes = format!("<!doctype html><html><head>{head}</head><body><p>").into_bytes();
        bytes.extend_from_slice(body);
        bytes.extend_from_slice(b"</p></body></html>");
        bytes
    }

    #[test]
    fn meta_charset_windows_1252() {
        // "Café – “quoted”" in windows-1252.
        let bytes = page(
            r#"<meta charset="windows-1252">"#,
            b"Caf\xe9 \x96 \x93quoted\x94",
        );
        let decoded = decode(&bytes);
        assert_eq!(decoded.source, Source::Meta);
        assert_eq!(decoded.encoding, WINDOWS_1252);
        assert!(decoded.text.contains("Café – “quoted”"), "{}", decoded.text);
    }

    #[test]
    fn stale_legacy_declaration_on_utf8_bytes() {
        let bytes = page(r#"<meta charset="gb2312">"#, "腾讯新闻".as_bytes());
        let decoded = decode(&bytes);
        assert_eq!(decoded.source, Source::MislabeledUtf8);
        assert!(decoded.text.contains("腾讯新闻"));

        // The same words really in GB2312 are honoured.
        let (gb, _, _) = encoding_rs::GBK.encode("腾讯新闻");
        let decoded = decode(&page(r#"<meta charset="gb2312">"#, &gb));
        assert_eq!(decoded.source, Source::Meta);
        assert!(decoded.text.contains("腾讯新闻"));

        // Pure ASCII keeps its declaration (ISO-2022-JP is written in ASCII bytes).
        let bytes = page(r#"<meta charset="iso-2022-jp">"#, b"\x1b$B$3$s\x1b(B");
        let decoded = decode(&bytes);
        assert_eq!(decoded.source, Source::Meta);
        assert!(decoded.text.contains("<p>こん</p>"), "{}", decoded.text);
    }

    #[test]
    fn http_equiv_iso_8859_1() {
        let bytes = page(
            r#"<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=ISO-8859-1">"#,
            b"na\xefve \xa3100",
        );
        let decoded = decode(&bytes);
        assert_eq!(decoded.source, Source::Meta);
        assert!(decoded.text.contains("naïve £100"), "{}", decoded.text);
    }

    #[test]
    fn content_before_http_equiv_and_unquoted_values() {
        let bytes = page(
            "<meta content='text/html;charset=koi8-r' http-equiv=content-type>",
            b"\xf0\xd2\xc9\xd7\xc5\xd4",
        );
        assert!(decode(&bytes).text.contains("Привет"));
    }

    #[test]
    fn utf8_bom_is_removed() {
        let mut bytes = b"\xef\xbb\xbf".to_vec();
        bytes.extend(page("", "naïve".as_bytes()));
        let decoded = decode(&bytes);
        assert_eq!(decoded.source, Source::Bom);
        assert!(decoded.text.starts_with("<!doctype"));
        assert!(decoded.text.contains("naïve"));
    }

    #[test]
    fn bom_beats_meta() {
        let mut bytes = b"\xef\xbb\xbf".to_vec();
        bytes.extend(page(r#"<meta charset="windows-1252">"#, "é".as_bytes()));
        let decoded = decode(&bytes);
        assert_eq!(decoded.encoding, UTF_8);
        assert!(decoded.text.contains("<p>é</p>"));
    }

    #[test]
    fn utf16le_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "<p>ünï</p>".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).text, "<p>ünï</p>");
    }

    #[test]
    fn declaration_inside_comment_is_ignored() {
        let bytes = page(
            r#"<!-- <meta charset="windows-1252"> --><meta charset="utf-8">"#,
            "é".as_bytes(),
        );
        assert_eq!(declared_charset(&bytes), Some(UTF_8));
    }

    #[test]
    fn declaration_past_1024_bytes_is_found() {
        let filler = format!("<title>{}</title>", "x".repeat(2000));
        let bytes = page(&format!(r#"{filler}<meta charset="latin1">"#), b"\xe9");
        assert_eq!(declared_charset(&bytes), Some(WINDOWS_1252));
    }

    #[test]
    fn declaration_past_the_prescan_is_ignored() {
        let filler = format!("<title>{}</title>", "x".repeat(PRESCAN_BYTES));
        let bytes = page(&format!(r#"{filler}<meta charset="latin1">"#), b"");
        assert_eq!(declared_charset(&bytes), None);
    }

    #[test]
    fn utf16_label_means_utf8_and_unknown_label_is_skipped() {
        assert_eq!(
            declared_charset(br#"<meta charset="utf-16le">"#),
            Some(UTF_8)
        );
        assert_eq!(declared_charset(br#"<meta charset="no-such-thing">"#), None);
        assert_eq!(declared_charset(b"<metadata charset=latin1>"), None);
    }

    #[test]
    fn undeclared_utf8_and_undeclared_legacy_bytes() {
        let decoded = decode("<p>señor</p>".as_bytes());
        assert_eq!(decoded.source, Source::Default);
        assert_eq!(decoded.text, "<p>señor</p>");

        let decoded = decode(b"<p>se\xf1or</p>");
        assert_eq!(decoded.source, Source::Fallback);
        assert_eq!(decoded.text, "<p>señor</p>");
    }

    #[test]
    fn content_type_parsing() {
        assert_eq!(
            charset_from_content_type("text/html; Charset = \"Shift_JIS\" ").as_deref(),
            Some("Shift_JIS")
        );
        assert_eq!(
            charset_from_content_type("text/html;charset=utf-8;x=y").as_deref(),
            Some("utf-8")
        );
        assert_eq!(charset_from_content_type("text/html"), None);
        assert_eq!(charset_from_content_type("text/html; charset="), None);
    }
}
