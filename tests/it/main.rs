//! The core's one integration-test binary: each area of the core has a module here.

mod front_matter;
