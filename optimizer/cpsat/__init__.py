"""optimizer.cpsat."""
