//! End-to-end tests of the `sift` binary.
//!
//! The first group checks the command-line behaviour itself (exit codes, error lines, input
//! handling, output framing) and holds whatever the engine does. The second group checks what a
//! reader gets (text, decoding, escaping) and needs a working engine.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SIFT: &str = env!("CARGO_BIN_EXE_sift");

/// Runs the binary with `args`, feeding `stdin` if given.
fn sift(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(SIFT)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sift binary runs");
    if let Some(bytes) = stdin {
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(bytes)
            .expect("stdin accepts the page");
    }
    child.wait_with_output().expect("sift finishes")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh scratch folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("scratch file");
    path.to_string_lossy().into_owned()
}

/// Asserts a failed run: exit status 2, nothing on stdout, exactly one line on stderr that
/// starts with `sift: ` and contains `needle`.
fn assert_usage_error(output: &Output, needle: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(2), "stderr: {err}");
    assert!(output.stdout.is_empty(), "stdout: {}", stdout(output));
    assert_eq!(err.lines().count(), 1, "stderr: {err:?}");
    assert!(err.starts_with("sift: "), "stderr: {err:?}");
    assert!(err.contains(needle), "stderr {err:?} lacks {needle:?}");
}

const PARAGRAPHS: [&str; 3] = [
    "Heavy rain is expected across the northern districts on Tuesday, forecasters said, with \
     flooding possible in low-lying areas near the river and disruption likely for commuters.",
    "The weather service said up to 60mm could fall in places, and urged drivers to take care on \
     roads that flooded last winter, especially after dark when visibility is poor.",
    "Schools in the valley will stay open, the council said, but field trips planned for the \
     week have been postponed until the ground has dried out and paths are safe again.",
];

const PROMO: &str = "Join our WhatsApp channel for weather alerts!";

/// A small article page. `head` is inserted first in `<head>`; `title` is raw HTML text.
fn article_page(head: &str, title: &str, extra: &str) -> String {
    let body: String = PARAGRAPHS.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head>{head}<title>{title}</title></head><body>\n\
         <nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\n\
         <article><h1>{title}</h1>\n{body}<p>{extra}</p>\n\
         <div class=\"promo\"><p>{PROMO} <a href=\"https://chat.whatsapp.com/x\">Join Now</a></p></div>\n\
         </article><footer>Contact us</footer></body></html>"
    )
}

// ---------------------------------------------------------------------------------------------
// Command-line behaviour: holds with any engine.

#[test]
fn missing_file_is_one_error_line_and_exit_2() {
    let output = sift(&["extract", "no-such-page.html"], None);
    assert_usage_error(&output, "cannot read no-such-page.html");
    assert!(!stderr(&output).contains("os error"));
}

#[test]
fn a_missing_file_among_several_prints_nothing_else() {
    let dir = scratch("missing_among_several");
    let good = write(&dir, "good.html", article_page("", "Fine", ""));
    let output = sift(
        &["extract", "-f", "jsonl", &good, "absent.html", &good],
        None,
    );
    assert_usage_error(&output, "absent.html");
}

#[test]
fn bad_format_value_is_an_error() {
    let dir = scratch("bad_format");
    let page = write(&dir, "page.html", article_page("", "Fine", ""));
    let output = sift(&["extract", "--format", "xml", &page], None);
    assert_usage_error(&output, "unknown format 'xml'");
}

#[test]
fn bad_options_file_is_an_error() {
    let dir = scratch("bad_options");
    let page = write(&dir, "page.html", article_page("", "Fine", ""));
    let broken = write(&dir, "broken.json", "{\"no_images\": tru");
    let output = sift(&["extract", "--options", &broken, &page], None);
    assert_usage_error(&output, "bad options in");

    let typo = write(&dir, "typo.json", "{\"no_image\": true}");
    let output = sift(&["extract", "--options", &typo, &page], None);
    assert_usage_error(&output, "no_image");

    let output = sift(&["extract", "--options", "absent.json", &page], None);
    assert_usage_error(&output, "cannot read absent.json");
}

#[test]
fn good_options_file_is_accepted() {
    let dir = scratch("good_options");
    let page = write(&dir, "page.html", article_page("", "Fine", ""));
    let options = write(&dir, "options.json", "{\"no_images\": true}");
    let output = sift(&["extract", "--options", &options, &page], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn usage_mistakes_exit_2() {
    assert_usage_error(&sift(&[], None), "no command");
    assert_usage_error(&sift(&["frobnicate"], None), "unknown command 'frobnicate'");
    assert_usage_error(&sift(&["extract", "--bogus", "x"], None), "--bogus");
    assert_usage_error(&sift(&["extract"], None), "at least one FILE");
    assert_usage_error(&sift(&["extract", "x.html", "--url"], None), "--url");
    assert_usage_error(&sift(&["eval", "--format", "xml"], None), "unknown format");
}

#[test]
fn help_and_version() {
    let output = sift(&["--help"], None);
    assert_eq!(output.status.code(), Some(0));
    let help = stdout(&output);
    for word in [
        "extract",
        "eval",
        "--url",
        "--format",
        "--options",
        "jsonl",
        "markdown",
    ] {
        assert!(help.contains(word), "help lacks {word}");
    }
    let output = sift(&["--version"], None);
    assert!(stdout(&output).starts_with("sift "));
}

#[test]
fn jsonl_prints_one_article_per_input_line() {
    let dir = scratch("jsonl");
    let a = write(&dir, "a.html", article_page("", "First", ""));
    let b = write(
        &dir,
        "b.html",
        "<html><body><ul><li>just a list</li></ul></body></html>",
    );
    let output = sift(&["extract", "--format", "jsonl", &a, &b, &a], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert_eq!(out.lines().count(), 3, "{out}");
    for line in out.lines() {
        let article: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert!(article.get("is_article").is_some_and(|v| v.is_boolean()));
        assert!(article.get("syndication").is_some());
    }
}

#[test]
fn json_is_an_object_for_one_input_and_an_array_for_several() {
    let dir = scratch("json");
    let a = write(&dir, "a.html", article_page("", "First", ""));
    let one: serde_json::Value =
        serde_json::from_str(&stdout(&sift(&["extract", &a], None))).expect("JSON");
    assert!(one.is_object());
    let two: serde_json::Value =
        serde_json::from_str(&stdout(&sift(&["extract", "-f", "json", &a, &a], None)))
            .expect("JSON");
    assert_eq!(two.as_array().map(Vec::len), Some(2));
}

/// The article as JSON without the timing, which differs between runs.
fn json_without_timing(output: &Output) -> serde_json::Value {
    let mut value: serde_json::Value = serde_json::from_str(&stdout(output)).expect("JSON");
    value["stats"]
        .as_object_mut()
        .expect("stats")
        .remove("elapsed_ms");
    value
}

#[test]
fn stdin_dash_reads_the_same_page_as_a_file() {
    let dir = scratch("stdin_same");
    let html = article_page("<meta charset=\"utf-8\">", "Rain due", "");
    let file = write(&dir, "page.html", &html);
    let from_file = sift(
        &["extract", "--url", "https://news.example/rain", &file],
        None,
    );
    let from_stdin = sift(
        &["extract", "--url", "https://news.example/rain", "-"],
        Some(html.as_bytes()),
    );
    assert_eq!(from_stdin.status.code(), Some(0), "{}", stderr(&from_stdin));
    assert_eq!(
        json_without_timing(&from_file),
        json_without_timing(&from_stdin)
    );
}

#[test]
fn a_page_that_is_not_an_article_is_not_an_error() {
    let output = sift(
        &["extract", "--format", "text", "-"],
        Some(b"<html><body><nav><a href=\"/a\">A</a> <a href=\"/b\">B</a></nav></body></html>"),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).is_empty());
}

/// A one-page fixture folder and an empty corpus, for `sift eval`.
fn tiny_eval_setup(test: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(test);
    let case = dir.join("fixtures").join("rain");
    std::fs::create_dir_all(&case).expect("fixture folder");
    write(&case, "page.html", article_page("", "Rain due", ""));
    let gold = serde_json::json!({
        "url": "https://news.example/rain",
        "title": "Rain due",
        "byline": null,
        "published": null,
        "site_name": null,
        "is_article": true,
        "syndicated": false,
        "wire_source": null,
        "lead_repeated": false,
        "lead": null,
        "body_paragraphs": PARAGRAPHS,
        "must_not_contain": [PROMO],
        "images_keep": [],
        "images_drop": [],
    });
    write(&case, "gold.json", gold.to_string());
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    (dir.join("fixtures"), corpus)
}

#[test]
fn eval_json_reports_fixtures_and_corpus() {
    let (fixtures, corpus) = tiny_eval_setup("eval_json");
    let output = sift(
        &[
            "eval",
            "--fixtures",
            fixtures.to_str().unwrap(),
            "--corpus",
            corpus.to_str().unwrap(),
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(report["fixtures"]["total"], 1);
    assert_eq!(report["fixtures"]["pages"][0]["name"], "rain");
    // 3 paragraphs + 1 must_not_contain + syndicated + wire_source + is_article.
    let page = &report["fixtures"]["pages"][0];
    let checks = page["checks_passed"].as_u64().unwrap() + page["checks_failed"].as_u64().unwrap();
    assert_eq!(checks, 7, "{page}");
    assert_eq!(report["corpus"]["total"], 0);

    let output = sift(
        &[
            "eval",
            "--fixtures",
            fixtures.to_str().unwrap(),
            "--corpus",
            corpus.to_str().unwrap(),
            "--format",
            "summary",
        ],
        None,
    );
    let out = stdout(&output);
    assert!(out.contains("corpus: 0 pages\n"), "{out}");
    assert!(out.contains("fixtures: "), "{out}");
}

#[test]
fn eval_with_a_missing_folder_is_an_error() {
    let output = sift(&["eval", "--fixtures", "no/such/folder"], None);
    assert_usage_error(&output, "cannot read no/such/folder");
}

// ---------------------------------------------------------------------------------------------
// What a reader gets: needs a working engine.

#[test]
fn text_format_is_title_blank_line_body() {
    let dir = scratch("text");
    let page = write(
        &dir,
        "page.html",
        article_page("", "Rain due on Tuesday", ""),
    );
    let output = sift(&["extract", "--format", "text", &page], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.starts_with("Rain due on Tuesday\n\n"), "{out}");
    for paragraph in PARAGRAPHS {
        assert!(out.contains(paragraph), "missing {paragraph:?} in {out}");
    }
    assert!(!out.contains("WhatsApp"), "promo leaked: {out}");
    assert!(!out.contains("Contact us"), "footer leaked: {out}");
}

#[test]
fn stdin_dash_gives_the_article_text() {
    let html = article_page("", "Rain due on Tuesday", "");
    let output = sift(&["extract", "-f", "text", "-"], Some(html.as_bytes()));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.contains(PARAGRAPHS[1]), "{out}");
}

#[test]
fn windows_1252_page_declared_with_meta_charset_decodes() {
    let mut bytes = article_page(
        "<meta charset=\"windows-1252\">",
        "Caf\u{1}s reopen",
        "The caf\u{2} owner said: \u{3}We are back\u{4} \u{5} and so is the \u{6}5 coffee.",
    )
    .into_bytes();
    // Put windows-1252 bytes where the markers are: é, é, “, ”, –, €.
    for (marker, byte) in [
        (1u8, 0xe9u8),
        (2, 0xe9),
        (3, 0x93),
        (4, 0x94),
        (5, 0x96),
        (6, 0x80),
    ] {
        for b in bytes.iter_mut().filter(|b| **b == marker) {
            *b = byte;
        }
    }
    let output = sift(&["extract", "--format", "text", "-"], Some(&bytes));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.starts_with("Cafés reopen\n\n"), "{out}");
    assert!(
        out.contains("The café owner said: “We are back” – and so is the €5 coffee."),
        "{out}"
    );
    assert!(!out.contains('\u{fffd}'), "{out}");
}

/// Encodes text in windows-1251: ASCII as is, Cyrillic А–я as the contiguous block 0xC0–0xFF.
fn windows_1251(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\0'..='\x7f' => c as u8,
            'А'..='я' => 0xc0 + (c as u32 - 'А' as u32) as u8,
            _ => panic!("no windows-1251 byte for {c:?} in this test"),
        })
        .collect()
}

#[test]
fn windows_1251_page_shows_the_declaration_is_honoured() {
    // Undeclared legacy bytes would be read as windows-1252; only the <meta> makes this Cyrillic.
    let html = article_page(
        "<meta charset=\"windows-1251\">",
        "Дождь в горах",
        "Синоптики советуют взять зонт.",
    );
    let output = sift(
        &["extract", "--format", "text", "-"],
        Some(&windows_1251(&html)),
    );
    let out = stdout(&output);
    assert!(out.starts_with("Дождь в горах\n\n"), "{out}");
    assert!(out.contains("Синоптики советуют взять зонт."), "{out}");
}

#[test]
fn iso_8859_1_page_declared_with_http_equiv_decodes() {
    let html = article_page(
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">",
        "Se\u{1}or Mu\u{1}oz wins",
        "Ni\u{1}os sang.",
    );
    let bytes: Vec<u8> = html
        .bytes()
        .map(|b| if b == 1 { 0xf1 } else { b })
        .collect();
    let output = sift(&["extract", "--format", "text", "-"], Some(&bytes));
    let out = stdout(&output);
    assert!(out.starts_with("Señor Muñoz wins\n\n"), "{out}");
    assert!(out.contains("Niños sang."), "{out}");
}

#[test]
fn utf8_bom_is_not_part_of_the_page() {
    let dir = scratch("bom");
    let mut bytes = vec![0xef, 0xbb, 0xbf];
    bytes.extend(article_page("", "Naïve forecasts", "").into_bytes());
    let page = write(&dir, "page.html", &bytes);
    let output = sift(&["extract", "--format", "text", &page], None);
    let out = stdout(&output);
    assert!(out.starts_with("Naïve forecasts\n\n"), "{out:?}");
    assert!(!out.contains('\u{feff}'));
}

#[test]
fn jsonl_keeps_input_order() {
    let dir = scratch("jsonl_order");
    let files: Vec<String> = ["Alpha storm", "Bravo floods", "Charlie clears"]
        .iter()
        .enumerate()
        .map(|(i, title)| write(&dir, &format!("{i}.html"), article_page("", title, "")))
        .collect();
    let mut args = vec!["extract", "-f", "jsonl"];
    args.extend(files.iter().map(String::as_str));
    let out = stdout(&sift(&args, None));
    let titles: Vec<String> = out
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
            v["title"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    assert_eq!(titles, ["Alpha storm", "Bravo floods", "Charlie clears"]);
}

#[test]
fn html_output_escapes_a_hostile_title() {
    let dir = scratch("html_escape");
    let page = write(
        &dir,
        "page.html",
        article_page(
            "",
            "Rain &lt;script&gt;alert(1)&lt;/script&gt; &amp; floods",
            "",
        ),
    );
    let output = sift(&["extract", "--format", "html", &page], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.starts_with("<!DOCTYPE html>"), "{out}");
    assert!(out.contains("<meta charset=\"utf-8\">"));
    assert!(!out.contains("<script>alert"), "{out}");
    assert!(
        out.contains("<title>Rain &lt;script&gt;alert(1)&lt;/script&gt; &amp; floods</title>"),
        "{out}"
    );
    assert!(out.contains(PARAGRAPHS[0]), "{out}");
}

#[test]
fn markdown_output_has_the_title_and_paragraphs() {
    let html = article_page("", "Rain due on Tuesday", "");
    let output = sift(&["extract", "-f", "markdown", "-"], Some(html.as_bytes()));
    let out = stdout(&output);
    assert!(out.starts_with("# Rain due on Tuesday\n\n"), "{out}");
    assert!(out.contains(&format!("\n\n{}\n", PARAGRAPHS[2])), "{out}");
}
