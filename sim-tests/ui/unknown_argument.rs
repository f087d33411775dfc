// An argument that does not exist, a misspelt one, and a repeated one.

#[simloop::test(iteration = 10, threads = 2, threads = 4, shrink = true)]
async fn explores() {}

fn main() {}
