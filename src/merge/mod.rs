//! Three-way merges of a page: base (what we loaded), ours (the buffer), theirs (the disk).
