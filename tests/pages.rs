//! Small pages of our own (`tests/pages/`) for metadata patterns the fixtures do not hold.

fn extract(name: &str) -> sift::Article {
    let path = format!("{}/tests/pages/{name}", env!("CARGO_MANIFEST_DIR"));
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    sift::extract(
        &html,
        Some("https://www.riversidecourier.example/local/towpath.html"),
        &sift::Options::default(),
    )
    .unwrap()
}

#[test]
fn a_date_written_in_words_with_a_zone_and_a_byline_ending_in_a_date() {
    let a = extract("written-dates-breadcrumb-title.html");
    // "Tuesday, 4 March 2025 at 10:41 GMT": a day name, a filler word and a zone name.
    assert_eq!(a.published.as_deref(), Some("2025-03-04T10:41:00Z"));
    // "By Jane Okafor Tuesday 4 March 2025": the lead-in goes, the date ends the names.
    assert_eq!(a.byline.as_deref(), Some("Jane Okafor"));
    assert!(a.is_article);
    assert!(
        a.text
            .contains("The towpath between Mill Lane and the weir")
    );
    assert!(a.text.contains("two new benches and a handrail"));
    // A breadcrumb title whose site part is more than a word is kept whole, as Readability
    // keeps it; the headline itself is the article's first heading.
    assert!(a.title.as_deref().is_some_and(|t| t.ends_with("Council votes to reopen the towpath after flood repairs")));
}
