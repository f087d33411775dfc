// The attribute explores an `async fn`: a plain `fn` is refused.

#[simloop::test]
fn explores() {
    assert_eq!(1 + 1, 2);
}

fn main() {}
