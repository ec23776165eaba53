//! Site checks: findings with stable codes, positions and, where safe, a fix.
