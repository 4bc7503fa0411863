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
