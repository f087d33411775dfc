//! The benchmark table: iterations to the first failure of every bug under each strategy
//! (median over 20 base seeds), and the length of the shrunk tape against the original.
//!
//! ```text
//! cargo test --release --test sim bugs::table -- --ignored --nocapture
//! ```

use simloop::Strategy;

use super::ALL;

/// Base seeds per cell.
const BASES: u64 = 20;
/// Iterations per exploration before a cell gives up.
const CAP: u64 = 5_000;

/// The median of the iterations to the first failure; `None` counts as more than the cap.
fn median(mut found: Vec<Option<u64>>) -> String {
    found.sort_by_key(|f| f.unwrap_or(u64::MAX));
    let mid = (found[found.len() / 2 - 1], found[found.len() / 2]);
    match mid {
        (Some(a), Some(b)) => format!("{}", (a + b).div_ceil(2)),
        _ => format!(">{CAP}"),
    }
}

fn median_of(mut values: Vec<usize>) -> usize {
    values.sort_unstable();
    values[values.len() / 2]
}

#[test]
#[ignore = "the full benchmark: run it in release, with --ignored --nocapture"]
fn table() {
    let strategies =
        [Strategy::Random, Strategy::Pct { depth: 3 }, Strategy::Fifo, Strategy::Portfolio];
    println!(
        "| bug | kind | random | pct:3 | fifo | portfolio | decisions: original → shrunk (off the default) |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | --- |");
    for bug in ALL {
        let mut cells = Vec::new();
        let (mut originals, mut shrunk, mut off) = (Vec::new(), Vec::new(), Vec::new());
        for strategy in strategies {
            let found: Vec<Option<u64>> = (1..=BASES)
                .map(|base| {
                    let failed = bug.explore(strategy, base, CAP)?;
                    if strategy == Strategy::Portfolio {
                        if let (Some(original), Some(tape)) =
                            (failed.original_tape(), failed.shrunk_tape())
                        {
                            originals.push(original.len());
                            shrunk.push(tape.len());
                            off.push(tape.non_default());
                        }
                    }
                    Some(failed.iteration().unwrap() + 1)
                })
                .collect();
            cells.push(median(found));
        }
        println!(
            "| {} | {} | {} | {} → {} ({}) |",
            bug.name,
            bug.kind,
            cells.join(" | "),
            median_of(originals),
            median_of(shrunk),
            median_of(off),
        );
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
