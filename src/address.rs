//! Web addresses that are already in the form the URL parser writes, so that making them
//! absolute need not parse them (about 5,000 instructions an address, most of the links and
//! pictures of a page).

/// Whether `url` is an absolute `http` or `https` address that the URL parser would write back
/// unchanged, whatever the base: `url::Url::parse(url)` succeeds and gives `url` again.
///
/// Deliberately narrow, and `false` whenever in doubt: a lower-case scheme and host of ASCII
/// letters, digits, dots and hyphens (no `xn--` label, the last label starting with a letter,
/// so never read as an IPv4 number), no user, no port, a path starting with `/`, no `.` or
/// `..` segment (nor any `%2e`), and only characters that no part of the address
/// percent-encodes or drops.
pub fn is_written_form(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let host_end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let (host, tail) = rest.split_at(host_end);
    plain_host(host) && tail.starts_with('/') && plain_tail(tail)
}

/// A host of lower-case ASCII labels, none empty, none an `xn--` label, the last starting with
/// a letter.
fn plain_host(host: &str) -> bool {
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with("xn--")
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    });
    let last_is_name = host
        .rsplit('.')
        .next()
        .and_then(|l| l.bytes().next())
        .is_some_and(|b| b.is_ascii_lowercase());
    labels_ok && last_is_name
}

/// Where a byte may stand unchanged: bit 0 in the path, bit 1 in the query, bit 2 in the
/// fragment. Letters, digits and `-._~!$&()*+,;=:@/%` anywhere; `'` in the path and the
/// fragment; `?` in the query and the fragment. (The `?` and `#` that open the query and the
/// fragment are read by [`plain_tail`] itself.)
const KEPT: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = 0b111;
        }
        b += 1;
    }
    let everywhere = b"-._~!$&()*+,;=:@/%";
    let mut i = 0;
    while i < everywhere.len() {
        table[everywhere[i] as usize] = 0b111;
        i += 1;
    }
    table[b'\'' as usize] = 0b101;
    table[b'?' as usize] = 0b110;
    table
};

/// The path, query and fragment: characters kept as they are in every part, `?` only after
/// the path, no `#` inside the fragment, no dot segment (`.`, `..`, or any `%2e`). One pass.
fn plain_tail(tail: &str) -> bool {
    let bytes = tail.as_bytes();
    // The part being read (0 path, 1 query, 2 fragment) and where the path's segment began.
    let mut part = 0;
    let mut segment = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if part == 0 {
            if b == b'/' || b == b'?' || b == b'#' {
                if matches!(&bytes[segment..i], b"." | b"..") {
                    return false;
                }
                segment = i + 1;
            }
            if b == b'%'
                && bytes.get(i + 1) == Some(&b'2')
                && matches!(bytes.get(i + 2), Some(b'e' | b'E'))
            {
                return false;
            }
        }
        match b {
            b'?' if part == 0 => part = 1,
            b'#' if part < 2 => part = 2,
            _ if KEPT[usize::from(b)] & (1 << part) == 0 => return false,
            _ => {}
        }
    }
    part > 0 || !matches!(&bytes[segment..], b"." | b"..")
}

#[cfg(test)]
mod tests {
    use super::*;
    use url::Url;

    /// The plain definition [`plain_tail`] is a one-pass form of.
    fn plain_tail_by_parts(tail: &str) -> bool {
        let (before_fragment, fragment) = tail.split_once('#').unwrap_or((tail, ""));
        let (path, query) = before_fragment
            .split_once('?')
            .unwrap_or((before_fragment, ""));
        let kept = |b: u8| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'-' | b'.'
                        | b'_'
                        | b'~'
                        | b'!'
                        | b'$'
                        | b'&'
                        | b'('
                        | b')'
                        | b'*'
                        | b'+'
                        | b','
                        | b';'
                        | b'='
                        | b':'
                        | b'@'
                        | b'/'
                        | b'%'
                )
        };
        let dot_segment = path.split('/').any(|s| s == "." || s == "..")
            || path.to_ascii_lowercase().contains("%2e");
        !dot_segment
            && path.bytes().all(|b| kept(b) || b == b'\'')
            && query.bytes().all(|b| kept(b) || b == b'?')
            && fragment.bytes().all(|b| kept(b) || b == b'?' || b == b'\'')
    }

    #[test]
    fn the_one_pass_tail_test_agrees_with_the_plain_definition() {
        let paths = [
            "/",
            "",
            "/a/b.html",
            "/a/..",
            "/a/../b",
            "/.",
            "/a/.",
            "/..",
            "/a/./b",
            "/a/%2E%2e/b",
            "/a%2",
            "/a%2f",
            "/a%",
            "/a b",
            "/\u{e9}",
            "/a\\b",
            "/a'b",
            "/{x}",
            "/a|b",
            "/~u/(x)*+,;=:@!$&",
            "//double",
            "/.a/..b",
            "/a\tb",
            "/a/...",
        ];
        let queries = [
            "", "?", "?q=1&r=2", "?a'b", "?a b", "?x?y", "?a<b", "?/../", "?e", "?%2e",
        ];
        let fragments = ["", "#", "#top", "#a b", "#x#y", "#a?b'c", "#/./", "#%2E"];
        let mut agreed = [0, 0];
        for p in paths {
            for q in queries {
                for f in fragments {
                    let tail = format!("{p}{q}{f}");
                    let plain = plain_tail_by_parts(&tail);
                    assert_eq!(plain_tail(&tail), plain, "{tail:?}");
                    agreed[usize::from(plain)] += 1;
                }
            }
        }
        // Both answers occur often.
        assert!(agreed.iter().all(|&n| n > 300), "{agreed:?}");
    }

    #[test]
    fn an_address_in_written_form_parses_back_to_itself() {
        // Every combination of these pieces, and each piece alone.
        let schemes = ["http://", "https://", "HTTP://", "ftp://", "http:/", ""];
        let hosts = [
            "example.com",
            "a-b.example.co.uk",
            "Example.com",
            "1.2.3.4",
            "example.123",
            "ex_ample.com",
            "xn--bcher-kva.example",
            "example.com.",
            "a..b",
            "user@example.com",
            "example.com:80",
            "example.com:8080",
            "",
            "0x7f.1",
            "localhost",
        ];
        let paths = [
            "/",
            "",
            "/a/b.html",
            "/a/../b",
            "/a/./b",
            "/a/%2E%2e/b",
            "/a b",
            "/a%20b",
            "/\u{e9}",
            "/a\\b",
            "/a'b",
            "/{x}",
            "/a^b",
            "/a|b",
            "/a\"b",
            "/a`b",
            "/~u/(x)*+,;=:@!$&",
            "//double",
            "/a\tb",
        ];
        let queries = ["", "?q=1&r=2", "?a'b", "?a b", "?x?y", "?a<b", "?", "?%zz"];
        let fragments = ["", "#top", "#a b", "#a`b", "#x#y", "#", "#a?b'c"];
        let base = Url::parse("https://base.example/dir/page.html").unwrap();
        let mut written = 0;
        for s in schemes {
            for h in hosts {
                for p in paths {
                    for q in queries {
                        for f in fragments {
                            let url = format!("{s}{h}{p}{q}{f}");
                            if !is_written_form(&url) {
                                continue;
                            }
                            written += 1;
                            let parsed = Url::parse(&url).map(String::from);
                            assert_eq!(parsed.as_deref(), Ok(url.as_str()));
                            let joined = base.join(&url).map(String::from);
                            assert_eq!(joined.as_deref(), Ok(url.as_str()));
                        }
                    }
                }
            }
        }
        // Most combinations fail some condition; the common form passes.
        assert!(written > 200, "{written}");
        for url in [
            "https://www.example.com/news/2026/12/03/story-title-123.html",
            "http://cdn.example.net/img/photo_1.jpg?w=800&h=600",
            "https://example.org/a/b#section-2",
        ] {
            assert!(is_written_form(url), "{url}");
        }
        for url in [
            "https://Example.com/",
            "https://example.com",
            "https://example.com:443/",
            "//example.com/x",
            "/relative/path",
            "https://192.168.0.1/x",
            "https://example.com/a/../b",
        ] {
            assert!(!is_written_form(url), "{url}");
        }
    }
}
