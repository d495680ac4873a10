"""Scenario data: the shipped default scenario and the synthetic scenario generator."""
