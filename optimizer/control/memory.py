"""The memory guard: how much memory a plan of so many eligible pairs needs, and how much there is.

The prepared pairs and the CP-SAT models are counted apart. Prepared data
(benchmarks/RESULTS.md): 0.43 GB resident after preparing and the greedy at
5.84 M pairs (large-city-open), a 3.77 GB peak for the whole solve at 28.2 M
(province-open, its large core not built), 2.67 GB at 12.0 M kept pairs
(province-open thinned): about 110 bytes a pair over the base. The guard counts
200 bytes a pair over 0.75 GiB, so that it errs on the side of thinning. A model
is built only when :data:`MODEL_BYTES_PER_PAIR` fits in what is left, and a
search is stopped when the process nears the limit.
"""

from __future__ import annotations

import os

GIB = 1024**3
BASE_BYTES = int(0.75 * GIB)
BYTES_PER_PAIR = 200
MODEL_BYTES_PER_PAIR = 2_000
"""What building a CP-SAT model and starting its search costs a pair, beside the prepared data: 1,495
bytes measured on the tier-3 core of large-city-open (1.12 M pairs, 2 workers, 30 s; benchmarks/RESULTS.md),
a third more. The search's memory then grows with its time (4,860 bytes a pair after 90 s of a 300 s
solve): a search that reaches the limit is stopped, keeping its best
(:func:`optimizer.cpsat.solver.run_solver`)."""
MACHINE_SHARE = 0.6
"""The default limit: this share of the machine's memory (the rest for the system and other work)."""


def machine_bytes() -> int:
    """The machine's physical memory, from /proc/meminfo or sysconf; 8 GiB when neither tells."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 * GIB


def default_limit_gib() -> float:
    return round(MACHINE_SHARE * machine_bytes() / GIB, 1)


def needed_bytes(pairs: int) -> int:
    """The memory a plan of ``pairs`` eligible pairs is expected to need at its peak."""
    return BASE_BYTES + BYTES_PER_PAIR * pairs


def max_pairs(limit_gib: float) -> int:
    """The most eligible pairs a plan may have within ``limit_gib`` GiB."""
    return max(0, int((limit_gib * GIB - BASE_BYTES) // BYTES_PER_PAIR))


def resident_bytes() -> int:
    """This process's resident memory now (Linux: /proc/self/statm); 0 when it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


def model_room(pairs: int, limit_gib: float | None) -> tuple[int, int]:
    """The bytes a CP-SAT model of ``pairs`` pairs is expected to need and the bytes left of ``limit_gib``
    beside what this process holds already (``limit_gib`` ``None``: the default limit)."""
    return MODEL_BYTES_PER_PAIR * pairs, max(0, limit_bytes(limit_gib) - resident_bytes())


def limit_bytes(limit_gib: float | None) -> int:
    """``limit_gib`` in bytes; ``None``: the default limit."""
    return int((default_limit_gib() if limit_gib is None else limit_gib) * GIB)
