"""Shared fixtures: the shipped scorer (loaded once) and the bundled example articles."""

from pathlib import Path

import pytest

import credscore

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))


@pytest.fixture(scope="session")
def scorer():
    return credscore.load()


@pytest.fixture(scope="session")
def example_paths():
    return EXAMPLES
