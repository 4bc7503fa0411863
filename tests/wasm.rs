//! The shared syndicated fixtures through the engine compiled to WebAssembly, run by
//! `wasm-bindgen-test-runner` in Node.js (`make test` does this). The same pages pass through
//! the native build in `tests/eval.rs`; here the checks are the gold file's own: every body
//! paragraph once and in order, no `must_not_contain` string, every kept image, the
//! syndication verdict. A difference between the two builds shows up as a failure here.
#![cfg(target_arch = "wasm32")]

use serde_json::Value;
use wasm_bindgen_test::wasm_bindgen_test;

/// The pages, embedded at compile time (WebAssembly tests have no file system).
const FIXTURES: &[(&str, &str, &str)] = &[
    (
        "ndtv-seed",
        include_str!("../../shared/fixtures/syndicated/ndtv-seed/page.html"),
        include_str!("../../shared/fixtures/syndicated/ndtv-seed/gold.json"),
    ),
    (
        "headlinehub-ap-noscript-trending",
        include_str!("../../shared/fixtures/syndicated/headlinehub-ap-noscript-trending/page.html"),
        include_str!("../../shared/fixtures/syndicated/headlinehub-ap-noscript-trending/gold.json"),
    ),
    (
        "marketmirror-pti-br-split",
        include_str!("../../shared/fixtures/syndicated/marketmirror-pti-br-split/page.html"),
        include_str!("../../shared/fixtures/syndicated/marketmirror-pti-br-split/gold.json"),
    ),
    (
        "severnecho-original-newsletter",
        include_str!("../../shared/fixtures/syndicated/severnecho-original-newsletter/page.html"),
        include_str!("../../shared/fixtures/syndicated/severnecho-original-newsletter/gold.json"),
    ),
];

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn every_shared_fixture_passes_its_gold_checks_in_webassembly() {
    for (name, page, gold) in FIXTURES {
        let gold: Value = serde_json::from_str(gold).expect("gold.json parses");
        let url = gold["url"].as_str();
        let article = sift::extract(page, url, &sift::Options::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            article.is_article,
            gold["is_article"].as_bool().unwrap(),
            "{name}: is_article"
        );
        let text = collapse(&article.text);
        let mut at = 0;
        for (i, p) in strings(&gold["body_paragraphs"]).iter().enumerate() {
            let p = collapse(p);
            let found = text[at..].find(&p).map(|f| f + at);
            assert!(
                found.is_some(),
                "{name}: paragraph {} missing or out of order",
                i + 1
            );
            assert_eq!(
                text.matches(&p).count(),
                1,
                "{name}: paragraph {} twice",
                i + 1
            );
            at = found.unwrap() + p.len();
        }
        for bad in strings(&gold["must_not_contain"]) {
            assert!(!text.contains(&collapse(&bad)), "{name}: leak {bad:?}");
        }
        for keep in strings(&gold["images_keep"]) {
            let mut ok = vec![keep.clone()];
            ok.extend(strings(&gold["image_alternates"][&keep]));
            assert!(
                article.images.iter().any(|i| ok.contains(&i.src)),
                "{name}: image {keep} not kept"
            );
        }
        assert_eq!(
            article.syndication.syndicated,
            gold["syndicated"].as_bool().unwrap(),
            "{name}: syndicated"
        );
        assert_eq!(
            article.syndication.wire_source.as_deref(),
            gold["wire_source"].as_str(),
            "{name}: wire source"
        );
    }
}

#[wasm_bindgen_test]
fn hostile_markup_is_sanitized_in_webassembly() {
    let html = r#"<html><body><article><h1>Storm</h1>
      <p>The storm brought heavy rain across the coast on Tuesday, flooding roads and closing
      schools in three districts while crews worked through the night to clear debris.</p>
      <p onclick="steal()">Officials said more rain was expected later in the week, and urged
      residents to stay away from the river banks <a href="javascript:alert(1)">here</a>.</p>
      <script>steal()</script><img src="x" onerror="steal()">
      <p>Power was restored to most homes by the evening, the utility company said in a
      statement, though some rural areas could remain without electricity until Thursday.</p>
    </article></body></html>"#;
    let a = sift::extract(
        html,
        Some("https://news.example/storm"),
        &sift::Options::default(),
    )
    .unwrap();
    assert!(a.text.contains("Power was restored"));
    for bad in ["<script", "onclick", "onerror", "javascript:"] {
        assert!(!a.content_html.contains(bad), "{bad} reached the output");
    }
}

#[wasm_bindgen_test]
fn an_inline_picture_declaring_four_gigabytes_is_judged_without_overflow() {
    // A WebP header whose declared size is u32::MAX: on a 32-bit target adding the header's 8
    // bytes to it overflowed (a panic in this debug build, a wrong verdict in release).
    let html = r#"<html><body><article><h1>Dam</h1>
      <p>The dam held through the night as the river rose to its highest level in a decade,
      engineers said on Wednesday, after crews spent hours reinforcing the spillway walls.</p>
      <img src="data:image/webp;base64,UklGRv////9XRUJQVlA4IAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=">
      <p>Residents downstream were told they could return home by the afternoon, though the
      roads along the bank would stay closed until the water level had fallen further.</p>
    </article></body></html>"#;
    let a = sift::extract(
        html,
        Some("https://news.example/dam"),
        &sift::Options::default(),
    )
    .unwrap();
    assert!(a.text.contains("Residents downstream"));
    // The picture is cut short (it declares more than it holds): never shown.
    assert!(a.images.iter().all(|i| !i.src.starts_with("data:")));
}
