//! `sift`: the command-line shell over the Sift engine.
//!
//! `sift extract` cleans saved pages and prints them in one of several formats; `sift eval`
//! scores the engine on the fixtures and the Readability corpus. Errors print one line on
//! standard error and exit with status 2.

mod decode;
mod eval;
mod keyfacts;
mod markdown;
mod output;

use output::Format;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const HELP: &str = "\
sift: a reader view for news pages, built for syndicated (wire) stories

Usage:
  sift extract [OPTIONS] FILE...     Clean saved pages (\"-\" reads standard input)
  sift eval [OPTIONS]                Score the engine on the fixtures and the corpus
  sift help                          Show this text

Options for extract:
  -u, --url URL          The page's address (resolves relative links; default: none)
  -f, --format FORMAT    json (default), jsonl, html, text or markdown
  -o, --options FILE     Engine options as JSON, e.g. {\"no_images\": true}

Options for eval:
  --fixtures DIR         A fixtures folder (page.html + gold.json per case); repeatable.
                         Default: ../shared/fixtures/syndicated and tests/fixtures
  --corpus DIR           A Readability-style corpus folder.
                         Default: ../shared/corpus/readability
  -f, --format FORMAT    table (default), json or summary

Pages are read as bytes and decoded by their byte-order mark or <meta charset>, else as UTF-8.
A page that is not an article is not an error. Errors exit with status 2.

Examples:
  sift extract --format text page.html
  curl -s https://example.com/story | sift extract --url https://example.com/story -f html - > story.html
  sift extract -f jsonl pages/*.html
";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sift: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    match parser.next().map_err(|e| e.to_string())? {
        Some(Value(command)) => match command.to_string_lossy().as_ref() {
            "extract" => extract(&mut parser),
            "eval" => evaluate(&mut parser),
            "help" => emit(HELP),
            other => Err(format!("unknown command '{other}' (try 'sift --help')")),
        },
        Some(Short('h') | Long("help")) => emit(HELP),
        Some(Short('V') | Long("version")) => {
            emit(&format!("sift {}\n", env!("CARGO_PKG_VERSION")))
        }
        Some(other) => Err(format!("{} (try 'sift --help')", other.unexpected())),
        None => Err("no command given (try 'sift --help')".to_owned()),
    }
}

/// One input page.
struct Input {
    /// How errors name it.
    name: String,
    html: String,
}

fn extract(parser: &mut lexopt::Parser) -> Result<(), String> {
    use lexopt::prelude::*;
    let mut files: Vec<String> = Vec::new();
    let mut url: Option<String> = None;
    let mut format = Format::Json;
    let mut options_file: Option<PathBuf> = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('u') | Long("url") => url = Some(string_value(parser, "--url")?),
            Short('f') | Long("format") => {
                let name = string_value(parser, "--format")?;
                format = Format::parse(&name).ok_or_else(|| {
                    format!("unknown format '{name}' (expected {})", Format::NAMES)
                })?;
            }
            Short('o') | Long("options") => {
                options_file = Some(parser.value().map_err(|e| e.to_string())?.into());
            }
            Short('h') | Long("help") => return emit(HELP),
            Value(file) => files.push(file.to_string_lossy().into_owned()),
            other => return Err(other.unexpected().to_string()),
        }
    }
    if files.is_empty() {
        return Err("extract needs at least one FILE (or - for standard input)".to_owned());
    }
    let options = match &options_file {
        Some(path) => read_options(path)?,
        None => sift::Options::default(),
    };
    // Read every input before printing anything, so a missing file leaves no partial output.
    let inputs = files
        .iter()
        .map(|file| read_input(file))
        .collect::<Result<Vec<_>, _>>()?;
    let mut articles = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let article = sift::extract(&input.html, url.as_deref(), &options)
            .map_err(|e| format!("{}: {e}", input.name))?;
        articles.push(article);
    }
    emit(&output::render(format, &articles))
}

fn string_value(parser: &mut lexopt::Parser, flag: &str) -> Result<String, String> {
    parser
        .value()
        .map_err(|e| e.to_string())?
        .into_string()
        .map_err(|_| format!("the value of {flag} is not valid UTF-8"))
}

fn read_options(path: &Path) -> Result<sift::Options, String> {
    let json = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {}", path.display(), io_reason(&e)))?;
    serde_json::from_str(&json).map_err(|e| format!("bad options in {}: {e}", path.display()))
}

fn read_input(file: &str) -> Result<Input, String> {
    let (name, bytes) = if file == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {}", io_reason(&e)))?;
        ("standard input".to_owned(), bytes)
    } else {
        let bytes =
            std::fs::read(file).map_err(|e| format!("cannot read {file}: {}", io_reason(&e)))?;
        (file.to_owned(), bytes)
    };
    let decoded = decode::decode(&bytes);
    if decoded.source == decode::Source::Fallback {
        eprintln!(
            "sift: note: {name} declares no charset and is not UTF-8; read as {}",
            decoded.encoding.name()
        );
    }
    Ok(Input {
        name,
        html: decoded.text,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EvalFormat {
    Table,
    Json,
    Summary,
}

fn evaluate(parser: &mut lexopt::Parser) -> Result<(), String> {
    use lexopt::prelude::*;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut fixtures: Vec<PathBuf> = Vec::new();
    let mut corpus: Option<PathBuf> = None;
    let mut format = EvalFormat::Table;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("fixtures") => fixtures.push(parser.value().map_err(|e| e.to_string())?.into()),
            Long("corpus") => corpus = Some(parser.value().map_err(|e| e.to_string())?.into()),
            Short('f') | Long("format") => {
                let name = string_value(parser, "--format")?;
                format = match name.as_str() {
                    "table" => EvalFormat::Table,
                    "json" => EvalFormat::Json,
                    "summary" => EvalFormat::Summary,
                    _ => {
                        return Err(format!(
                            "unknown format '{name}' (expected table, json or summary)"
                        ));
                    }
                };
            }
            Short('h') | Long("help") => return emit(HELP),
            other => return Err(other.unexpected().to_string()),
        }
    }
    // Folders named on the command line must exist; the defaults are used when present.
    if fixtures.is_empty() {
        fixtures = [
            root.join("../shared/fixtures/syndicated"),
            root.join("tests/fixtures"),
        ]
        .into_iter()
        .filter(|dir| dir.is_dir())
        .collect();
    }
    let corpus = corpus
        .or_else(|| Some(root.join("../shared/corpus/readability")).filter(|dir| dir.is_dir()));
    let report = eval::run(&fixtures, corpus.as_deref())?;
    let text = match format {
        EvalFormat::Table => eval::table(&report),
        EvalFormat::Summary => eval::summary_lines(&report),
        EvalFormat::Json => {
            serde_json::to_string_pretty(&report).expect("the report always serializes") + "\n"
        }
    };
    emit(&text)
}

/// Writes to standard output. A closed pipe (`sift eval | head`) is not an error.
fn emit(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write output: {}", io_reason(&e))),
    }
}

/// An I/O error's reason without the "(os error N)" suffix.
pub fn io_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => text[..at].to_owned(),
        _ => text,
    }
}
