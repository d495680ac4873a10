"""The performance harness: our pipeline against the greedy in three orders and HiGHS, side by side
(``python -m benchmarks.run``)."""
