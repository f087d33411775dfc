//! The compile errors of `#[simloop::test]` misuse, pinned by trybuild: each case in
//! `sim-tests/ui/` with the committed `.stderr` it must produce. After a deliberate change to
//! a message, regenerate them with `TRYBUILD=overwrite cargo test --test sim macro_ui` and
//! review the diff.

#[test]
fn misuse_is_a_compile_error_on_the_offending_token() {
    trybuild::TestCases::new().compile_fail("sim-tests/ui/*.rs");
}
