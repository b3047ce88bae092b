//! Timeouts: the limits of [`TimeoutConfig`], and the [`TimeoutError`] of one that elapsed.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

/// Timeout settings.
///
/// Defaults: `connect_timeout` 3.1 s, no read timeout, no attempt timeout, no
/// operation timeout. These are the AWS SDKs' "standard" defaults: a short
/// connect timeout is safe because a failed connection is retried (a dropped
/// SYN is recovered faster by a new attempt than by waiting), while no response
/// timeout is imposed by default because the runtime cannot know how long an
/// operation legitimately takes. Set `read_timeout`, `operation_attempt_timeout`
/// and/or `operation_timeout` to bound calls against a server that may never
/// answer. (A response whose body stops arriving is already bounded by default,
/// by stalled-stream protection: see
/// [`ConfigBuilder::stalled_stream_protection`](super::ConfigBuilder::stalled_stream_protection).)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimeoutConfig {
    /// Limit for establishing a connection (the default clients only): the TCP connection to
    /// each address, and with [`Http1Client`](super::Http1Client) the TLS handshake as well.
    pub connect_timeout: Option<Duration>,
    /// Limit for the wait for a response once the request is sent (the default clients only):
    /// from when the whole request body has been
    /// handed to the connection until the response's status line and headers have arrived.
    /// Reading the body after that is not covered (stalled-stream protection watches it). A
    /// timed-out read is retried, as a timed-out attempt is.
    pub read_timeout: Option<Duration>,
    /// Limit for one attempt: credentials, signing, sending and reading the
    /// whole response. A timed-out attempt is retried.
    pub operation_attempt_timeout: Option<Duration>,
    /// Limit for the whole operation, all attempts and backoff included.
    pub operation_timeout: Option<Duration>,
}

impl TimeoutConfig {
    /// A builder starting from no timeouts at all, as aws-sdk-rust's.
    pub fn builder() -> TimeoutConfigBuilder {
        TimeoutConfigBuilder {
            config: TimeoutConfig::disabled(),
        }
    }

    /// No timeouts at all.
    pub fn disabled() -> Self {
        TimeoutConfig {
            connect_timeout: None,
            read_timeout: None,
            operation_attempt_timeout: None,
            operation_timeout: None,
        }
    }

    /// Sets (or with `None`, clears) the connect timeout.
    pub fn with_connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.connect_timeout = timeout.into();
        self
    }

    /// Sets (or with `None`, clears) the read timeout (time to the response's headers once
    /// the request is sent).
    pub fn with_read_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.read_timeout = timeout.into();
        self
    }

    /// Sets (or with `None`, clears) the per-attempt timeout.
    pub fn with_operation_attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.operation_attempt_timeout = timeout.into();
        self
    }

    /// Sets (or with `None`, clears) the whole-operation timeout.
    pub fn with_operation_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.operation_timeout = timeout.into();
        self
    }
}

/// Builds a [`TimeoutConfig`]: `TimeoutConfig::builder().operation_timeout(d).build()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutConfigBuilder {
    config: TimeoutConfig,
}

impl TimeoutConfigBuilder {
    /// Sets the connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = Some(timeout);
        self
    }

    /// Sets the read timeout: how long to wait for the response's headers once the request is
    /// sent.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.config.read_timeout = Some(timeout);
        self
    }

    /// Sets the per-attempt timeout.
    pub fn operation_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.config.operation_attempt_timeout = Some(timeout);
        self
    }

    /// Sets the whole-operation timeout.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.config.operation_timeout = Some(timeout);
        self
    }

    /// The timeouts set; the others are off.
    pub fn build(self) -> TimeoutConfig {
        self.config
    }
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        TimeoutConfig {
            connect_timeout: Some(Duration::from_millis(3100)),
            read_timeout: None,
            operation_attempt_timeout: None,
            operation_timeout: None,
        }
    }
}

/// aws-sdk-rust's timeout settings (`aws_config::timeout::TimeoutConfig`), for code written for
/// it: the connect, read, attempt and operation limits all carry over (one it leaves unset, or
/// disables, is off here too).
impl From<aws_smithy_types::timeout::TimeoutConfig> for TimeoutConfig {
    fn from(timeouts: aws_smithy_types::timeout::TimeoutConfig) -> Self {
        TimeoutConfig {
            connect_timeout: timeouts.connect_timeout(),
            read_timeout: timeouts.read_timeout(),
            operation_attempt_timeout: timeouts.operation_attempt_timeout(),
            operation_timeout: timeouts.operation_timeout(),
        }
    }
}

/// Which limit of [`TimeoutConfig`] elapsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// `operation_attempt_timeout` (after retries were exhausted).
    OperationAttempt,
    /// `read_timeout`: no response headers arrived in time once the request was sent (after
    /// retries were exhausted). Reported by the default clients.
    Read,
    /// `operation_timeout`.
    Operation,
}

/// A configured timeout elapsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutError {
    kind: TimeoutKind,
    duration: Duration,
}

impl TimeoutError {
    /// A timeout of `kind` after `duration`.
    pub fn new(kind: TimeoutKind, duration: Duration) -> Self {
        TimeoutError { kind, duration }
    }

    /// Which limit elapsed.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// The configured limit.
    pub fn duration(&self) -> Duration {
        self.duration
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TimeoutKind::OperationAttempt => {
                write!(f, "operation attempt timed out after {:?}", self.duration)
            }
            TimeoutKind::Operation => write!(f, "operation timed out after {:?}", self.duration),
            TimeoutKind::Read => write!(
                f,
                "read timed out after {:?}: no response after the request was sent",
                self.duration
            ),
        }
    }
}

impl StdError for TimeoutError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_sdk_timeouts_carry_over() {
        let theirs = aws_smithy_types::timeout::TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(2))
            .read_timeout(Duration::from_secs(4))
            .operation_attempt_timeout(Duration::from_secs(5))
            .operation_timeout(Duration::from_secs(20))
            .build();
        let expected = TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(2))
            .read_timeout(Duration::from_secs(4))
            .operation_attempt_timeout(Duration::from_secs(5))
            .operation_timeout(Duration::from_secs(20))
            .build();
        assert_eq!(TimeoutConfig::from(theirs), expected);
        let unset = aws_smithy_types::timeout::TimeoutConfig::builder().build();
        assert_eq!(TimeoutConfig::from(unset), TimeoutConfig::disabled());
        let disabled = aws_smithy_types::timeout::TimeoutConfig::builder()
            .read_timeout(Duration::from_secs(1))
            .disable_read_timeout()
            .build();
        assert_eq!(TimeoutConfig::from(disabled).read_timeout, None);
        assert_eq!(TimeoutConfig::default().read_timeout, None);
        assert_eq!(
            TimeoutConfig::disabled()
                .with_read_timeout(Duration::from_millis(300))
                .read_timeout,
            Some(Duration::from_millis(300))
        );
        let read = TimeoutError::new(TimeoutKind::Read, Duration::from_millis(300));
        assert_eq!(
            read.to_string(),
            "read timed out after 300ms: no response after the request was sent"
        );
    }
}
