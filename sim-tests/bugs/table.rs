//! The benchmark table: iterations to the first failure of every bug under each strategy
//! (median over 20 base seeds), and the decisions off the default order of the failing and
//! the shrunk schedules.
//!
//! ```text
//! cargo test --release --test sim bugs::table -- --ignored --nocapture
//! ```
//!
//! Shuttle's side of the table (the same programs, `programs/`, under shuttle's random and
//! PCT schedulers) is `cargo bench --bench shuttle`.

use simloop::{ExploreFailure, Strategy};

use super::{ALL, Bug, SHRUNK_AT_MOST};

/// Base seeds per cell.
const BASES: u64 = 20;
/// Iterations per exploration before a cell gives up.
const CAP: u64 = 5_000;

/// The strategies of the table. `Dfs` does not depend on the base seed: its cell is the
/// number of schedules run until the first failure, the same for every base seed.
const STRATEGIES: [Strategy; 7] = [
    Strategy::Random,
    Strategy::Pct { depth: 3 },
    Strategy::DelayBounded { delays: 2 },
    Strategy::Pos,
    Strategy::Fifo,
    Strategy::Dfs { preemptions: 3 },
    Strategy::Portfolio,
];

/// The median of the iterations to the first failure; `None` counts as more than the cap.
fn median(found: &[Option<u64>]) -> Option<u64> {
    let mut found = found.to_vec();
    found.sort_by_key(|f| f.unwrap_or(u64::MAX));
    match (found[found.len() / 2 - 1], found[found.len() / 2]) {
        (Some(a), Some(b)) => Some((a + b).div_ceil(2)),
        _ => None,
    }
}

fn cell(median: Option<u64>) -> String {
    median.map_or(format!(">{CAP}"), |m| m.to_string())
}

fn median_of(mut values: Vec<usize>) -> usize {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or(0)
}

/// One exploration of the table: the failure, if found within the cap.
fn explore(bug: &Bug, strategy: Strategy, base: u64) -> Option<ExploreFailure> {
    bug.explore(strategy, base, CAP)
}

#[test]
#[ignore = "the full benchmark: run it in release, with --ignored --nocapture"]
fn table() {
    let names: Vec<String> = STRATEGIES.iter().map(ToString::to_string).collect();
    println!(
        "| bug | kind | {} | best | off the default: failing → shrunk, median (max) | failure |",
        names.join(" | ")
    );
    println!("| --- | --- |{} ---: | --- | --- |", " ---: |".repeat(STRATEGIES.len()));
    let mut long = Vec::new();
    for bug in ALL {
        let mut cells = Vec::new();
        let mut best: Option<(u64, Strategy)> = None;
        let (mut originals, mut shrunk, mut kinds) = (Vec::new(), Vec::new(), Vec::new());
        for strategy in STRATEGIES {
            let bases = if matches!(strategy, Strategy::Dfs { .. }) { 1 } else { BASES };
            let found: Vec<Option<u64>> = (1..=bases)
                .map(|base| {
                    let failed = explore(&bug, strategy, base)?;
                    if let (Some(original), Some(tape)) =
                        (failed.original_tape(), failed.shrunk_tape())
                    {
                        originals.push(original.non_default());
                        shrunk.push(tape.non_default());
                        if tape.non_default() > SHRUNK_AT_MOST {
                            let words: Vec<&str> = tape.differences().collect();
                            long.push(format!(
                                "{} {strategy} base {base}: {tape} {words:?}",
                                bug.name
                            ));
                        }
                    }
                    let kind = format!("{:?}", failed.failure().kind());
                    if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                    Some(failed.iteration().unwrap() + 1)
                })
                .collect();
            let found = if bases == 1 { vec![found[0]; 2] } else { found };
            let m = median(&found);
            if let Some(m) = m {
                if best.is_none_or(|(b, _)| m < b) {
                    best = Some((m, strategy));
                }
            }
            cells.push(cell(m));
        }
        let best = best.map_or("none".to_owned(), |(m, s)| format!("{m} ({s})"));
        let max = shrunk.iter().max().copied().unwrap_or(0);
        println!(
            "| {} | {} | {} | {best} | {} → {} ({max}) | {} |",
            bug.name,
            bug.kind,
            cells.join(" | "),
            median_of(originals),
            median_of(shrunk),
            kinds.join(", "),
        );
    }
    for line in &long {
        println!("longer than {SHRUNK_AT_MOST}: {line}");
    }
}

/// The iterations each bug takes from the default base seed, which the `random_within`
/// bounds of the bug files are set from.
#[test]
#[ignore = "prints the bounds the bug tests assert: run it with --ignored --nocapture"]
fn bounds() {
    for bug in ALL {
        let found = |strategy| {
            let failed = bug.explore(strategy, simloop::Explorer::DEFAULT_BASE_SEED, CAP);
            failed.map_or(format!(">{CAP}"), |f| (f.iteration().unwrap() + 1).to_string())
        };
        let (random, portfolio) = (found(Strategy::Random), found(Strategy::Portfolio));
        println!(
            "{}: random {random} (bound {}), portfolio {portfolio}",
            bug.name, bug.random_within
        );
    }
}
