//! [`buggify!`]: seeded fault injection at a call site.

/// `true` at rare, seeded moments inside a simulation: a hook to inject faults where code
/// can take an unusual path (FoundationDB's `BUGGIFY`).
///
/// ```
/// # async fn send(_: &str) -> Result<(), &'static str> { Ok(()) }
/// # simloop::Sim::new(1).run(async {
/// # let _sent: Result<(), &str> = async {
/// if simloop::buggify!() {
///     return Err("connection reset"); // the rare path, exercised on purpose
/// }
/// send("ping").await
/// # }.await;
/// # });
/// ```
///
/// Outside a simulation it is always `false`, so the hook can stay in production code.
/// Inside one, each call site (file, line and column) is **enabled** for the run with
/// probability 1/4 the first time it is reached; an enabled site then **fires** 1/4 of the
/// times it is reached. So most runs see a site never fire, and some see it fire often,
/// which reaches both rare single faults and fault storms.
///
/// # Determinism
///
/// Both draws come from the simulation's `faults` stream, which nothing else uses: a run
/// without `buggify!` is the run it always was, and adding a site does not change the
/// schedule of the rest. They are decisions like any other: entries of the tape (`0` = not
/// enabled, did not fire), so a shrunk tape keeps only the faults the failure needs, and the
/// trace shows each firing as `buggify! fired at <site>`.
///
/// # Examples
///
/// ```
/// use simloop::Sim;
///
/// assert!(!simloop::buggify!()); // outside a simulation
///
/// // Under some seeds the site fires, under others not; each seed always does the same.
/// let fired = |seed| Sim::with_exact_seed(seed).run(async {
///     (0..8).filter(|_| simloop::buggify!()).count()
/// });
/// let counts: Vec<usize> = (0..64).map(fired).collect();
/// assert!(counts.iter().any(|n| *n == 0) && counts.iter().any(|n| *n > 0));
/// assert_eq!(counts, (0..64).map(fired).collect::<Vec<_>>());
/// ```
#[macro_export]
macro_rules! buggify {
    () => {
        $crate::__private::buggify()
    };
}
