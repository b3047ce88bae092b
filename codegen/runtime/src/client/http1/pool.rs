//! Idle connections kept for the next request to the same scheme, host and port.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::conn::{Conn, Target};

/// How long a connection may lie idle before it is closed (as hyper's pool, and aws-sdk-rust's
/// default client, keep them).
const IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// The most idle connections kept per target.
const MAX_IDLE_PER_TARGET: usize = 32;

#[derive(Debug, Default)]
pub(super) struct Pool {
    idle: Mutex<HashMap<Target, Vec<(Conn, Instant)>>>,
}

impl Pool {
    /// The most recently used idle connection to `target` that still looks open; older ones
    /// past the idle timeout, and closed ones, are dropped on the way.
    pub(super) fn take(&self, target: &Target) -> Option<Conn> {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        let conns = idle.get_mut(target)?;
        let now = Instant::now();
        conns.retain(|(_, since)| now.duration_since(*since) < IDLE_TIMEOUT);
        while let Some((conn, _)) = conns.pop() {
            if conn.looks_open() {
                return Some(conn);
            }
        }
        None
    }

    fn put(&self, target: Target, conn: Conn) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        let conns = idle.entry(target).or_default();
        if conns.len() >= MAX_IDLE_PER_TARGET {
            conns.remove(0);
        }
        conns.push((conn, Instant::now()));
    }
}

/// Where a connection in use goes back to once its response has been read.
#[derive(Debug)]
pub(super) struct Checkout {
    pool: Arc<Pool>,
    target: Target,
}

impl Checkout {
    pub(super) fn new(pool: Arc<Pool>, target: Target) -> Self {
        Checkout { pool, target }
    }

    pub(super) fn give_back(self, conn: Conn) {
        // A server that sent more than the response cannot be trusted with another request.
        if conn.buffered().is_empty() {
            self.pool.put(self.target, conn);
        }
    }
}
