// `#[simloop::test]` already makes a test: a second `#[test]` is refused.

#[simloop::test]
#[test]
async fn explores() {}

fn main() {}
