//! Bad input gets a clear answer and never a panic: empty, binary, broken, huge, deeply
//! nested and hostile pages, and bad options.

use sift::{Options, extract, probably_readable};

fn run(html: &str) -> sift::Article {
    extract(
        html,
        Some("https://news.example/story"),
        &Options::default(),
    )
    .expect("any HTML is accepted")
}

#[test]
fn empty_and_garbage_pages_are_not_articles() {
    for html in [
        "",
        "   ",
        "\u{0}\u{1}\u{2}binary\u{fffd}\u{fffd}",
        "<<<>>>",
        "</div></div></p>",
    ] {
        let a = run(html);
        assert!(!a.is_article, "{html:?}");
        assert!(!probably_readable(html));
    }
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let para = "<p>Deep inside the nest, this paragraph holds enough words to count as text, and then some more words to be sure.</p>";
    let html = "<div>".repeat(5_000) + &para.repeat(8) + &"</div>".repeat(5_000);
    let a = run(&html);
    assert!(a.text.contains("Deep inside the nest"));
}

#[test]
fn a_large_page_is_handled() {
    let para = "<p>The council met on Tuesday, and members discussed the budget, the roads, the parks and the library at length before voting.</p>\n";
    let html = format!(
        "<html><body><article>{}</article></body></html>",
        para.repeat(60_000)
    );
    assert!(html.len() > 7_000_000);
    let a = run(&html);
    assert!(a.is_article);
    assert!(a.stats.words > 1_000_000);
}

#[test]
fn hostile_markup_never_reaches_the_output() {
    let body = "<p>Officials said on Monday that the new bridge would open in the spring, after two years of work on its foundations.</p>".repeat(4);
    let html = format!(
        r#"<html><body><article>{body}
        <p onmouseover="steal()">Click <a href="javascript:alert(1)">here</a> or <a href=" JaVaScRiPt:alert(2)">there</a>.</p>
        <img src="https://news.example/a.jpg" onerror="alert(3)">
        <script>alert(4)</script><style>body{{display:none}}</style>
        <iframe src="https://evil.example/x"></iframe><form action="/x"><input name=a></form>
        <svg><script>alert(5)</script></svg><object data="x.swf"></object>
        <a href="data:text/html;base64,PHNjcmlwdD4=">data</a></article></body></html>"#
    );
    let a = run(&html);
    let out = a.content_html.to_lowercase();
    for bad in [
        "javascript:",
        "onerror",
        "onmouseover",
        "<script",
        "<style",
        "evil.example",
        "<form",
        "<svg",
        "<object",
        "data:text",
    ] {
        assert!(!out.contains(bad), "{bad} leaked into {out}");
    }
    assert!(a.text.contains("new bridge"));
}

#[test]
fn bad_options_are_reported_clearly() {
    let opts = Options {
        remove_selectors: vec!["div[".into()],
        ..Options::default()
    };
    let err = extract("<p>x</p>", None, &opts).unwrap_err();
    assert!(err.to_string().contains("div["), "{err}");
    let err = extract("<p>x</p>", Some("not a url"), &Options::default()).unwrap_err();
    assert!(err.to_string().contains("not a url"), "{err}");
}

#[test]
fn user_rules_apply() {
    let body = "<p>Officials said on Monday that the new bridge would open in the spring, after two years of work on its foundations.</p>".repeat(4);
    let html = format!(
        "<article>{body}<div class=mug>Buy the Gazette mug today</div><p>Win a trip to Paris with us</p></article>"
    );
    let opts = Options {
        remove_selectors: vec![".mug".into()],
        promo_phrases: vec!["win a trip".into()],
        ..Options::default()
    };
    let a = extract(&html, None, &opts).unwrap();
    assert!(
        !a.text.contains("mug") && !a.text.contains("Paris"),
        "{}",
        a.text
    );
    let rules: Vec<&str> = a.removed.iter().map(|r| r.rule.as_str()).collect();
    assert!(
        rules.contains(&"user.remove_selector") && rules.contains(&"user.promo_phrase"),
        "{rules:?}"
    );
}

#[test]
fn an_image_address_with_a_letter_across_its_fifth_byte_is_handled() {
    // "abcdé": byte 5 falls inside "é". Checking for a `data:` prefix by slicing the first five
    // bytes as text panicked here.
    let body = "<p>Officials said on Monday that the new bridge would open in the spring, after two years of work on its foundations.</p>".repeat(4);
    let html = format!(
        "<html><body><article>{body}<img src=\"abcd\u{e9}\" alt=\"x\">{body}</article></body></html>"
    );
    let a = run(&html);
    assert!(a.is_article);
    assert!(a.text.contains("new bridge"));
}
