"""The version has one source and the command line reports it."""

import re

import stretchapp


def test_version_is_semantic() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+(\.dev\d+)?", stretchapp.__version__)
