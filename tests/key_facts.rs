//! Key facts on the shared syndicated fixtures: every gold entry (people, places,
//! organizations, dates, quotes, summary terms) is found, as `sift eval` reports it.

use std::process::Command;

#[test]
fn every_key_fact_of_the_shared_fixtures_is_found() {
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/syndicated");
    if !std::path::Path::new(shared).is_dir() {
        eprintln!("../shared is missing; skipping");
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_sift"))
        .args(["eval", "--fixtures", shared, "--format", "json"])
        .output()
        .expect("the sift binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kf = &report["key_facts"];
    assert!(kf["pages"].as_u64().unwrap() >= 4, "{kf}");
    let missed: Vec<String> = report["fixtures"]["pages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| {
            let name = p["name"].as_str().unwrap_or("").to_string();
            p["key_facts"]["missed"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(move |m| format!("{name}: {}", m.as_str().unwrap_or("")))
        })
        .collect();
    assert!(
        missed.is_empty(),
        "key facts not found:\n{}",
        missed.join("\n")
    );
    for category in [
        "people",
        "places",
        "organizations",
        "dates",
        "quotes",
        "summary",
    ] {
        assert_eq!(kf["recall"][category], 1.0, "{category}: {kf}");
    }
}

fn ndtv() -> Option<String> {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures/syndicated/ndtv-seed/page.html"
    ))
    .ok()
}

#[test]
fn options_turn_key_facts_off_and_set_the_summary_length() {
    let Some(html) = ndtv() else { return };
    let off = sift::Options {
        key_facts: false,
        ..sift::Options::default()
    };
    let a = sift::extract(&html, None, &off).unwrap();
    assert_eq!(a.key_facts, sift::KeyFacts::default());
    for n in [3, 5] {
        let o = sift::Options {
            summary_sentences: n,
            ..sift::Options::default()
        };
        let a = sift::extract(&html, None, &o).unwrap();
        assert_eq!(a.key_facts.summary.len(), n);
    }
}

#[test]
fn spans_and_data_blocks_point_at_the_same_paragraph() {
    let Some(html) = ndtv() else { return };
    let a = sift::extract(&html, None, &sift::Options::default()).unwrap();
    let blocks: Vec<Vec<u16>> = a
        .text
        .split("\n\n")
        .map(|b| b.encode_utf16().collect())
        .collect();
    let k = &a.key_facts;
    let spans = k
        .people
        .iter()
        .flat_map(|p| p.mentions.iter())
        .chain(k.places.iter().flat_map(|p| p.mentions.iter()))
        .chain(k.dates.iter().map(|d| &d.span))
        .chain(k.quotes.iter().map(|q| &q.span));
    for s in spans {
        let text = String::from_utf16(&blocks[s.block][s.start..s.end]).unwrap();
        assert!(
            !text.trim().is_empty() && text.trim() == text,
            "{s:?} {text:?}"
        );
    }
    for s in &k.summary {
        let text = String::from_utf16(&blocks[s.block][s.start..s.end]).unwrap();
        assert_eq!(text, s.text);
        // The reader view finds the paragraph by its mark.
        let mark = format!("data-block=\"{}\"", s.block);
        let at = a.content_html.find(&mark).expect("paragraph marked");
        let words: Vec<&str> = s.text.split_whitespace().take(3).collect();
        assert!(a.content_html[at..].contains(words[1]), "{mark}");
    }
    let q = &k.quotes[0];
    assert_eq!(q.speaker.as_deref(), Some("Dmitry Peskov"));
    let peskov = k.people.iter().find(|p| p.name == "Dmitry Peskov").unwrap();
    assert_eq!(peskov.role.as_deref(), Some("Kremlin spokesman"));
    let tuesday = k.dates.iter().find(|d| d.text == "on Tuesday").unwrap();
    assert_eq!(tuesday.date.as_deref(), Some("2025-02-18"));
    let week = k.dates.iter().find(|d| d.text == "last week").unwrap();
    assert_eq!(week.date.as_deref(), Some("2025-02-10/2025-02-16"));
}
