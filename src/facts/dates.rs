//! Date phrases ("on Tuesday", "Mar 4", "February 2022", "last week", "fiscal 2028") and what
//! they name, resolved against the publication date.

use super::lists::{Memo, lists};
use super::tokens::{Doc, Loc};

/// One date phrase: where it is and the ISO date or interval it names, if known.
#[derive(Debug, Clone)]
pub struct Found {
    pub loc: Loc,
    pub date: Option<String>,
}

/// A civil date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub y: i64,
    pub m: u32,
    pub d: u32,
}

impl Day {
    /// Reads the date at the start of an ISO 8601 stamp (`2025-02-17T14:12:09+05:30`).
    pub fn parse(s: &str) -> Option<Day> {
        let s = s.trim();
        let y = s.get(0..4)?.parse().ok()?;
        let m = s.get(5..7)?.parse().ok()?;
        let d = s.get(8..10)?.parse().ok()?;
        (s.as_bytes().get(4) == Some(&b'-') && (1..=12).contains(&m) && (1..=31).contains(&d))
            .then_some(Day { y, m, d })
    }

    fn days(self) -> i64 {
        let y = if self.m <= 2 { self.y - 1 } else { self.y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_days(z: i64) -> Day {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Day {
            y: yoe + era * 400 + i64::from(m <= 2),
            m,
            d,
        }
    }

    fn plus(self, n: i64) -> Day {
        Day::from_days(self.days() + n)
    }

    /// ISO weekday, Monday 1 … Sunday 7.
    fn weekday(self) -> i64 {
        (self.days() + 3).rem_euclid(7) + 1
    }

    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

fn month_len(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn month_of(w: &str) -> Option<u32> {
    lists()
        .months
        .get(w.trim_end_matches('.'))
        .and_then(|v| v.parse().ok())
}

fn day_number(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(['.']);
    let digits = ["st", "nd", "rd", "th", "er"]
        .iter()
        .find_map(|s| digits.strip_suffix(s))
        .unwrap_or(digits);
    let n: u32 = digits.parse().ok()?;
    (1..=31).contains(&n).then_some(n)
}

fn year_number(w: &str) -> Option<i64> {
    let n: i64 = w.parse().ok()?;
    (w.len() == 4 && (1800..=2100).contains(&n)).then_some(n)
}

/// Finds the date phrases of the article, in order.
pub fn find(doc: &Doc, published: Option<&str>) -> Vec<Found> {
    let l = lists();
    let now = published.and_then(Day::parse);
    let english = doc.english();
    let mut out: Vec<Found> = Vec::new();
    for sent in &doc.sents {
        if doc.skip[sent.block] {
            continue;
        }
        let (lo, hi) = (sent.toks.start, sent.toks.end);
        // Whether the sentence speaks of the future, asked only once a date is found.
        let future_cell = std::cell::OnceCell::new();
        let future = || *future_cell.get_or_init(|| (lo..hi).any(|t| doc.listed(t, &l.future)));
        let word = |t: usize| (t < hi).then(|| doc.word(t));
        let next_to = |t: usize| t + 1 < hi && doc.gap(t, t + 1).trim().is_empty();
        let mut t = lo;
        while t < hi {
            let w = doc.word(t);
            // Most words start no date: skip them before trying every pattern.
            let digit = w.starts_with(|c: char| c.is_ascii_digit());
            if !digit
                && !w.starts_with("FY")
                && !doc.check(t, Memo::DATE_START, |w| l.date_start(w))
            {
                t += 1;
                continue;
            }
            let lower: std::borrow::Cow<str> = if w.chars().any(char::is_uppercase) {
                w.to_lowercase().into()
            } else {
                w.into()
            };
            let mut found: Option<(usize, usize, Option<String>)> = None;
            // Relative phrases, longest first: "last week", "earlier this month", "hier".
            let starts = l.relative.starts(&lower);
            for n in (1..=l.relative.longest).rev().filter(|_| starts) {
                if t + n > hi {
                    continue;
                }
                let phrase = (t..t + n)
                    .map(|k| doc.word(k).to_lowercase())
                    .collect::<Vec<_>>()
                    .join(" ");
                if let Some(v) = l.relative.get(&phrase) {
                    found = Some((t, t + n - 1, now.and_then(|d| relative(d, v))));
                    break;
                }
            }
            if found.is_none() {
                if let Some(wd) = l.weekdays.get(w).and_then(|v| v.parse::<i64>().ok()) {
                    // "Saturday, May 24" is read as the date that follows.
                    let mut s = t;
                    if english && t > lo && doc.listed(t - 1, &l.weekday_leads) {
                        s = t - 1;
                    }
                    let resolved = now.map(|d| {
                        // "last Friday" is behind, "next Friday" ahead; else the tense says.
                        let ahead = match shift(doc.word(s)) {
                            Some(k) if k != 0 => k > 0,
                            _ => future(),
                        };
                        weekday(d, wd, ahead)
                    });
                    found = Some((s, t, resolved.map(Day::iso)));
                } else if let Some(m) =
                    month_of(w).filter(|_| !w.chars().all(|c| c.is_ascii_digit()))
                {
                    found = month_phrase(doc, t, m, lo, hi, now, future());
                } else if let Some(d) = day_number(w) {
                    // "4 mar", "19 février 2025", "4. März".
                    if let Some(m) = word(t + 1).and_then(month_of).filter(|_| next_to(t)) {
                        let (end, y) = match word(t + 2).and_then(year_number) {
                            Some(y) if next_to(t + 1) => (t + 2, Some(y)),
                            _ => (t + 1, None),
                        };
                        let y = y.or_else(|| now.map(|n| nearest_year(n, m)));
                        found = Some((t, end, y.map(|y| Day { y, m, d }.iso())));
                    }
                }
                if found.is_none() && doc.listed(t, &l.holidays) && is_cap(w) {
                    found = Some((t, t, None));
                }
                if found.is_none() {
                    found = year_phrase(doc, t, lo, hi, now);
                }
            }
            match found {
                Some((s, e, date)) => {
                    out.push(Found {
                        loc: doc.loc(s, e),
                        date,
                    });
                    t = e + 1;
                }
                None => t += 1,
            }
            let _ = &lower;
        }
    }
    out
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// "May 24", "Nov. 30, 2024", "February 2022", "last August", "in June".
/// How many years `word` moves a date from the published one ("last" -1, "next" 1), if any.
fn shift(word: &str) -> Option<i64> {
    lists().year_shifts.get(word).and_then(|v| v.parse().ok())
}

fn month_phrase(
    doc: &Doc,
    t: usize,
    m: u32,
    lo: usize,
    hi: usize,
    now: Option<Day>,
    future: bool,
) -> Option<(usize, usize, Option<String>)> {
    let w = doc.word(t);
    // Without a year: the next one in a sentence about the future, else the nearest.
    let year_of = |n: Day, d: u32| {
        if future && (m, d) < (n.m, n.d) {
            n.y + 1
        } else if future {
            n.y
        } else {
            nearest_year(n, m)
        }
    };
    let gap_ok = |a: usize| {
        a + 1 < hi
            && doc
                .gap(a, a + 1)
                .trim_matches(|c: char| c == '.' || c.is_whitespace())
                .is_empty()
    };
    let day = (t + 1 < hi && gap_ok(t))
        .then(|| day_number(doc.word(t + 1)))
        .flatten();
    if let Some(d) = day {
        let year = (t + 2 < hi && doc.gap(t + 1, t + 2).trim() == ",")
            .then(|| year_number(doc.word(t + 2)))
            .flatten();
        let y = year.or_else(|| now.map(|n| year_of(n, d)));
        let end = if year.is_some() { t + 2 } else { t + 1 };
        return Some((
            t,
            end,
            y.filter(|&y| d <= month_len(y, m))
                .map(|y| Day { y, m, d }.iso()),
        ));
    }
    if let Some(y) = (t + 1 < hi && gap_ok(t))
        .then(|| year_number(doc.word(t + 1)))
        .flatten()
    {
        return Some((t, t + 1, Some(format!("{y:04}-{m:02}"))));
    }
    // A month alone: only full names, and "May" (or "mars", "Mai") only after a preposition.
    let l = lists();
    let prev = (t > lo).then(|| doc.word(t - 1));
    let prep = t > lo && doc.listed(t - 1, &l.month_leads);
    let full = w.chars().count() > 4 && !w.ends_with('.');
    let ambiguous = doc.listed(t, &l.ambiguous_months);
    if !(prep || (full && !ambiguous && (is_cap(w) || !doc.english()))) {
        return None;
    }
    let lead = t > lo
        && (doc.listed(t - 1, &l.period_modifiers)
            || shift(doc.word(t - 1)).is_some_and(|k| k != 0));
    let start = if lead { t - 1 } else { t };
    // "in August last year".
    let years_on = (t + 2 < hi
        && doc.adjacent(t)
        && doc.adjacent(t + 1)
        && doc.word(t + 2).eq_ignore_ascii_case("year"))
    .then(|| shift(doc.word(t + 1)))
    .flatten();
    if let Some(k) = years_on {
        let date = now.map(|n| format!("{:04}-{m:02}", n.y + k));
        return Some((start, t + 2, date));
    }
    let date = now.map(|n| {
        let y = match prev.map(shift) {
            Some(Some(k)) if k < 0 => {
                if m < n.m {
                    n.y
                } else {
                    n.y - 1
                }
            }
            Some(Some(k)) if k > 0 => {
                if m > n.m {
                    n.y
                } else {
                    n.y + 1
                }
            }
            _ => year_of(n, 1),
        };
        format!("{y:04}-{m:02}")
    });
    Some((start, t, date))
}

/// "1936", "the 1930s", "early 1990s", "fiscal 2028", "2025-26", "FY26", "années 1970".
fn year_phrase(
    doc: &Doc,
    t: usize,
    lo: usize,
    hi: usize,
    _now: Option<Day>,
) -> Option<(usize, usize, Option<String>)> {
    let w = doc.word(t);
    let l = lists();
    let widen = |s: usize| {
        if t > lo && (doc.listed(t - 1, &l.period_modifiers) || doc.listed(t - 1, &l.year_leads)) {
            s - 1
        } else {
            s
        }
    };
    // Not a year inside an amount ("$2020", "2020 tons" is still a year; "2,020" is not).
    let before = &doc.blocks[doc.toks[t].block()][..doc.toks[t].start()];
    if before.ends_with(['$', '£', '€', '¥', '₹'])
        || (t + 1 < hi && doc.listed(t + 1, &lists().percent))
    {
        return None;
    }
    if let Some(y) = year_number(w) {
        return Some((widen(t), t, Some(format!("{y:04}"))));
    }
    if let Some(decade) = w
        .strip_suffix('s')
        .and_then(year_number)
        .filter(|y| y % 10 == 0)
    {
        return Some((widen(t), t, Some(format!("{decade:04}/{:04}", decade + 9))));
    }
    if let Some((a, b)) = w.split_once(['-', '/']) {
        if let (Some(y), Ok(n)) = (year_number(a), b.parse::<i64>()) {
            if b.len() == 2 && n == (y + 1) % 100 {
                return Some((widen(t), t, None));
            }
        }
    }
    if let Some(n) = w
        .strip_prefix("FY")
        .filter(|n| (n.len() == 2 || n.len() == 4) && n.chars().all(|c| c.is_ascii_digit()))
    {
        let _ = n;
        return Some((t, t, None));
    }
    let _ = hi;
    None
}

/// The year that puts month `m` nearest to `now`.
fn nearest_year(now: Day, m: u32) -> i64 {
    let diff = i64::from(m) - i64::from(now.m);
    if diff > 6 {
        now.y - 1
    } else if diff < -6 {
        now.y + 1
    } else {
        now.y
    }
}

/// The weekday `wd` (1–7) nearest `now`: the next one (today included) in a sentence about
/// the future, else the last one (today included).
fn weekday(now: Day, wd: i64, future: bool) -> Day {
    let today = now.weekday();
    if future {
        now.plus((wd - today).rem_euclid(7))
    } else {
        now.plus(-(today - wd).rem_euclid(7))
    }
}

/// Resolves a relative phrase's offset (`-7w`, `+1d`, `-1y`, `0m`, `0e`).
fn relative(now: Day, v: &str) -> Option<String> {
    let unit = v.chars().last()?;
    let n: i64 = v[..v.len() - 1].trim_start_matches('+').parse().ok()?;
    Some(match unit {
        'd' => now.plus(n).iso(),
        'w' => {
            let monday = now.plus(n - (now.weekday() - 1));
            format!("{}/{}", monday.iso(), monday.plus(6).iso())
        }
        'e' => {
            let saturday = now.plus(n + (6 - now.weekday()));
            format!("{}/{}", saturday.iso(), saturday.plus(1).iso())
        }
        'm' => {
            let months = now.y * 12 + i64::from(now.m) - 1 + n;
            format!(
                "{:04}-{:02}",
                months.div_euclid(12),
                months.rem_euclid(12) + 1
            )
        }
        'y' => format!("{:04}", now.y + n),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str, published: &str) -> Vec<(String, Option<String>)> {
        let doc = Doc::new(text, Some("en".into()));
        find(&doc, Some(published))
            .into_iter()
            .map(|f| {
                (
                    doc.blocks[f.loc.block][f.loc.start..f.loc.end].to_string(),
                    f.date,
                )
            })
            .collect()
    }

    #[test]
    fn weekdays_follow_the_tense() {
        // Published on Monday 2025-02-17.
        let got = dates(
            "Officials will meet on Tuesday. He called them last week and spoke on Sunday. They fly on Monday.",
            "2025-02-17T14:12:09+05:30",
        );
        let want = [
            ("on Tuesday", Some("2025-02-18")),
            ("last week", Some("2025-02-10/2025-02-16")),
            ("on Sunday", Some("2025-02-16")),
            ("on Monday", Some("2025-02-17")),
        ];
        assert_eq!(
            got,
            want.map(|(t, d)| (t.to_string(), d.map(str::to_string)))
        );
    }

    #[test]
    fn months_years_and_fiscal_years() {
        let got = dates(
            "It began in February 2022. It reopens on Saturday, May 24, and shut Nov. 30, 2024. \
             Revenue may grow in 2025-26 and FY26, unlike the early 1990s or 1936. Sales rose in June. \
             Prices rose 2.5 percent. It costs $2020.",
            "2025-03-12T14:30:00+00:00",
        );
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "February 2022",
                "on Saturday",
                "May 24",
                "Nov. 30, 2024",
                "2025-26",
                "FY26",
                "early 1990s",
                "1936",
                "in June"
            ]
            .map(|s| s.trim_start_matches("in "))
        );
        assert_eq!(got[0].1.as_deref(), Some("2022-02"));
        assert_eq!(got[2].1.as_deref(), Some("2025-05-24"));
        assert_eq!(got[3].1.as_deref(), Some("2024-11-30"));
        assert_eq!(got[6].1.as_deref(), Some("1990/1999"));
    }

    #[test]
    fn other_languages() {
        let doc = Doc::new(
            "Madrid, 4 mar (EFE).- La AEML lo presentó este martes. Il a fermé jeudi.",
            Some("es".into()),
        );
        let found: Vec<&str> = find(&doc, Some("2025-03-04"))
            .iter()
            .map(|f| &doc.blocks[0][f.loc.start..f.loc.end])
            .collect();
        assert_eq!(found, ["4 mar", "martes", "jeudi"]);
    }

    #[test]
    fn civil_arithmetic() {
        let d = Day::parse("2024-02-28").unwrap();
        assert_eq!(d.plus(1).iso(), "2024-02-29");
        assert_eq!(d.plus(2).iso(), "2024-03-01");
        assert_eq!(Day::parse("2025-02-17").unwrap().weekday(), 1);
        assert_eq!(relative(d, "-1m").as_deref(), Some("2024-01"));
    }
}
