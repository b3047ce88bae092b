//! Retries: [`RetryConfig`], which outcomes are retried, the backoff between attempts, and the
//! retry quota that keeps an outage from multiplying the load on a service.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::{InvokeError, RawResponse, TimeoutKind, parse_error_metadata};

/// Retry settings (AWS "standard" retry mode).
///
/// Throttling errors, transient errors, HTTP 500/502/503/504 (and 429),
/// transport failures and attempt timeouts are retried, with exponential
/// backoff and full jitter: before retry `n` (0-based) the client sleeps a
/// random duration in `[0, min(max_backoff, initial_backoff * 2^n))`.
/// Retries also draw from a per-client retry quota (500 tokens, 5 per retry,
/// 10 per retry after a timeout, refunded on success) so that an outage does
/// not multiply the load on the service. Like the AWS SDKs, transport
/// failures are retried whatever the operation; generated code fills
/// idempotency tokens before the first attempt, and every attempt sends the
/// same body.
///
/// Defaults follow the AWS SDKs: 3 attempts, 1 s initial backoff, 20 s cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Total number of attempts, including the first one (0 is treated as 1).
    pub max_attempts: u32,
    /// Backoff scale of the first retry.
    pub initial_backoff: Duration,
    /// Upper bound of any single backoff.
    pub max_backoff: Duration,
}

impl RetryConfig {
    /// Standard mode: 3 attempts, 1 s initial backoff, 20 s maximum backoff.
    pub fn standard() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }

    /// No retries: every operation makes exactly one attempt.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Sets the total number of attempts.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// Sets the backoff scale of the first retry.
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the upper bound of a single backoff.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// aws-sdk-rust's retry settings (`aws_config::retry::RetryConfig`), for code written for it:
/// attempts and backoff carry over. This client retries in standard mode whatever the mode says.
impl From<aws_smithy_types::retry::RetryConfig> for RetryConfig {
    fn from(retry: aws_smithy_types::retry::RetryConfig) -> Self {
        RetryConfig {
            max_attempts: retry.max_attempts(),
            initial_backoff: retry.initial_backoff(),
            max_backoff: retry.max_backoff(),
        }
    }
}

/// Why a failed attempt may be retried; it sets the cost of the retry to the quota.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RetryKind {
    Throttling,
    Transient,
    Timeout,
}

impl RetryKind {
    pub(super) fn cost(self) -> usize {
        match self {
            RetryKind::Timeout => RetryQuota::TIMEOUT_RETRY_COST,
            RetryKind::Throttling | RetryKind::Transient => RetryQuota::RETRY_COST,
        }
    }
}

/// Error codes AWS SDKs treat as throttling.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes AWS SDKs treat as transient.
const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "InternalFailure",
    "InternalServerError",
    "InternalServiceError",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "IDPCommunicationError",
];

/// Whether an attempt that got this response is retried, and as what.
pub(super) fn response_retry_kind(raw: &RawResponse) -> Option<RetryKind> {
    if raw.is_success() {
        return None;
    }
    let meta = parse_error_metadata(raw);
    match meta.code() {
        Some(code) if THROTTLING_CODES.contains(&code) => Some(RetryKind::Throttling),
        Some(code) if TRANSIENT_CODES.contains(&code) => Some(RetryKind::Transient),
        _ => match raw.status {
            429 => Some(RetryKind::Throttling),
            500 | 502 | 503 | 504 => Some(RetryKind::Transient),
            _ => None,
        },
    }
}

/// Whether an attempt that failed to get a response is retried, and as what.
pub(super) fn error_retry_kind(error: &InvokeError) -> Option<RetryKind> {
    match error {
        InvokeError::Dispatch(_) => Some(RetryKind::Transient),
        InvokeError::Timeout(t)
            if matches!(t.kind(), TimeoutKind::OperationAttempt | TimeoutKind::Read) =>
        {
            Some(RetryKind::Timeout)
        }
        _ => None,
    }
}

/// Backoff before retry `retry_index` (0 for the first retry), given a random
/// factor `jitter` in `[0, 1)`: `jitter * min(max_backoff, initial * 2^retry_index)`.
pub(super) fn backoff_delay(config: &RetryConfig, retry_index: u32, jitter: f64) -> Duration {
    let exp = config
        .initial_backoff
        .saturating_mul(2u32.saturating_pow(retry_index.min(31)));
    let cap = exp.min(config.max_backoff);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    Duration::try_from_secs_f64(cap.as_secs_f64() * jitter)
        .unwrap_or(cap)
        .min(cap)
}

/// AWS standard-mode retry quota (token bucket).
#[derive(Debug)]
pub(super) struct RetryQuota {
    available: AtomicUsize,
}

impl RetryQuota {
    const CAPACITY: usize = 500;
    const RETRY_COST: usize = 5;
    const TIMEOUT_RETRY_COST: usize = 10;
    pub(super) const SUCCESS_REFUND: usize = 1;

    pub(super) fn new() -> Self {
        RetryQuota {
            available: AtomicUsize::new(Self::CAPACITY),
        }
    }

    pub(super) fn try_acquire(&self, cost: usize) -> bool {
        self.available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(cost))
            .is_ok()
    }

    pub(super) fn release(&self, amount: usize) {
        let _ = self
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                Some(n.saturating_add(amount).min(Self::CAPACITY))
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_sdk_retry_settings_carry_over() {
        let theirs = aws_smithy_types::retry::RetryConfig::standard()
            .with_max_attempts(5)
            .with_initial_backoff(Duration::from_millis(50))
            .with_max_backoff(Duration::from_secs(2));
        let ours = RetryConfig::from(theirs);
        assert_eq!(
            ours,
            RetryConfig::standard()
                .with_max_attempts(5)
                .with_initial_backoff(Duration::from_millis(50))
                .with_max_backoff(Duration::from_secs(2))
        );
        let none = RetryConfig::from(aws_smithy_types::retry::RetryConfig::disabled());
        assert_eq!(none.max_attempts, 1);
    }

    #[test]
    fn backoff_bounds() {
        let cfg = RetryConfig::standard();
        for i in 0..40 {
            let cap = Duration::from_secs(1)
                .saturating_mul(2u32.saturating_pow(i.min(31)))
                .min(Duration::from_secs(20));
            assert_eq!(backoff_delay(&cfg, i, 0.0), Duration::ZERO);
            let high = backoff_delay(&cfg, i, 0.999_999);
            assert!(
                high <= cap && high >= cap.mul_f64(0.99),
                "{i}: {high:?} vs {cap:?}"
            );
            for _ in 0..50 {
                let d = backoff_delay(&cfg, i, fastrand::f64());
                assert!(d <= cap);
            }
        }
        assert!(backoff_delay(&cfg, 0, 0.5) <= Duration::from_millis(500));
        assert_eq!(backoff_delay(&cfg, 4, 0.5), Duration::from_secs(8));
        assert_eq!(backoff_delay(&cfg, 5, 0.5), Duration::from_secs(10));
        // extreme settings neither overflow nor panic
        let huge = RetryConfig::standard()
            .with_initial_backoff(Duration::MAX)
            .with_max_backoff(Duration::MAX);
        let _ = backoff_delay(&huge, u32::MAX, 0.999_999);
        let _ = backoff_delay(&huge, 3, f64::NAN);
        assert_eq!(backoff_delay(&cfg, 3, 7.0), Duration::from_secs(8));
    }

    #[test]
    fn retry_quota_drains_and_refills() {
        let quota = RetryQuota::new();
        let mut granted = 0;
        while quota.try_acquire(RetryQuota::RETRY_COST) {
            granted += 1;
        }
        assert_eq!(granted, RetryQuota::CAPACITY / RetryQuota::RETRY_COST);
        assert!(!quota.try_acquire(RetryQuota::TIMEOUT_RETRY_COST));
        quota.release(RetryQuota::TIMEOUT_RETRY_COST);
        assert!(quota.try_acquire(RetryQuota::TIMEOUT_RETRY_COST));
        quota.release(usize::MAX);
        assert_eq!(quota.available.load(Ordering::SeqCst), RetryQuota::CAPACITY);
    }
}
