// Values of the wrong type or out of range, an unknown strategy, and a function that cannot
// be called anew for every run.

#[simloop::test(iterations = "many", strategy = "lifo", threads = 0)]
async fn explores() {}

#[simloop::test(seed)]
async fn takes_arguments(x: u32) -> u32 {
    x
}

fn main() {}
