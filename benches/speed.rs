//! How long Sift takes per page, against the cost of parsing the HTML alone.
//!
//! For each corpus page (`../shared/corpus/readability/*/source.html`) it times
//! `scraper::Html::parse_document` (the floor: every extraction parses the page once) and
//! `sift::extract`, each with the freeing of what it made (`parse_page`, `extract_page`). Each
//! runs once to warm up and then `--runs` times (default 5), keeping the median per page. It then prints the median and 95th percentile over pages for both, the ratio
//! of the medians, and the totals.
//!
//! ```text
//! cargo bench --bench speed                    # every page
//! cargo bench --bench speed -- --pages 10      # the first 10 pages by name
//! cargo bench --bench speed -- --runs 9 --corpus DIR
//! cargo bench --bench speed -- --without-key-facts   # Options::key_facts off
//! cargo bench --bench speed -- --key-facts-cost      # what the key-facts stage adds
//! cargo bench --bench speed -- --key-facts-cost --rounds 5   # ... five times over, with the spread
//! ```
//!
//! `--key-facts-cost` times every page with and without the key-facts stage, the two runs
//! alternating so that a change in the machine's load hits both alike, and prints what the
//! stage adds: at the median page, over the medians, and in total.
//!
//! `cargo test --all-targets` also runs this file, without cargo's `--bench` flag and in the
//! unoptimized test profile; it then does a quick smoke run (3 pages, 1 run each) so the
//! benchmark is known to work without slowing the test suite down.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Settings {
    pages: Option<usize>,
    runs: usize,
    corpus: PathBuf,
    /// Extract with the key-facts stage (the default options) or without it.
    key_facts: bool,
    /// Compare extraction with and without key facts instead of against parsing.
    key_facts_cost: bool,
    /// How many times `--key-facts-cost` goes over every page (the spread between rounds shows
    /// how far the machine's noise moves the figures).
    rounds: usize,
    /// Run by `cargo test` rather than `cargo bench`.
    smoke: bool,
}

fn settings() -> Result<Settings, String> {
    let mut settings = Settings {
        pages: None,
        runs: 5,
        corpus: Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/readability"),
        key_facts: true,
        key_facts_cost: false,
        rounds: 1,
        smoke: !std::env::args().any(|a| a == "--bench"),
    };
    let mut runs_given = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
            None => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "--pages" => {
                settings.pages = Some(value()?.parse().map_err(|_| "--pages takes a number")?);
            }
            "--runs" => {
                let runs: usize = value()?.parse().map_err(|_| "--runs takes a number")?;
                settings.runs = runs.max(1);
                runs_given = true;
            }
            "--corpus" => settings.corpus = PathBuf::from(value()?),
            "--without-key-facts" => settings.key_facts = false,
            "--key-facts-cost" => settings.key_facts_cost = true,
            "--rounds" => {
                let rounds: usize = value()?.parse().map_err(|_| "--rounds takes a number")?;
                settings.rounds = rounds.max(1);
            }
            // Cargo passes `--bench` to every bench target; filters are not used here.
            "--bench" => {}
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            _ => {}
        }
    }
    if settings.smoke {
        settings.pages = Some(settings.pages.unwrap_or(3));
        if !runs_given {
            settings.runs = 1;
        }
    }
    Ok(settings)
}

fn median(values: &mut [Duration]) -> Duration {
    values.sort_unstable();
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2
    }
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    median(&mut samples)
}

/// The floor: one parse, and freeing the tree it made (as every extraction does too).
/// Not inlined, so that `scripts/instructions.sh` counts exactly what is timed here.
#[inline(never)]
fn parse_page(html: &str) {
    drop(black_box(scraper::Html::parse_document(black_box(html))));
}

/// One extraction, and freeing its result. Not inlined, like [`parse_page`].
#[inline(never)]
fn extract_page(html: &str, url: Option<&str>, options: &sift::Options) {
    drop(black_box(sift::extract(black_box(html), url, options)));
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

struct PageTime {
    name: String,
    bytes: usize,
    parse: Duration,
    extract: Duration,
}

fn main() {
    let settings = match settings() {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("speed: {message}");
            std::process::exit(2);
        }
    };
    let mut pages: Vec<PathBuf> = match std::fs::read_dir(&settings.corpus) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path().join("source.html"))
            .filter(|p| p.is_file())
            .collect(),
        Err(e) => {
            eprintln!("speed: cannot read {}: {e}", settings.corpus.display());
            std::process::exit(2);
        }
    };
    pages.sort();
    if settings.smoke {
        println!(
            "speed: smoke run (not under cargo bench); use `cargo bench --bench speed` for numbers"
        );
    }
    if let Some(limit) = settings.pages {
        pages.truncate(limit);
    }
    if pages.is_empty() {
        eprintln!("speed: no pages under {}", settings.corpus.display());
        std::process::exit(2);
    }

    if settings.key_facts_cost {
        let shares: Vec<f64> = (0..settings.rounds)
            .map(|_| key_facts_cost(&pages, settings.runs))
            .collect();
        if shares.len() > 1 {
            let mut sorted = shares.clone();
            sorted.sort_by(f64::total_cmp);
            let mean = shares.iter().sum::<f64>() / shares.len() as f64;
            println!(
                "over {} rounds, at the median page: mean {:+.1}%, median {:+.1}%, from {:+.1}% to {:+.1}%",
                shares.len(),
                mean * 100.0,
                sorted[sorted.len() / 2] * 100.0,
                sorted[0] * 100.0,
                sorted[sorted.len() - 1] * 100.0
            );
        }
        return;
    }
    let options = sift::Options {
        key_facts: settings.key_facts,
        ..sift::Options::default()
    };
    let url = Some("http://fakehost/test/page.html");
    let mut times = Vec::with_capacity(pages.len());
    for path in &pages {
        let bytes = std::fs::read(path).unwrap_or_default();
        let html = String::from_utf8_lossy(&bytes).into_owned();
        let parse = time(settings.runs, || parse_page(&html));
        let extract = time(settings.runs, || extract_page(&html, url, &options));
        let name = path
            .parent()
            .and_then(Path::file_name)
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        times.push(PageTime {
            name,
            bytes: html.len(),
            parse,
            extract,
        });
    }

    let mut parse: Vec<Duration> = times.iter().map(|t| t.parse).collect();
    let mut extract: Vec<Duration> = times.iter().map(|t| t.extract).collect();
    let total_parse: Duration = parse.iter().sum();
    let total_extract: Duration = extract.iter().sum();
    let parse_median = median(&mut parse);
    let extract_median = median(&mut extract);
    let total_bytes: usize = times.iter().map(|t| t.bytes).sum();

    println!(
        "speed: {} pages, {:.1} MiB, median of {} runs per page after one warm-up, key facts {}",
        times.len(),
        total_bytes as f64 / (1024.0 * 1024.0),
        settings.runs,
        if settings.key_facts { "on" } else { "off" }
    );
    println!(
        "parse only    median {:>10}   p95 {:>10}   total {:>11}",
        ms(parse_median),
        ms(percentile(&parse, 95.0)),
        ms(total_parse)
    );
    println!(
        "sift extract  median {:>10}   p95 {:>10}   total {:>11}",
        ms(extract_median),
        ms(percentile(&extract, 95.0)),
        ms(total_extract)
    );
    println!(
        "extract/parse ratio of medians {:.2}x, of totals {:.2}x",
        extract_median.as_secs_f64() / parse_median.as_secs_f64().max(1e-9),
        total_extract.as_secs_f64() / total_parse.as_secs_f64().max(1e-9)
    );
    times.sort_by_key(|t| std::cmp::Reverse(t.extract));
    println!("slowest pages (extract / parse):");
    for t in times.iter().take(5) {
        println!(
            "  {:<32} {:>10} / {:>10}  ({} KiB)",
            t.name,
            ms(t.extract),
            ms(t.parse),
            t.bytes / 1024
        );
    }
}

/// Times each page with and without key facts, alternating, and prints what the stage adds.
/// Returns what it adds at the median page (a fraction).
fn key_facts_cost(pages: &[PathBuf], runs: usize) -> f64 {
    let with = sift::Options::default();
    let without = sift::Options {
        key_facts: false,
        ..sift::Options::default()
    };
    let url = Some("http://fakehost/test/page.html");
    let mut base_times = Vec::with_capacity(pages.len());
    let mut full_times = Vec::with_capacity(pages.len());
    let mut shares = Vec::with_capacity(pages.len());
    for path in pages {
        let bytes = std::fs::read(path).unwrap_or_default();
        let html = String::from_utf8_lossy(&bytes).into_owned();
        let run = |options: &sift::Options| {
            let start = Instant::now();
            extract_page(&html, url, options);
            start.elapsed()
        };
        run(&without);
        run(&with);
        let (mut base, mut full) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
        for _ in 0..runs {
            base.push(run(&without));
            full.push(run(&with));
        }
        let (b, f) = (median(&mut base), median(&mut full));
        base_times.push(b);
        full_times.push(f);
        shares.push(f.as_secs_f64() / b.as_secs_f64().max(1e-9) - 1.0);
    }
    let total_base: Duration = base_times.iter().sum();
    let total_full: Duration = full_times.iter().sum();
    let (base_median, full_median) = (median(&mut base_times), median(&mut full_times));
    shares.sort_by(f64::total_cmp);
    let median_share = shares[shares.len() / 2];
    println!(
        "key facts cost: {} pages, median of {} alternating runs per page after one warm-up",
        pages.len(),
        runs
    );
    println!(
        "without key facts  median {:>10}   total {:>11}",
        ms(base_median),
        ms(total_base)
    );
    println!(
        "with key facts     median {:>10}   total {:>11}",
        ms(full_median),
        ms(total_full)
    );
    println!(
        "key facts add: {:+.1}% at the median page, {:+.1}% over the medians, {:+.1}% in total",
        median_share * 100.0,
        (full_median.as_secs_f64() / base_median.as_secs_f64().max(1e-9) - 1.0) * 100.0,
        (total_full.as_secs_f64() / total_base.as_secs_f64().max(1e-9) - 1.0) * 100.0
    );
    median_share
}
