"""optimizer.control."""
