//! The quality bar, checked on every test run: the evaluation command over the syndicated
//! fixtures (ours and the shared set) and the Readability corpus.

use std::process::Command;

fn shared_present() -> bool {
    std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/readability"
    ))
    .is_dir()
}

fn report() -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_sift"))
        .args(["eval", "--format", "json"])
        .output()
        .expect("the sift binary runs");
    assert!(
        out.status.success(),
        "eval failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("eval prints JSON")
}

#[test]
fn every_fixture_passes_every_gold_check() {
    if !shared_present() {
        eprintln!("../shared is missing; skipping");
        return;
    }
    let r = report();
    let fx = &r["fixtures"];
    let failures: Vec<String> = fx["pages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["pass"] != true)
        .map(|p| format!("{}: {}", p["name"], p["failures"]))
        .collect();
    assert!(
        failures.is_empty(),
        "failing fixtures:\n{}",
        failures.join("\n")
    );
    assert_eq!(fx["leaks"], 0);
    assert!(
        fx["total"].as_u64().unwrap() >= 16,
        "fixture pages went missing"
    );

    let c = &r["corpus"];
    let f1 = c["mean_f1"].as_f64().unwrap();
    let title = c["title"].as_f64().unwrap();
    let readerable = c["readerable"].as_f64().unwrap();
    assert_eq!(c["total"], 130);
    assert!(f1 >= 0.95, "mean text F1 {f1:.4} is below 0.95");
    assert!(
        readerable >= 0.95,
        "readerable accuracy {readerable:.3} is below 0.95"
    );
    assert!(title >= 0.94, "title match {title:.3} fell below 0.94");
}
