"""Run a sweep's solves on a Dask distributed cluster: the work goes as data, the results come back as values.

Dask distributed rather than Ray: it is pure Python installed from PyPI with
the rest of the product (``pip install cadre-plan[cluster]``), a cluster is two
commands on the office's machines (``dask scheduler``, ``dask worker
tcp://host:8786``), its futures are the ``concurrent.futures`` interface the
local sweep already uses, and a test starts a whole cluster in-process in a
second. Ray brings a large native runtime of its own for what is here a
handful of independent solves.

The cluster must run the same cadre-plan (and OR-Tools) as the caller, or a
reproducible solve (one CP-SAT worker) would not give the same plan: that is
checked before anything is sent. A worker that dies is replaced by the
scheduler and its solve run again elsewhere; a cluster left without any
worker, or a solve that gives no result in time, stops the sweep with a
:class:`ClusterError` naming the scenario, never a hang.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import CancelledError
from contextlib import contextmanager
from importlib import metadata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distributed import Client, Future

CONNECT_SECONDS = 20.0
"""Seconds to reach the scheduler, and then to see at least one worker."""
POLL_SECONDS = 1.0
"""How often a wait for a result looks at the cluster's workers."""
NO_WORKER_SECONDS = 30.0
"""How long the cluster may be without any worker while a result is awaited, before the sweep gives up
(the scheduler starts a solve again on a worker that joins)."""
SAME_VERSIONS = ("cadre-plan", "ortools")
"""Packages whose versions the workers must share with the caller: they decide the plan."""


class ClusterError(RuntimeError):
    """The cluster cannot be reached, does not run the same software, or gave no result for a scenario."""


def result_timeout(time_limit: float) -> float:
    """Default seconds to wait for one solve's result once it is its turn: three time limits and two
    minutes (a reproducible solve counts CP-SAT's deterministic time, which a busy worker stretches)."""
    return 3 * time_limit + 120


def run_on_cluster(
    cluster: str | Client,
    work: Callable[..., Any],
    jobs: Mapping[str, tuple[Any, ...]],
    timeout: float,
) -> Iterator[tuple[str, Any]]:
    """``work(*args)`` for every job on the cluster's workers; yields ``(name, result)`` in the jobs' order.

    Parameters
    ----------
    cluster
        The scheduler's address (``tcp://host:8786``) or a connected ``distributed.Client``.
    work
        A function importable on the workers (named by its module, not pickled by value).
    jobs
        Name -> the arguments of ``work``, sent to the cluster as data (pickled).
    timeout
        Seconds each result may take from the moment it is awaited (the results before it are in).

    Raises
    ------
    ClusterError
        When the scheduler cannot be reached, has no worker, runs other versions of
        :data:`SAME_VERSIONS`, loses every worker for :data:`NO_WORKER_SECONDS`, drops a job,
        or a job's worker died on it more than the scheduler allows, or gives no result in ``timeout``.
    """
    with _connected(cluster) as client:
        address = client.scheduler.address
        _check_versions(client, address)
        tag = uuid.uuid4().hex[:8]
        # The arguments travel inside the task, not scattered ahead: the scheduler keeps them, so a job
        # whose worker dies runs again on another (scattered data would be lost with its worker).
        futures = {name: client.submit(work, *args, key=f"{name}-{tag}") for name, args in jobs.items()}
        try:
            for name, future in futures.items():
                yield name, _wait(client, future, name, address, timeout)
        finally:
            client.cancel(list(futures.values()))


@contextmanager
def _connected(cluster: str | Client) -> Iterator[Client]:
    """The given client, or one connected to the address for the time of the block (and closed after)."""
    try:
        from distributed import Client
    except ImportError as missing:
        raise ClusterError("a cluster needs Dask distributed: pip install 'cadre-plan[cluster]'") from missing
    if isinstance(cluster, Client):
        yield cluster
        return
    try:
        client = Client(cluster, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {cluster} within {CONNECT_SECONDS:g} s: {error}"
        ) from error
    try:
        yield client
    finally:
        client.close()


def package_versions() -> dict[str, str]:
    """The installed versions of :data:`SAME_VERSIONS` (run on each worker too)."""
    return {name: metadata.version(name) for name in SAME_VERSIONS}


def _check_versions(client: Client, address: str) -> None:
    """At least one worker, and every worker with the caller's versions of the packages that make the plan."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except TimeoutError as error:
        raise ClusterError(f"the Dask cluster at {address} has no worker") from error
    # A worker that goes away while asked is skipped (the scheduler replaces it or the wait notices).
    answers = client.run(package_versions, on_error="return")
    found = {worker: answer for worker, answer in answers.items() if not isinstance(answer, OSError)}
    broken = {worker: answer for worker, answer in found.items() if isinstance(answer, BaseException)}
    if broken:  # a worker that cannot import us returns whatever unpickling raised
        worker, raised = next(iter(broken.items()))
        raise ClusterError(
            f"{len(broken)} worker(s) of {address} cannot run cadre-plan (e.g. {worker}: "
            f"{type(raised).__name__}: {raised}): install the same cadre-plan there, "
            "pip install 'cadre-plan[cluster]'"
        )
    ours = package_versions()
    other = {worker: versions for worker, versions in found.items() if versions != ours}
    if other:
        worker, versions = next(iter(other.items()))
        raise ClusterError(
            f"{len(other)} worker(s) of {address} run other versions than this machine "
            f"(e.g. {worker}: {versions}, here {ours}): the plans would differ; install the same there"
        )


def _wait(client: Client, future: Future, name: str, address: str, timeout: float) -> Any:
    """The job's result, or a :class:`ClusterError` as soon as waiting longer is pointless."""
    from distributed import KilledWorker

    deadline = time.monotonic() + timeout
    workerless_since: float | None = None
    while True:
        try:
            return future.result(timeout=POLL_SECONDS)
        except TimeoutError:
            pass
        except KilledWorker as error:
            raise ClusterError(
                f"{name}: the workers solving it died, one after the other ({error}); "
                "look at the workers' logs (memory?)"
            ) from error
        except CancelledError as error:
            raise ClusterError(
                f"{name}: the Dask cluster at {address} dropped it (was the scheduler stopped?)"
            ) from error
        now = time.monotonic()
        if now > deadline:
            raise ClusterError(f"{name}: no result from the Dask cluster at {address} within {timeout:g} s")
        if _num_workers(client, address):
            workerless_since = None
            continue
        workerless_since = workerless_since or now
        if now - workerless_since > NO_WORKER_SECONDS:
            raise ClusterError(
                f"{name}: the Dask cluster at {address} has had no worker for {NO_WORKER_SECONDS:g} s"
            )


def _num_workers(client: Client, address: str) -> int:
    try:
        return len(client.nthreads())
    except (OSError, TimeoutError) as error:
        raise ClusterError(f"lost the Dask scheduler at {address}: {error}") from error
