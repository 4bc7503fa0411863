//! Small pages of our own (`tests/pages/`) for metadata and key-facts patterns the fixtures do
//! not hold.

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

#[test]
fn questions_contractions_and_common_words_in_capitals_make_no_facts() {
    let a = extract("question-headline-acronym-facts.html");
    let k = &a.key_facts;
    let orgs: Vec<&str> = k.organizations.iter().map(|o| o.name.as_str()).collect();
    let places: Vec<&str> = k.places.iter().map(|p| p.name.as_str()).collect();
    // "Who are you?": the organization list's "WHO" is a common word too, so only capitals
    // name it.
    assert!(!orgs.contains(&"Who"), "{orgs:?}");
    // "A Change in Procedures?" is a heading in headline case, not a sentence naming a place.
    assert!(!places.contains(&"Procedures"), "{places:?}");
    assert!(places.contains(&"Kestrel Bay"), "{places:?}");
    // The summary tells; the question about the ledgers is not in it, though it is in the text.
    assert!(
        a.text
            .contains("What will become of the Harbour Registry ledgers")
    );
    assert_eq!(k.summary.len(), 4);
    for s in &k.summary {
        assert!(!s.text.trim_end().ends_with('?'), "{:?}", s.text);
    }
    // "I’m" in a quote is a pronoun and a verb, not a person; "in JavaScript", "in PostgreSQL"
    // name software, not a place or a person; "McHugh" is still a name; "Ledger Docs" is not
    // a person because "Docs" stands alone: the text also writes "docs" in small letters.
    let people: Vec<&str> = k.people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        people,
        [
            "Edwin Tallow",
            "Anna Whitcombe",
            "Ezra McHugh",
            "Ruth Tallow"
        ]
    );
    assert!(!places.contains(&"JavaScript"), "{places:?}");
}
