"""The performance harness: greedy, HiGHS and CP-SAT side by side (``python -m benchmarks.run``)."""
