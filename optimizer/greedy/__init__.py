"""optimizer.greedy.baseline."""
