// Settings of the wrong form: a duration without its unit, an unknown detector, an unknown
// policy, a watchdog that is neither a duration nor "off", a policy without its parentheses.

#[simloop::test(max_time = "1 hour", policy(leaks = "warn", slow_poll = "loud"))]
async fn explores() {}

#[simloop::test(watchdog = 30, policy = "warn")]
async fn watches() {}

fn main() {}
