"""The clique sweep equals networkx's maximal cliques on interval graphs."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.prepare.cliques import maximal_cliques


def networkx_cliques(intervals: list[tuple[int, int, int]]) -> set[frozenset[int]]:
    graph = nx.Graph()
    graph.add_nodes_from(k for k, _, _ in intervals)
    for k, a, b in intervals:
        for m, c, d in intervals:
            if k < m and a <= d and c <= b:
                graph.add_edge(k, m)
    return {frozenset(c) for c in nx.find_cliques(graph)}


def test_touching_days_overlap() -> None:
    # both ends are included: a session ending on day 5 overlaps one starting on day 5
    assert set(maximal_cliques([(1, 0, 5), (2, 5, 9), (3, 10, 12)])) == {frozenset({1, 2}), frozenset({3})}


def test_nested_intervals() -> None:
    cliques = set(maximal_cliques([(1, 0, 30), (2, 2, 4), (3, 6, 8), (4, 7, 20)]))
    assert cliques == {frozenset({1, 2}), frozenset({1, 3, 4})}


intervals = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 15)), min_size=1, max_size=25).map(
    lambda xs: [(k, a, a + n) for k, (a, n) in enumerate(xs)]
)


@settings(max_examples=200, deadline=None)
@given(intervals)
def test_sweep_matches_networkx(spans: list[tuple[int, int, int]]) -> None:
    assert set(maximal_cliques(spans)) == networkx_cliques(spans)
