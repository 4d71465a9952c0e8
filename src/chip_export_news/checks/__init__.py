"""Checks of a built dataset: the fast validator generated from the contract, frictionless as
reference, and counts."""
