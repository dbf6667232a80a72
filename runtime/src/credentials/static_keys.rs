//! Static keys: [`Credentials`] are their own provider.

use super::{Credentials, ProvideCredentials, ProvideFuture};

/// Always the same keys (permanent keys, or temporary ones until they expire).
impl ProvideCredentials for Credentials {
    fn provide(&self) -> ProvideFuture<'_> {
        let keys = self.clone();
        Box::pin(std::future::ready(Ok(keys)))
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use super::*;

    #[test]
    fn static_keys_are_ready_at_once() {
        let keys = Credentials::new("AKIDstatic", "key").unwrap();
        let mut fut = pin!(keys.provide());
        let mut cx = Context::from_waker(Waker::noop());
        match fut.as_mut().poll(&mut cx) {
            Poll::Ready(Ok(c)) => assert_eq!(c, keys),
            other => panic!("{other:?}"),
        }
    }
}
