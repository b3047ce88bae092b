//! Property and fuzz suites over the generated SageMaker crate, bounded in time so that CI runs
//! them on every change: `tests/responses.rs` feeds hostile and mutated responses to every
//! operation, `tests/inputs.rs` random and mutated inputs to `validate()`. The crate itself is
//! empty; the suites are its tests.
