use std::time::Duration;

use super::*;

#[allow(clippy::ptr_arg)] // the signature `Waiter::states` takes for a `Vec` response
fn states(r: &Vec<String>) -> Vec<String> {
    r.clone()
}

fn running() -> Waiter<Vec<String>> {
    Waiter::states(
        "InstanceRunning",
        states,
        &["RUNNING"],
        &["LAUNCH_FAILED"],
        false,
    )
}

fn of(s: &[&str]) -> Vec<String> {
    s.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn state_checks() {
    let w = running();
    assert_eq!(w.check(&of(&["RUNNING", "RUNNING"])), Check::Done);
    assert_eq!(
        w.check(&of(&["RUNNING", "PENDING"])),
        Check::Waiting(Some("PENDING".into()))
    );
    assert_eq!(
        w.check(&of(&["PENDING", "LAUNCH_FAILED"])),
        Check::Failed("LAUNCH_FAILED".into())
    );
    assert_eq!(w.check(&of(&[])), Check::Waiting(None));
    let gone = Waiter::states("Gone", states, &["TERMINATED"], &[], true);
    assert_eq!(gone.check(&of(&[])), Check::Done);
    let w = running().fail_if(|r: &Vec<String>| r.first().filter(|s| *s == "X").cloned());
    assert_eq!(w.check(&of(&["X"])), Check::Failed("X".into()));
}

#[test]
fn the_interval_grows_to_its_largest() {
    let w = running()
        .interval(Duration::from_secs(2))
        .backoff(2.0)
        .max_interval(Duration::from_secs(5));
    let a = w.next_interval(Duration::from_secs(2));
    assert_eq!(a, Duration::from_secs(4));
    assert_eq!(w.next_interval(a), Duration::from_secs(5));
    assert_eq!(w.clone().backoff(f64::NAN).backoff, 1.0);
}

#[cfg(feature = "mock")]
mod against_the_mock;
