//! Collects problems so a stage reports all of them at once, each naming where it is.

use std::fmt;

/// One problem with the model, located by shape ID (with `$member` when it concerns a member) or by
/// file name when the file itself is unreadable.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub at: String,
    pub message: String,
}

/// All problems found by a stage, sorted and deduplicated when displayed so the report is stable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Errors {
    problems: Vec<Problem>,
}

impl Errors {
    /// Records a problem.
    pub fn push(&mut self, at: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            at: at.into(),
            message: message.into(),
        });
    }

    /// Whether no problem was recorded.
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// The recorded problems, sorted.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = self.problems.clone();
        problems.sort();
        problems.dedup();
        problems
    }

    /// Ends a stage: `Ok(value)` when nothing went wrong, else every problem.
    pub fn into_result<T>(self, value: T) -> Result<T, Errors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Keeps only the problems `keep` accepts.
    pub fn retain(&mut self, keep: impl FnMut(&Problem) -> bool) {
        self.problems.retain(keep);
    }

    /// Adds another stage's problems to these.
    pub fn extend(&mut self, other: Errors) {
        self.problems.extend(other.problems);
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problems = self.problems();
        let n = problems.len();
        writeln!(
            f,
            "{n} problem{} in the model:",
            if n == 1 { "" } else { "s" }
        )?;
        for p in problems {
            writeln!(f, "  {}: {}", p.at, p.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}
