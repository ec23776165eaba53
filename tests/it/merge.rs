//! Three-way merges through the public API (the unit tests live beside the code).
