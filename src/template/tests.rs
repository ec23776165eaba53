//! End-to-end tests of the interpreter: templates in, HTML out.
use super::*;
