//! Fuzzing the two doors hostile files come through: the registry-document
//! loader and the sheet importer. Inputs are the hand-made corpus in
//! tests/data/fuzz-corpus (and the bad imports) mutated at random, plus
//! well-formed workbooks with random cells. Every input must end in a
//! value or a clear error: no panic, no hang.
//!
//! Each target runs for PARKREG_FUZZ_SECONDS (default 5; CI sets 60).
//! A failure prints the seed; PARKREG_FUZZ_SEED repeats a run.

use parkreg_core::exchange::document;
use parkreg_core::exchange::workbook::import;
use parkreg_core::samples::sample_park;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The longest one input may take before it counts as a hang.
const SLOW: Duration = Duration::from_secs(10);

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn budget() -> Duration {
    let secs = std::env::var("PARKREG_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    Duration::from_secs(secs)
}

fn seed() -> u64 {
    std::env::var("PARKREG_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        })
}

fn corpus(dirs: &[&str]) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data");
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| {
            std::fs::read_dir(root.join(d))
                .unwrap()
                .map(|e| e.unwrap().path())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

const TOKENS: &[&[u8]] = &[
    b"null",
    b"-1",
    b"1e999",
    b"\"2013-02-30\"",
    b"\"\\u0000\"",
    b"[]",
    b"{}",
    b"\"\"",
    b"9223372036854775807",
    b"\"parkreg/1\"",
    b"\"u1\"",
    b"\"o1\"",
    b"true",
    b",",
    b"\"",
    b"\xff\xfe",
    "单位".as_bytes(),
];

/// One random change to `input`, sometimes spliced with `other`.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 if !out.is_empty() => {
                let end = (at + 1 + rng.below(64)).min(out.len());
                out.drain(at.min(end)..end);
            }
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, token.iter().copied());
            }
            3 => {
                let from = rng.below(other.len() + 1);
                let to = (from + rng.below(256)).min(other.len());
                out.splice(at..at, other[from..to].iter().copied());
            }
            4 => out.truncate(at),
            _ => {
                let bytes: Vec<u8> = (0..rng.below(16)).map(|_| rng.next() as u8).collect();
                out.splice(at..at, bytes);
            }
        }
    }
    out
}

/// Runs `target` on inputs from `make` until the time budget is spent.
fn fuzz(
    name: &str,
    mut make: impl FnMut(&mut Rng) -> Vec<u8>,
    target: impl Fn(&[u8]) + std::panic::RefUnwindSafe,
) {
    let seed = seed();
    let mut rng = Rng(seed);
    let until = Instant::now() + budget();
    let mut runs = 0u64;
    // The default panic message would interleave with ours; keep it quiet.
    while Instant::now() < until {
        let input = make(&mut rng);
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| target(&input));
        let took = started.elapsed();
        assert!(
            outcome.is_ok(),
            "{name}: panic on input of {} bytes (seed {seed}, run {runs})",
            input.len()
        );
        assert!(
            took < SLOW,
            "{name}: {took:?} on one input of {} bytes (seed {seed}, run {runs})",
            input.len()
        );
        runs += 1;
    }
    eprintln!("{name}: {runs} inputs, seed {seed}");
    assert!(runs > 0);
}

#[test]
fn fuzz_the_document_loader() {
    let corpus = corpus(&["fuzz-corpus/documents"]);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    // Every corpus file on its own first: refused cleanly or accepted.
    for input in &corpus {
        let _ = document::from_json(&String::from_utf8_lossy(input), today);
    }
    fuzz(
        "document",
        |rng| {
            let a = &corpus[rng.below(corpus.len())];
            let b = &corpus[rng.below(corpus.len())];
            mutate(rng, a, b)
        },
        |input| {
            if let Err(problems) = document::from_json(&String::from_utf8_lossy(input), today) {
                assert!(!problems.is_empty());
                assert!(problems.iter().all(|p| !p.message.is_empty()));
            }
        },
    );
}

fn import_bytes(dir: &Path, ext: &str, bytes: &[u8]) {
    let path = dir.join(format!("input.{ext}"));
    std::fs::write(&path, bytes).unwrap();
    match import::read_sheet(&path, import::UNITS) {
        Ok(sheet) => {
            let _ = import::plan(&sample_park(), &sheet, parkreg_core::today());
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

#[test]
fn fuzz_the_sheet_importer() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(&["fuzz-corpus/sheets", "bad-imports", "clerk-formats"]);
    fuzz(
        "sheet",
        |rng| {
            let a = &corpus[rng.below(corpus.len())];
            let b = &corpus[rng.below(corpus.len())];
            mutate(rng, a, b)
        },
        |input| {
            // Each reader: a zip as xlsx or ods, an OLE file as xls.
            let ext = match (input.first(), input.len() % 2) {
                (Some(b'P'), 0) => "xlsx",
                (Some(b'P'), _) => "ods",
                (Some(0xD0), _) => "xls",
                _ => "csv",
            };
            import_bytes(dir.path(), ext, input);
        },
    );
}

const CELLS: &[&str] = &[
    "",
    "示例公司",
    "-3",
    "3.5",
    "1e308",
    "2013-02-30",
    "2013年1月1日",
    "=1+1",
    "是",
    "否",
    "非公有制",
    "在建",
    "91110000600037341L",
    "91110000600037341A",
    "企业",
    "项目",
    "\u{0}",
    "　",
    "单位名称",
];

/// Well-formed workbooks with random headers and cells: the importer's
/// logic, not just the unzip, meets odd data.
#[test]
fn fuzz_the_importer_with_random_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let headers: Vec<&str> = parkreg_core::exchange::workbook::UNIT_COLUMNS
        .iter()
        .map(|c| c.header)
        .collect();
    fuzz(
        "workbook",
        |rng| {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            sheet
                .set_name(if rng.below(4) == 0 {
                    "其他"
                } else {
                    "单位"
                })
                .unwrap();
            let cols = 1 + rng.below(headers.len() + 2);
            for c in 0..cols {
                let h = if rng.below(8) == 0 {
                    CELLS[rng.below(CELLS.len())]
                } else {
                    headers[rng.below(headers.len())]
                };
                sheet.write_string(0, c as u16, h).unwrap();
            }
            for r in 1..=rng.below(30) {
                for c in 0..cols {
                    let (r, c) = (r as u32, c as u16);
                    match rng.below(4) {
                        0 => sheet
                            .write_number(r, c, (rng.next() as i64 % 2000) as f64 / 7.0)
                            .unwrap(),
                        1 => sheet
                            .write_datetime(
                                r,
                                c,
                                rust_xlsxwriter::ExcelDateTime::from_ymd(
                                    2000 + rng.below(30) as u16,
                                    1 + rng.below(12) as u8,
                                    1 + rng.below(28) as u8,
                                )
                                .unwrap(),
                            )
                            .unwrap(),
                        _ => sheet
                            .write_string(r, c, CELLS[rng.below(CELLS.len())])
                            .unwrap(),
                    };
                }
            }
            book.save_to_buffer().unwrap()
        },
        |input| import_bytes(dir.path(), "xlsx", input),
    );
}
