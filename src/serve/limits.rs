//! The limits every check runs under: the body's size, the request's time, and how many checks
//! run at once. A request over the concurrency limit is turned away at once with a 503 and a
//! `Retry-After`, never queued: a queue without a bound is memory without one, and a client
//! that retries shortly does better than one that waits in a line it cannot see.

use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, HttpBody as _};
use axum::http::{HeaderMap, header};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::problem::{Kind, Problem};

/// How long a client turned away as busy should wait, in seconds.
const RETRY_AFTER: u64 = 1;

/// The limits of one service.
pub struct Limits {
    /// The largest body read, in bytes.
    pub max_body: usize,
    /// The longest a request may take, body and check together.
    pub timeout: Duration,
    max_concurrent: usize,
    slots: Arc<Semaphore>,
}

/// A check slot, held from before the body is read until the check ends (even past a
/// timeout: the work cannot be stopped, so its slot is not given to another).
pub struct Slot(#[allow(dead_code)] OwnedSemaphorePermit);

/// How much of a refused body is still read, and dropped, before the 413 goes out, at most, and
/// for how long. A client still sending when the answer comes would otherwise lose it: a socket
/// closed with unread data is reset, and the reset discards the answer on the client's side. A
/// larger or slower body is cut off with its connection, as before.
const DRAIN_AT_MOST: usize = 1 << 20;
const DRAIN_TIME: Duration = Duration::from_secs(1);

/// Reads what is left of a refused body, within [`DRAIN_AT_MOST`] and [`DRAIN_TIME`].
async fn drain(body: &mut Body) {
    let read_rest = async {
        let mut read = 0usize;
        while let Some(Ok(frame)) = std::future::poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx)).await {
            if let Ok(data) = frame.into_data() {
                read += data.len();
                if read > DRAIN_AT_MOST {
                    break;
                }
            }
        }
    };
    let _ = tokio::time::timeout(DRAIN_TIME, read_rest).await;
}

impl Limits {
    /// Limits with `max_concurrent` check slots (at least one).
    pub fn new(max_body: usize, timeout: Duration, max_concurrent: usize) -> Limits {
        let max_concurrent = max_concurrent.max(1);
        Limits {
            max_body,
            timeout,
            max_concurrent,
            slots: Arc::new(Semaphore::new(max_concurrent)),
        }
    }

    /// A free slot, or the 503 that says there is none.
    pub fn slot(&self) -> Result<Slot, Problem> {
        Arc::clone(&self.slots).try_acquire_owned().map(Slot).map_err(|_| {
            Problem::new(
                Kind::Busy,
                format!(
                    "{} checks are running, as many as this service runs at once; try again shortly",
                    self.max_concurrent
                ),
            )
            .retry_after(RETRY_AFTER)
        })
    }

    /// The 504 of a request that ran out of time.
    pub fn timed_out(&self) -> Problem {
        Problem::new(
            Kind::Timeout,
            format!(
                "the request took longer than {} s, the most this service gives one",
                self.timeout.as_secs_f64()
            ),
        )
    }

    /// Reads a whole body, refusing one larger than `max_body` (by its `Content-Length` before
    /// reading anything, or as soon as it grows past the limit).
    pub async fn read_body(&self, headers: &HeaderMap, body: Body) -> Result<Vec<u8>, Problem> {
        let too_large = || {
            Problem::new(
                Kind::BodyTooLarge,
                format!(
                    "the body is larger than {} bytes, the most this service reads",
                    self.max_body
                ),
            )
        };
        let announced = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let mut body = body;
        if announced.is_some_and(|length| length > self.max_body as u64) {
            if announced.is_some_and(|length| length <= DRAIN_AT_MOST as u64) {
                drain(&mut body).await;
            }
            return Err(too_large());
        }
        // Frame by frame, so a body without a length stops being read at the limit.
        let mut bytes = Vec::with_capacity(announced.map_or(0, |n| n as usize));
        while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
            let frame = frame.map_err(|_| Problem::new(Kind::BadRequest, "the body could not be read to its end"))?;
            if let Ok(data) = frame.into_data() {
                if bytes.len() + data.len() > self.max_body {
                    drain(&mut body).await;
                    return Err(too_large());
                }
                bytes.extend_from_slice(&data);
            }
        }
        Ok(bytes)
    }

    /// Runs CPU-bound `work` on the blocking pool, off the threads that serve connections,
    /// keeping `slot` until it ends; a 504 if the request's time runs out first.
    pub async fn run<T: Send + 'static>(
        &self,
        slot: Slot,
        started: tokio::time::Instant,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Problem> {
        let mut task = tokio::task::spawn_blocking(move || {
            let _slot = slot;
            work()
        });
        match tokio::time::timeout_at(started + self.timeout, &mut task).await {
            Ok(Ok(done)) => Ok(done),
            Ok(Err(_)) => Err(Problem::new(Kind::Internal, "the check stopped before its end")),
            Err(_) => {
                // A check still waiting for a thread is dropped, and its slot with it; one
                // already running cannot be stopped and keeps its slot to its end.
                task.abort();
                Err(self.timed_out())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_service_turns_requests_away_with_retry_after() {
        let limits = Limits::new(10, Duration::from_secs(1), 2);
        let first = limits.slot().unwrap();
        let _second = limits.slot().unwrap();
        let refused = limits.slot().err().unwrap();
        assert_eq!(refused.kind(), Kind::Busy);
        let response = axum::response::IntoResponse::into_response(refused);
        assert_eq!(response.headers()[header::RETRY_AFTER], "1");
        drop(first);
        assert!(limits.slot().is_ok());
    }
}
