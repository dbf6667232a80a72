//! The macro through the runtime's re-export (the default `macros` feature of `tcapi`).

mod gse {
    tcapi::include_spec!("../specs/gse/2019-11-12.yaml", actions = ["JoinGameServerSessionBatch"]);
}

fn main() {
    assert_eq!(<gse::JoinGameServerSessionBatchRequest as tcapi::Action>::META.name, "JoinGameServerSessionBatch");
    assert_eq!(gse::SERVICE.version, "2019-11-12");
}
