"""Scenario -> Plan: the CP-SAT model, the greedy baseline, explanations, the checker, exports.

Public API: :func:`solve` (CP-SAT, two lexicographic stages), :func:`solve_greedy`,
:class:`SolveOptions`, :class:`Result`; the checker in :mod:`optimizer.check.checker`.
"""
